/**
 * `run` never loses a rotated refresh token that ANAF handed out during the run (issue #29): not
 * when the collection's script cannot store the answer, not when a script never stores it, and not
 * when something inside Newman throws after the rotation.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Paths } from '../../../src/anaf';
import { run } from '../../../src/run/run';
import { readVars, refreshDirect, useMock, useTempDir, writeEnv } from '../../helpers/env';

const mock = useMock();
const tmp = useTempDir();
const ROOT = path.resolve(__dirname, '..', '..', '..');
const FAST = { reporters: [] as never[], retries: 0, timeoutRequestMs: 10_000 };

/** A JWT-shaped token whose `exp` no Date can hold (year ~3e12). */
function farFutureJwt(): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ sub: 'far', exp: 1e20 })}.sig`;
}

it('an access token whose exp is beyond the Date range: the rotated refresh token is saved, nothing throws', async () => {
  const tokens = mock().issueTokens();
  const file = writeEnv(tmp(), { origin: mock().url, tokens });
  const rotated = {
    access_token: farFutureJwt(),
    refresh_token: 'rotated-refresh-token',
    expires_in: 7776000,
  };
  mock().script(Paths.token, { status: 200, body: rotated });
  const summary = await run({ ...FAST, environment: file, folders: ['Refresh access token'] });
  expect(mock().requests(Paths.token)).toHaveLength(1);
  expect(summary.failures.filter((f) => f.test === 'script')).toEqual([]);
  const saved = readVars(file);
  expect(saved.refreshToken).toBe('rotated-refresh-token');
  expect(saved.accessToken).toBe(rotated.access_token);
  expect(saved.accessTokenExpiresAt).toBe('');
});

it('a collection whose script never stores the token answer: run saves the answer it saw', async () => {
  const tokens = mock().issueTokens();
  const file = writeEnv(tmp(), { origin: mock().url, tokens });
  const collection = path.join(tmp(), 'bare.postman_collection.json');
  fs.writeFileSync(
    collection,
    JSON.stringify({
      info: { name: 'bare', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: [
        {
          name: 'refresh without a script',
          request: {
            method: 'POST',
            url: '{{oauthBaseUrl}}/token',
            auth: {
              type: 'basic',
              basic: [
                { key: 'username', value: '{{clientId}}' },
                { key: 'password', value: '{{clientSecret}}' },
              ],
            },
            body: {
              mode: 'urlencoded',
              urlencoded: [
                { key: 'grant_type', value: 'refresh_token' },
                { key: 'refresh_token', value: '{{refreshToken}}' },
              ],
            },
          },
        },
      ],
    }),
  );
  await run({ ...FAST, environment: file, collection });
  const saved = readVars(file).refreshToken ?? '';
  expect(saved).not.toBe(tokens.refresh_token);
  // The one ANAF now honours: the old one was rotated away.
  expect((await refreshDirect(mock().url, saved)).status).toBe(200);
});

/** Runs `script` (CommonJS, given the env file and the mock's origin) in a child process. */
function child(script: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['-e', script, ...args], { cwd: ROOT });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => proc.kill('SIGKILL'), 60_000);
    proc.on('error', reject);
    proc.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

it('an exception thrown inside Newman after a rotation: one error, the rotated pair saved', async () => {
  const tokens = mock().issueTokens({ accessTtlSeconds: -60 });
  const file = writeEnv(tmp(), { origin: mock().url, tokens });
  mock().setOptions({ latencyMs: 300 });
  // In the child: the run starts; once the mock has answered the refresh, something in Newman's
  // process throws from a callback (as newman 6.2.2's run summary does after some request errors).
  const script = `
    const { run } = require('./dist/src/run/run');
    const [file, origin] = process.argv.slice(1);
    const poll = setInterval(async () => {
      const seen = await fetch(origin + '/__mock/requests').then((r) => r.json()).catch(() => []);
      if (seen.some((r) => r.path === '${Paths.token}')) {
        clearInterval(poll);
        setTimeout(() => { throw new Error('Unknown object type "asyncfunction"'); }, 400);
      }
    }, 50);
    run({ environment: file, reporters: [], retries: 0, folders: ['Refresh access token', 'e-Factura'] })
      .then((s) => { console.log('resolved', s.exitCode); clearInterval(poll); })
      .catch((e) => { console.log('rejected', e.code, e.message.split('\\n').length); clearInterval(poll); process.exitCode = 9; });
  `;
  const result = await child(script, [file, mock().url]);
  mock().setOptions({ latencyMs: 0 });
  expect(result.out).toMatch(/rejected INTERNAL 1/);
  expect(result.out).not.toMatch(/at .*\(.*\.js:\d+:\d+\)/); // no stack trace
  const saved = readVars(file).refreshToken ?? '';
  expect(saved).not.toBe(tokens.refresh_token);
  expect((await refreshDirect(mock().url, saved)).status).toBe(200);
});

it('kill -9 later in the suite: the pair rotated earlier in the run is already in the file', async () => {
  const tokens = mock().issueTokens();
  const file = writeEnv(tmp(), { origin: mock().url, tokens });
  mock().setOptions({ latencyMs: 400 });
  const proc = spawn(
    process.execPath,
    [
      path.join(ROOT, 'bin', 'anaf-postman.js'),
      'run',
      '-e',
      file,
      '--folder',
      'Refresh access token',
      '--folder',
      'e-Factura',
    ],
    { cwd: tmp(), stdio: 'ignore' },
  );
  const closed = new Promise((resolve) => proc.on('close', resolve));
  // Kill once the refresh was answered and the run has moved on to the next requests.
  for (
    let i = 0;
    i < 200 &&
    mock()
      .requests()
      .filter((r) => r.path !== Paths.token).length < 2;
    i++
  ) {
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(mock().requests(Paths.token)).toHaveLength(1);
  proc.kill('SIGKILL');
  await closed;
  mock().setOptions({ latencyMs: 0 });
  const saved = readVars(file).refreshToken ?? '';
  expect(saved).not.toBe(tokens.refresh_token);
  expect((await refreshDirect(mock().url, saved)).status).toBe(200);
});

it('invalid_grant with a newer pair left in a recovery file: the error names that file', async () => {
  const tokens = mock().issueTokens({ accessTtlSeconds: -60 });
  const file = writeEnv(tmp(), { origin: mock().url, tokens });
  // An earlier process rotated the pair and could only leave it in a recovery file.
  const newer = await refreshDirect(mock().url, tokens.refresh_token);
  const recovery = file.replace(/\.json$/, '.recovered-2026-12-07T09-00-00-000Z.json');
  fs.writeFileSync(
    recovery,
    JSON.stringify({ values: [{ key: 'refreshToken', value: newer.body.refresh_token }] }),
  );
  const err = await run({ ...FAST, environment: file }).catch((e: unknown) => e);
  expect(err).toMatchObject({ code: 'AUTH_REQUIRED' });
  expect((err as Error).message).toContain(`but ${recovery} (written `);
  expect((err as Error).message).not.toContain(String(newer.body.refresh_token));
});

it('the refresh before the run is reported among the variables saved', async () => {
  const tokens = mock().issueTokens({ accessTtlSeconds: -60 });
  const file = writeEnv(tmp(), { origin: mock().url, tokens });
  const summary = await run({ ...FAST, environment: file, folders: ['TestOauth hello'] });
  expect(summary.changed).toEqual(expect.arrayContaining(['accessToken', 'refreshToken']));
  expect(readVars(file).refreshToken).not.toBe(tokens.refresh_token);
});
