/**
 * `anaf-postman run`: the compiled CLI, spawned, running the committed collection against the ANAF
 * mock (behind a recording proxy that sees every token handed out), reports on disk, variables
 * written back. The CLI keeps its default retry policy (3 retries, 500 ms backoff).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Fault, MockServer } from '../../src/mock';
import { at, entry, first } from '../helpers/checked';
import { runCli, runOutputs } from '../helpers/cli';
import { CAN_TEST_READ_ONLY, runCliUnprivileged, useNobodyCopy } from '../helpers/nobody';
import {
  BASIC_CREDENTIALS,
  DEMO,
  expectOneErrorLine,
  findSecrets,
  readEnv,
  readVars,
  refreshDirect,
  snapshotDir,
  startRecordingProxy,
  TOKEN_KEYS,
  TOKEN_PATH,
  withMock,
  withTempDir,
  writeEnv,
  type RecordingProxy,
} from '../helpers/env';

const COLLECTION = path.join(__dirname, '..', '..', 'collections', 'anaf.postman_collection.json');

useNobodyCopy();

/** A mock, a recording proxy in front of it and a temp folder, all gone afterwards. */
function setup(body: (mock: MockServer, proxy: RecordingProxy, dir: string) => Promise<void>): Promise<void> {
  return withMock({}, async (mock) => {
    const proxy = await startRecordingProxy(mock);
    try {
      await withTempDir((dir) => body(mock, proxy, dir));
    } finally {
      await proxy.close();
    }
  });
}

function apiRequests(m: MockServer): string[] {
  return m
    .requests()
    .filter((r) => r.path !== TOKEN_PATH)
    .map((r) => `${r.method} ${r.path}`);
}

describe('anaf-postman run: success', () => {
  it('all reporters: exit 0, reports written, tokens saved, no secret in any report or in the output', () =>
    setup(async (mock, proxy, dir) => {
      const tokens = mock.issueTokens();
      const { code } = await mock.authorize();
      const file = writeEnv(dir, { origin: proxy.url, tokens, vars: { authorizationCode: code ?? '' } });
      const before = readEnv(file);
      const reportDir = path.join(dir, 'out', 'reports');
      const r = await runCli([
        'run',
        '-e',
        file,
        '--reporters',
        'cli,junit,json,html',
        '--report-dir',
        reportDir,
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      // The exchange is sent; the explicit refresh skips itself (the fresh token is not due).
      expect(r.stdout).toMatch(/→ OAuth 2.0 \/ Exchange authorization code\s+POST 200/);
      expect(r.stdout).toMatch(/Refresh access token: not sent: the access token is valid until/);
      expect(r.stdout).toMatch(
        /\d+ assertions: \d+ passed \+ 0 failed; 0 failure\(s\) listed\nsaved: .*accessToken/,
      );
      for (const name of ['junit.xml', 'report.json', 'report.html']) {
        expect(r.stdout).toContain(`report: ${path.join(reportDir, name)}`);
      }
      expect(fs.readdirSync(reportDir).sort()).toEqual(['junit.xml', 'report.html', 'report.json']);

      // Variables written back, types and order kept; the saved pair is the last one handed out.
      const after = readEnv(file);
      expect(after.values.map((v) => [v.key, v.type])).toEqual(before.values.map((v) => [v.key, v.type]));
      const vars = readVars(file);
      const last = at(proxy.tokenAnswers, -1);
      expect(vars.refreshToken).toBe(last.refresh_token);
      expect(vars.accessToken).toBe(last.access_token);
      expect(vars.refreshToken).not.toBe(tokens.refresh_token);
      expect(vars.authorizationCode).toBe('');
      expect(TOKEN_KEYS.every((k) => vars[k] !== '')).toBe(true);

      const texts = runOutputs(r, reportDir);
      expect(texts['junit.xml']).toMatch(/<testsuites[\s\S]*<testcase/);
      expect(JSON.parse(entry(texts, 'report.json')).executions.length).toBeGreaterThanOrEqual(10);
      const secrets = new Set([
        ...proxy.secrets,
        tokens.access_token,
        tokens.refresh_token,
        code ?? '',
        DEMO.clientSecret,
        BASIC_CREDENTIALS,
      ]);
      // The initial pair, the code, the secret, Basic, and the pair the exchange handed out.
      expect(proxy.tokenAnswers.length).toBe(1); // the exchange; the refresh skipped itself
      expect(secrets.size).toBeGreaterThanOrEqual(7);
      expect(findSecrets(texts, secrets)).toEqual([]);
      expect((await refreshDirect(mock.url, entry(vars, 'refreshToken'))).status).toBe(200);
    }));

  it('a collection that spills every secret into URLs, headers, logs, test names and failures: all redacted', () =>
    setup(async (mock, proxy, dir) => {
      const tokens = mock.issueTokens();
      const file = writeEnv(dir, { origin: proxy.url, tokens });
      const leaky = {
        info: {
          name: 'leaky',
          schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
        },
        item: [
          {
            name: 'leaky hello',
            request: {
              method: 'GET',
              // TestOauth echoes the name and the request headers back in its body.
              url: '{{apiBaseUrl}}/TestOauth/jaxrs/hello?name={{refreshToken}}',
              header: [
                { key: 'Authorization', value: 'Bearer {{accessToken}}' },
                { key: 'X-Client-Secret', value: '{{clientSecret}}' },
              ],
            },
            event: [
              {
                listen: 'test',
                script: {
                  exec: [
                    "console.log('refresh token', pm.environment.get('refreshToken'));",
                    "console.log('basic', btoa(pm.environment.get('clientId') + ':' + pm.environment.get('clientSecret')));",
                    "pm.test('access ' + pm.environment.get('accessToken'), function () { pm.expect(1).to.equal(1); });",
                    "pm.test('echo has no secret', function () { pm.expect(pm.response.text()).to.equal('x'); });",
                  ],
                },
              },
            ],
          },
        ],
      };
      const collection = path.join(dir, 'leaky.postman_collection.json');
      fs.writeFileSync(collection, JSON.stringify(leaky));
      const reportDir = path.join(dir, 'reports');
      const r = await runCli([
        'run',
        '-e',
        file,
        '-c',
        collection,
        '--reporters',
        'cli,junit,json,html',
        '--report-dir',
        reportDir,
      ]);
      expect(r.code).toBe(1);
      expectOneErrorLine(r.stderr);
      const texts = runOutputs(r, reportDir);
      expect(Object.keys(texts).sort()).toEqual([
        'junit.xml',
        'report.html',
        'report.json',
        'stderr',
        'stdout',
      ]);
      // The secrets really went by (the echo holds them), and each place shows the marker instead.
      expect(first(mock.requests('/TestOauth/jaxrs/hello')).query.name).toBe(tokens.refresh_token);
      for (const name of ['stdout', 'junit.xml', 'report.json', 'report.html']) {
        expect(`${name}: ${texts[name]}`).toContain('[REDACTED]');
      }
      const secrets = [tokens.access_token, tokens.refresh_token, DEMO.clientSecret, BASIC_CREDENTIALS];
      expect(findSecrets(texts, secrets)).toEqual([]);
    }));

  it('--folder e-Factura: exit 0, only e-Factura requests', () =>
    setup(async (mock, proxy, dir) => {
      const file = writeEnv(dir, { origin: proxy.url, tokens: mock.issueTokens() });
      const r = await runCli(['run', '-e', file, '--folder', 'e-Factura']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const paths = apiRequests(mock);
      expect(paths.length).toBeGreaterThanOrEqual(6);
      for (const p of paths) expect(p).toMatch(/ \/prod\/FCTEL\/rest\//);
      expect(readVars(file).uploadIndex).not.toBe('');
    }));

  it('--folder "e-Transport / upload" (the form the output prints) runs that request only (#27)', () =>
    setup(async (mock, proxy, dir) => {
      const file = writeEnv(dir, { origin: proxy.url, tokens: mock.issueTokens() });
      const r = await runCli(['run', '-e', file, '--folder', 'e-Transport / upload']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/→ e-Transport \/ upload {2}POST 200/);
      expect(apiRequests(mock)).toEqual([
        expect.stringMatching(/^POST \/prod\/ETRANSPORT\/ws\/v1\/upload\//),
      ]);
    }));
});

describe('anaf-postman run: failures', () => {
  it.concurrent.each<[string, string[], RegExp]>([
    [
      'an unknown --folder',
      ['--folder', 'e-Factur'],
      /--folder: "e-Factur" is not a folder or request of .*; did you mean "e-Factura"/,
    ],
    [
      'a --folder two requests share (#27)',
      ['--folder', 'upload'],
      /--folder: "upload" names 2 items of .*: "e-Factura \/ upload", "e-Transport \/ upload"; give one of them$/,
    ],
    ['an unknown reporter', ['--reporters', 'cli,xml'], /--reporters: "xml" is not accepted/],
    [
      '--timeout-request 30 (newman reads milliseconds; #27)',
      ['--timeout-request', '30'],
      /^anaf-postman: --timeout-request: "30" would be 30 ms \(a bare number is milliseconds, as in newman\); say 30s/,
    ],
    ['an empty --reporters', ['--reporters', ''], /--reporters/],
    [
      'an empty --report-dir',
      ['--reporters', 'cli,junit', '--report-dir', ''],
      /^anaf-postman: --report-dir: empty/,
    ],
    ['a --collection that is an environment', ['--collection', '__ENV__'], /not a Postman collection/],
    ['a --collection that is missing', ['--collection', '/nonexistent/c.json'], /no such file/],
  ])('%s → exit 2, one line, no request, file unchanged', (_n, extra, why) =>
    setup(async (mock, proxy, dir) => {
      const file = writeEnv(dir, { origin: proxy.url, tokens: mock.issueTokens() });
      const before = snapshotDir(dir);
      const r = await runCli(['run', '-e', file, ...extra.map((a) => (a === '__ENV__' ? file : a))]);
      expect(r.code).toBe(2);
      expect(expectOneErrorLine(r.stderr)).toMatch(why);
      expect(mock.requests()).toHaveLength(0);
      expect(snapshotDir(dir)).toEqual(before);
    }),
  );

  it('-e without a file → exit 2, one line naming the flag (not "undefined: cannot read")', async () => {
    const r = await runCli(['run', '-e']);
    expect(r.code).toBe(2);
    expect(expectOneErrorLine(r.stderr)).toBe('anaf-postman: --environment: give at least one file or glob');
  });

  it.concurrent('an expired refresh token → exit 3, file unchanged, nothing sent', () =>
    setup(async (mock, proxy, dir) => {
      const file = writeEnv(dir, { origin: proxy.url, tokens: mock.issueTokens({ refreshTtlSeconds: -60 }) });
      const before = snapshotDir(dir);
      const r = await runCli(['run', '-e', file]);
      expect(r.code).toBe(3);
      const line = expectOneErrorLine(r.stderr);
      expect(line).toMatch(/refresh token expired/);
      expect(line).toMatch(/authorize again with the certificate: anaf-postman login/);
      expect(mock.requests()).toHaveLength(0);
      expect(snapshotDir(dir)).toEqual(before);
    }),
  );

  it.concurrent.each<[string, number, number, RegExp, Fault[]]>([
    ['invalid_grant', 3, 1, /invalid_grant.*authorize again/, [{ oauthError: 'invalid_grant' }]],
    ['invalid_client', 3, 1, /invalid_client.*authorize again/, [{ oauthError: 'invalid_client' }]],
    [
      'HTTP 503 ×4',
      4,
      4,
      /after 4 attempts/,
      [{ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }],
    ],
  ])(
    'the refresh before the run meets %s → exit %i after %i request(s), one line, nothing run, file unchanged',
    (_n, exit, attempts, why, faults) =>
      setup(async (mock, proxy, dir) => {
        const tokens = mock.issueTokens({ accessTtlSeconds: 60 });
        const file = writeEnv(dir, { origin: proxy.url, tokens });
        const before = snapshotDir(dir);
        mock.script(TOKEN_PATH, ...faults);
        const r = await runCli(['run', '-e', file]);
        expect(r.code).toBe(exit);
        expect(expectOneErrorLine(r.stderr)).toMatch(why);
        expect(mock.requests(TOKEN_PATH)).toHaveLength(attempts);
        expect(apiRequests(mock)).toEqual([]);
        expect(snapshotDir(dir)).toEqual(before);
        expect(findSecrets({ out: r.stdout + r.stderr }, [tokens.refresh_token, BASIC_CREDENTIALS])).toEqual(
          [],
        );
      }),
  );

  it.concurrent('a refused refresh inside the run → exit 3 naming the request, the tokens kept', () =>
    setup(async (mock, proxy, dir) => {
      const tokens = mock.issueTokens();
      const file = writeEnv(dir, { origin: proxy.url, tokens });
      mock.script(TOKEN_PATH, { oauthError: 'invalid_grant' });
      const r = await runCli(['run', '-e', file, '--folder', 'Refresh access token']);
      expect(r.code).toBe(3);
      expect(expectOneErrorLine(r.stderr)).toMatch(/Refresh access token/);
      const vars = readVars(file);
      expect(vars.refreshToken).toBe(tokens.refresh_token);
      expect(vars.accessToken).toBe(tokens.access_token);
    }),
  );

  it.concurrent('a request with an empty URL → exit 1 (the collection is wrong), not 4', () =>
    setup(async (mock, proxy, dir) => {
      const file = writeEnv(dir, { origin: proxy.url, tokens: mock.issueTokens() });
      const collection = path.join(dir, 'empty-url.postman_collection.json');
      fs.writeFileSync(
        collection,
        JSON.stringify({
          info: { name: 'x', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
          item: [{ name: 'no url', request: { method: 'GET', url: '' } }],
        }),
      );
      const r = await runCli(['run', '-e', file, '-c', collection]);
      expect(r.code).toBe(1);
      expect(expectOneErrorLine(r.stderr)).toMatch(/no url: request: .*request url is empty/);
    }),
  );

  // Tests run as root, which writes anywhere: the CLI runs as nobody, owner of the environment's
  // folder, so only the report folder is out of its reach.
  (CAN_TEST_READ_ONLY ? it.concurrent : it.concurrent.skip)(
    'a --report-dir it cannot write → exit 2 naming --report-dir before anything is sent; the pair is untouched',
    () =>
      setup(async (mock, proxy, dir) => {
        const tokens = mock.issueTokens();
        const file = writeEnv(dir, { origin: proxy.url, tokens });
        const reportDir = path.join(dir, 'reports');
        fs.mkdirSync(reportDir, { mode: 0o555 });
        fs.chmodSync(reportDir, 0o555);
        if (process.getuid?.() === 0) {
          fs.chownSync(dir, 65534, 65534);
          fs.chownSync(file, 65534, 65534);
        }
        const before = snapshotDir(dir);
        const r = await runCliUnprivileged([
          'run',
          '-e',
          file,
          '--folder',
          'Refresh access token',
          '--reporters',
          'cli,junit',
          '--report-dir',
          reportDir,
        ]);
        fs.chmodSync(reportDir, 0o700);
        expect(expectOneErrorLine(r.stderr)).toBe(
          `anaf-postman: --report-dir: cannot write in ${reportDir} (EACCES)`,
        );
        expect(r.code).toBe(2);
        expect(mock.requests()).toHaveLength(0);
        expect(snapshotDir(dir)).toEqual(before);
        expect((await refreshDirect(mock.url, tokens.refresh_token)).status).toBe(200);
      }),
  );

  it.concurrent("ANAF's 200-with-error body → exit 1 naming the request", () =>
    setup(async (mock, proxy, dir) => {
      const file = writeEnv(dir, { origin: proxy.url, tokens: mock.issueTokens() });
      mock.script('/prod/FCTEL/rest/upload', {
        status: 200,
        headers: { 'Content-Type': 'application/xml' },
        body:
          '<header xmlns="mfp:anaf:dgti:spv:respUploadFisier:v1" dateResponse="202401011200" ' +
          'ExecutionStatus="1"><Errors errorMessage="Nu aveti drept in SPV pentru CIF=1"/></header>',
      });
      const r = await runCli(['run', '-e', file, '--folder', 'e-Factura']);
      expect(r.code).toBe(1);
      expect(expectOneErrorLine(r.stderr)).toMatch(/failure\(s\); first: e-Factura \/ upload: /);
      expect(r.stdout).toMatch(/✗/);
    }),
  );
});

describe('anaf-postman run: bad input → exit 2, one line, no stack trace', () => {
  it.concurrent.each<[string, (dir: string) => string]>([
    ['a missing file', (dir) => path.join(dir, 'missing.json')],
    [
      'malformed JSON',
      (dir) => {
        fs.writeFileSync(path.join(dir, 'bad.json'), '{"values": [ {"key": ');
        return path.join(dir, 'bad.json');
      },
    ],
    ['a collection instead of an environment', () => COLLECTION],
    [
      'an environment without "values"',
      (dir) => {
        fs.writeFileSync(path.join(dir, 'odd.json'), '{"name": "x"}');
        return path.join(dir, 'odd.json');
      },
    ],
  ])('%s', (_n, make) =>
    withTempDir(async (dir) => {
      const r = await runCli(['run', '-e', make(dir)]);
      expect(r.code).toBe(2);
      expectOneErrorLine(r.stderr);
    }),
  );
});
