'use strict';
// The floor of a batch refresh: the same token POSTs with plain node:http at the same concurrency,
// plus the same atomic file writes, and nothing else. Usage: node floor-refresh.js CONCURRENCY FILE...
const http = require('node:http');
const fs = require('node:fs');
const writeFileAtomic = require('write-file-atomic');

const [concurrencyArg, ...files] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
const agent = new http.Agent({ keepAlive: true });

function post(url, form, auth) {
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      agent,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(body),
        authorization: auth,
      },
    });
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function one(file) {
  const env = JSON.parse(fs.readFileSync(file, 'utf8'));
  const get = (k) => env.values.find((v) => v.key === k).value;
  const auth = `Basic ${Buffer.from(`${get('clientId')}:${get('clientSecret')}`).toString('base64')}`;
  const res = await post(
    `${get('oauthBaseUrl')}/token`,
    { grant_type: 'refresh_token', refresh_token: get('refreshToken'), token_content_type: 'jwt' },
    auth,
  );
  if (res.status !== 200) throw new Error(`${file}: HTTP ${res.status}`);
  const tokens = JSON.parse(res.body);
  for (const v of env.values) {
    if (v.key === 'accessToken') v.value = tokens.access_token;
    if (v.key === 'refreshToken') v.value = tokens.refresh_token;
  }
  await writeFileAtomic(file, `${JSON.stringify(env, null, 2)}\n`, { fsync: true });
}

(async () => {
  let next = 0;
  const worker = async () => {
    while (next < files.length) await one(files[next++]);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
})().catch((err) => {
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
});
