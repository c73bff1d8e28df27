/**
 * Issue #13 for `run`: it re-reads the file under the lock and writes back only what it changed
 * (item 2), never re-posts a token request to another host on a redirect (8), and shows no secret
 * in any output, in any encoding: lines, failures, junit, JSON and HTML reports (6, 7).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { run } from '../../../src/run/run';
import { readVars, TOKEN_PATH, useTempDir, waitFor, writeEnv, startTestMock } from '../../helpers/env';
import type { MockServer } from '../../../src/mock';
import { first } from '../../helpers/checked';

const tmp = useTempDir();
const SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

/** A collection of `items`, written to a temp file. */
function collection(items: object[]): string {
  const file = path.join(tmp(), 'c.postman_collection.json');
  fs.writeFileSync(file, JSON.stringify({ info: { name: 'safety', schema: SCHEMA }, item: items }));
  return file;
}

const script = (listen: 'test' | 'prerequest', ...exec: string[]) => ({
  listen,
  script: { type: 'text/javascript', exec },
});

let mock: MockServer;
afterEach(async () => mock?.close());

describe('item 2: run writes back only what it changed, into the file as it is now', () => {
  it('a newer token saved while the run was under way (file replaced by mv) is kept', async () => {
    mock = await startTestMock({ latencyMs: 1500 });
    const issued = mock.issueTokens();
    const file = writeEnv(tmp(), { origin: mock.url, tokens: issued });
    const c = collection([
      {
        name: 'slow',
        request: { method: 'GET', url: '{{efacturaBaseUrl}}/nothing-here' },
        event: [script('test', "pm.environment.set('uploadIndex', 'from-run');")],
      },
    ]);
    const pending = run({ environment: file, collection: c, reporters: [] });
    await waitFor(() => mock.requests().length === 1, 10_000, 'the run request');
    // Another tool replaces the file (write to a temp file, mv over): a newer refresh token.
    const replaced = fs.readFileSync(file, 'utf8').replace(issued.refresh_token, 'newer-refresh-token');
    fs.writeFileSync(`${file}.tmp`, replaced);
    fs.renameSync(`${file}.tmp`, file);
    const summary = await pending;
    expect(summary.changed).toEqual(['uploadIndex']);
    const vars = readVars(file);
    expect(vars.uploadIndex).toBe('from-run');
    expect(vars.refreshToken).toBe('newer-refresh-token');
  });
});

describe('item 8: a token request is never re-posted to another host', () => {
  let other: http.Server;
  let received: string[];
  let otherUrl = '';
  beforeEach(async () => {
    received = [];
    other = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString('utf8')));
      req.on('end', () => {
        received.push(`${req.method} ${req.url} ${body}`);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"access_token":"stolen"}');
      });
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/steal`;
  });
  afterEach(async () => {
    other.closeAllConnections();
    await new Promise((r) => other.close(r));
  });

  it('a 307/308 from the token endpoint sends nothing to the other host (request and pm.sendRequest)', async () => {
    mock = await startTestMock();
    const issued = mock.issueTokens();
    const file = writeEnv(tmp(), { origin: mock.url, tokens: issued });
    const redirect = (status: number) => ({ status, body: '', headers: { Location: otherUrl } });
    mock.script(TOKEN_PATH, redirect(307), redirect(308));
    const form = [
      { key: 'grant_type', value: 'refresh_token' },
      { key: 'refresh_token', value: '{{refreshToken}}' },
    ];
    const c = collection([
      {
        name: 'token request',
        request: {
          method: 'POST',
          url: '{{oauthBaseUrl}}/token',
          body: { mode: 'urlencoded', urlencoded: form },
        },
      },
      {
        name: 'script refresh',
        request: { method: 'GET', url: '{{efacturaBaseUrl}}/nothing' },
        event: [
          script(
            'prerequest',
            "pm.sendRequest({ url: pm.environment.get('oauthBaseUrl') + '/token', method: 'POST',",
            "  body: { mode: 'urlencoded', urlencoded: [{ key: 'refresh_token', value: pm.environment.get('refreshToken') }] } },",
            '  () => {});',
          ),
        ],
      },
    ]);
    await run({ environment: file, collection: c, reporters: [] });
    expect(mock.requests(TOKEN_PATH)).toHaveLength(2);
    expect(received).toEqual([]);
    expect(readVars(file).refreshToken).toBe(issued.refresh_token);
  });
});

describe('items 6 and 7: no secret in any output, in any encoding', () => {
  // Characters every encoding changes: quotes, backslash, +, /, =, &, non-ASCII.
  const SECRET = `s"e\\c+r/e=t&'!ț€ ${Date.now()}`;
  const CLIENT = 'client-ț+/=';

  it('lines, failures, junit, report.json and report.html hold no form of the secrets', async () => {
    mock = await startTestMock({
      clients: [{ clientId: CLIENT, clientSecret: SECRET, redirectUris: ['https://example.test/cb'] }],
    });
    const issued = mock.issueTokens({ clientId: CLIENT });
    const file = writeEnv(tmp(), {
      origin: mock.url,
      tokens: issued,
      vars: { clientId: CLIENT, clientSecret: SECRET },
    });
    const basic = Buffer.from(`${CLIENT}:${SECRET}`).toString('base64');
    const c = collection([
      {
        name: 'echo everything',
        request: {
          method: 'GET',
          url: '{{efacturaBaseUrl}}/echo?s={{clientSecret}}&r={{refreshToken}}',
          header: [{ key: 'Authorization', value: `Basic ${basic}` }],
        },
        event: [
          script(
            'test',
            "const s = pm.environment.get('clientSecret');",
            "const r = pm.environment.get('refreshToken');",
            "const basic = btoa(unescape(encodeURIComponent(pm.environment.get('clientId') + ':' + s)));",
            'console.log(s, encodeURIComponent(s), JSON.stringify({ s, r }), basic);',
            "pm.test('name ' + s + ' ' + r + ' ' + basic, () => pm.expect(JSON.stringify({ s })).to.equal('x'));",
          ),
        ],
      },
    ]);
    const lines: string[] = [];
    const reportDir = path.join(tmp(), 'reports');
    const summary = await run({
      environment: file,
      collection: c,
      reporters: ['cli', 'junit', 'json', 'html'],
      reportDir,
      onLine: (l) => lines.push(l),
    });
    expect(summary.failures.length).toBeGreaterThan(0);
    const failure = first(summary.failures);
    const outputs: Record<string, string> = {
      lines: lines.join('\n'),
      failures: JSON.stringify(summary.failures),
      firstFailure: `${failure.item}: ${failure.test}: ${failure.message}`,
    };
    for (const f of fs.readdirSync(reportDir)) outputs[f] = fs.readFileSync(path.join(reportDir, f), 'utf8');
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['junit.xml', 'report.json', 'report.html']));
    const html = (s: string) =>
      s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;').replace(/=/g, '&#x3D;');
    const forms = [
      SECRET,
      encodeURIComponent(SECRET),
      new URLSearchParams({ s: SECRET }).toString().slice(2),
      JSON.stringify(SECRET).slice(1, -1),
      html(SECRET),
      basic,
      html(basic),
      issued.refresh_token,
      issued.access_token,
    ];
    const leaks = Object.entries(outputs).flatMap(([where, text]) =>
      forms.filter((f) => text.includes(f)).map((f) => `${where}: ${f.slice(0, 12)}…`),
    );
    expect(leaks).toEqual([]);
    expect(outputs.firstFailure).toContain('[REDACTED]');
  });
});
