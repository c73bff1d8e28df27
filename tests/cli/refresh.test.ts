/**
 * `anaf-postman refresh` as a person or a scheduler runs it: the compiled CLI, spawned, against the
 * ANAF mock on a free port. The CLI keeps its default retry policy (3 retries, 500 ms backoff).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Fault, MockServer } from '../../src/mock';
import { at, entry } from '../helpers/checked';
import { REAL_WAITS } from '../helpers/env-vars';
import { runCli } from '../helpers/cli';
import { CAN_TEST_READ_ONLY, runCliUnprivileged, useNobodyCopy } from '../helpers/nobody';
import {
  BASIC_CREDENTIALS,
  DEMO,
  expectOneErrorLine,
  findSecrets,
  modeOf,
  readVars,
  refreshDirect,
  sentRefreshTokens,
  snapshotDir,
  TOKEN_PATH,
  waitFor,
  withMock,
  withTempDir,
  writeEnv,
} from '../helpers/env';

const COLLECTION = path.join(__dirname, '..', '..', 'collections', 'anaf.postman_collection.json');

useNobodyCopy();

/** A mock and a temp folder for one test, both gone afterwards. */
function setup(body: (mock: MockServer, dir: string) => Promise<void>): Promise<void> {
  return withMock({}, (mock) => withTempDir((dir) => body(mock, dir)));
}

/** Table rows (after the header and its rule) of the refresh summary. */
/** The table's rows: after the header and its rule, up to the counts line. */
function tableRows(stdout: string): string[] {
  const lines = stdout.trimEnd().split('\n');
  const counts = lines.findIndex((l) => /^\d+ refreshed, /.test(l));
  return lines.slice(2, counts);
}

/** The whole failure messages listed below the table. */
function failuresBelow(stdout: string): string[] {
  const [, list = ''] = stdout.split('\nfailures:\n');
  return list.trimEnd() === '' ? [] : list.trimEnd().split('\n');
}

describe('anaf-postman refresh: success', () => {
  it('refreshes one file: exit 0, one table row, the rotated pair saved, no secret printed', () =>
    setup(async (mock, dir) => {
      const tokens = mock.issueTokens();
      const file = writeEnv(dir, { origin: mock.url, tokens });
      // Named relative to the working folder: a long absolute path would be shortened to fit 100 columns.
      const r = await runCli(['refresh', '-e', path.basename(file)], { cwd: dir });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const rows = tableRows(r.stdout);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatch(
        new RegExp(`^${path.basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+refreshed\\s+\\d{4}-`),
      );
      expect(r.stdout).toMatch(/1 refreshed, 0 skipped, 0 failed\n$/);
      const vars = readVars(file);
      expect(vars.refreshToken).not.toBe(tokens.refresh_token);
      const secrets = [
        tokens.access_token,
        tokens.refresh_token,
        entry(vars, 'accessToken'),
        entry(vars, 'refreshToken'),
        DEMO.clientSecret,
        BASIC_CREDENTIALS,
      ];
      expect(findSecrets({ stdout: r.stdout, stderr: r.stderr }, secrets)).toEqual([]);
      expect((await refreshDirect(mock.url, entry(vars, 'refreshToken'))).status).toBe(200);
    }));

  it('persists rotation across two runs: the third refresh works, the first token is rejected', () =>
    setup(async (mock, dir) => {
      const tokens = mock.issueTokens();
      const file = writeEnv(dir, { origin: mock.url, tokens });
      expect((await runCli(['refresh', '-e', file])).code).toBe(0);
      const second = readVars(file).refreshToken;
      expect((await runCli(['refresh', '-e', file])).code).toBe(0);
      const third = entry(readVars(file), 'refreshToken');
      expect(sentRefreshTokens(mock)).toEqual([tokens.refresh_token, second]);
      expect(third).not.toBe(second);
      expect((await refreshDirect(mock.url, tokens.refresh_token)).body.error).toBe('invalid_grant');
      expect((await refreshDirect(mock.url, third)).status).toBe(200);
    }));

  it('--if-expiring-within 7d: skips a fresh pair (no request), refreshes one expiring soon', () =>
    setup(async (mock, dir) => {
      const fresh = mock.issueTokens();
      const soon = mock.issueTokens({ accessTtlSeconds: 60 });
      const a = writeEnv(dir, { origin: mock.url, tokens: fresh }, 'a-fresh.json');
      const b = writeEnv(dir, { origin: mock.url, tokens: soon }, 'b-soon.json');
      const before = fs.readFileSync(a, 'utf8');
      const r = await runCli(['refresh', '-e', a, b, '--if-expiring-within', '7d']);
      expect(r.code).toBe(0);
      const rows = tableRows(r.stdout);
      expect(rows[0]).toMatch(/a-fresh\.json\s+skipped/);
      expect(rows[1]).toMatch(/b-soon\.json\s+refreshed/);
      expect(r.stdout).toMatch(/1 refreshed, 1 skipped, 0 failed/);
      expect(sentRefreshTokens(mock)).toEqual([soon.refresh_token]);
      expect(fs.readFileSync(a, 'utf8')).toBe(before);
    }));
});

describe('anaf-postman refresh: every fault leaves the file byte-identical', () => {
  interface Case {
    name: string;
    faults: Fault[];
    exit: number;
    attempts: number;
    message: RegExp[];
  }
  const four = (f: Fault): Fault[] => [f, f, f, f];
  const cases: Case[] = [
    {
      name: 'HTTP 500 ×4',
      faults: four({ status: 500 }),
      exit: 4,
      attempts: 4,
      message: [/unavailable after 4 attempts/, /HTTP 500/, /the file is unchanged/],
    },
    {
      name: 'connection reset ×4',
      faults: four({ reset: true }),
      exit: 4,
      attempts: 4,
      message: [/unavailable after 4 attempts/, /ECONNRESET|socket hang up/],
    },
    {
      name: 'malformed JSON ×4',
      faults: four({ malformedJson: true }),
      exit: 4,
      attempts: 4,
      message: [/unavailable after 4 attempts/, /not JSON/],
    },
    {
      name: 'invalid_grant',
      faults: [{ oauthError: 'invalid_grant' }],
      exit: 3,
      attempts: 1,
      message: [/invalid_grant/, /authorize again with the certificate/, /anaf-postman login/],
    },
    {
      name: 'invalid_client',
      faults: [{ oauthError: 'invalid_client' }],
      exit: 3,
      attempts: 1,
      message: [/invalid_client/, /authorize again with the certificate/, /anaf-postman login/],
    },
  ];

  it.concurrent.each(cases)('$name → exit $exit, $attempts request(s), one line', (c) =>
    setup(async (mock, dir) => {
      const tokens = mock.issueTokens();
      const file = writeEnv(dir, { origin: mock.url, tokens });
      const before = snapshotDir(dir);
      mock.script(TOKEN_PATH, ...c.faults);
      const r = await runCli(['refresh', '-e', file]);
      expect(r.code).toBe(c.exit);
      const line = expectOneErrorLine(r.stderr);
      for (const m of c.message) expect(line).toMatch(m);
      expect(line).toContain(file);
      expect(r.stdout).toMatch(/0 refreshed, 0 skipped, 1 failed/);
      expect(mock.requests(TOKEN_PATH)).toHaveLength(c.attempts);
      expect(snapshotDir(dir)).toEqual(before);
      expect(findSecrets({ out: r.stdout + r.stderr }, [tokens.refresh_token, BASIC_CREDENTIALS])).toEqual(
        [],
      );
      mock.reset();
      expect((await refreshDirect(mock.url, tokens.refresh_token)).status).toBe(200);
    }),
  );

  it.concurrent('429 with Retry-After: 1 is honoured, then the refresh succeeds', () =>
    setup(async (mock, dir) => {
      const file = writeEnv(dir, { origin: mock.url, tokens: mock.issueTokens() });
      mock.script(TOKEN_PATH, { retryAfterSeconds: 1 });
      const r = await runCli(['refresh', '-e', file], { env: REAL_WAITS });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const requests = mock.requests(TOKEN_PATH);
      // The default backoff would be 375-625 ms: a gap of a second is Retry-After's.
      expect(at(requests, 1).at - at(requests, 0).at).toBeGreaterThanOrEqual(950);
      expect((await refreshDirect(mock.url, entry(readVars(file), 'refreshToken'))).status).toBe(200);
    }),
  );
});

describe('anaf-postman refresh: a batch', () => {
  it('20 files with --concurrency 4: table rows, --json summary, exit = worst (3), others refreshed', () =>
    setup(async (mock, dir) => {
      const files = Array.from({ length: 20 }, (_, i) => {
        const vars: Record<string, string | null> = {};
        if (i === 3) vars.clientId = null;
        if (i === 14) vars.refreshToken = 'rotated-away-or-never-issued';
        return writeEnv(
          dir,
          { origin: mock.url, tokens: mock.issueTokens(), vars },
          `c${String(i).padStart(2, '0')}.json`,
        );
      });
      const r = await runCli(['refresh', '-e', path.join(dir, '*.json'), '--concurrency', '4']);
      expect(r.code).toBe(3);
      const line = expectOneErrorLine(r.stderr);
      expect(line).toMatch(/c14\.json.*invalid_grant.*authorize again/);
      expect(line).toMatch(/\(and 1 more failed\)/);
      const rows = tableRows(r.stdout);
      expect(rows).toHaveLength(20);
      // The notes the table cut are listed whole below it.
      expect(failuresBelow(r.stdout)).toEqual([
        expect.stringMatching(/^ {2}\S+c03\.json: not set up: no value for clientId; fill it in \(see /),
        expect.stringMatching(/^ {2}\S+c14\.json: /),
      ]);
      rows.forEach((row, i) => {
        expect(row).toContain(`c${String(i).padStart(2, '0')}.json`);
        expect(row).toMatch(i === 3 || i === 14 ? /\sfailed\s/ : /\srefreshed\s/);
      });
      // Cut at its end to fit 100 columns, without the file name the row starts with (#27).
      expect(rows[3]).toMatch(/\s{2}not set up: \S.*…$/);
      expect(rows[3]?.split('c03.json').length).toBe(2);
      expect(r.stdout).toMatch(/\n18 refreshed, 0 skipped, 2 failed\n\nfailures:\n/);
      expect(mock.requests(TOKEN_PATH)).toHaveLength(19);

      const j = await runCli(['refresh', '-e', ...files, '--concurrency', '4', '--json']);
      expect(j.code).toBe(3);
      expectOneErrorLine(j.stderr);
      const summary = JSON.parse(j.stdout);
      expect(Object.keys(summary).sort()).toEqual(['counts', 'exitCode', 'results']);
      expect(summary.exitCode).toBe(3);
      expect(summary.counts).toEqual({ refreshed: 18, skipped: 0, failed: 2, interrupted: 0 });
      expect(summary.results.map((x: { file: string }) => x.file)).toEqual(files);
      expect(summary.results[3]).toEqual({
        file: files[3],
        outcome: 'failed',
        exitCode: 2,
        code: 'BAD_FILE',
        message: expect.stringMatching(/not set up: no value for clientId/),
      });
      expect(summary.results[14]).toMatchObject({ outcome: 'failed', exitCode: 3, code: 'AUTH_REQUIRED' });
      for (const [i, res] of summary.results.entries()) {
        if (i === 3 || i === 14) continue;
        const file = at(files, i);
        expect(res).toEqual({
          file,
          outcome: 'refreshed',
          exitCode: 0,
          accessTokenExpiresAt: readVars(file).accessTokenExpiresAt,
          refreshTokenExpiresAt: readVars(file).refreshTokenExpiresAt,
        });
      }
      expect(mock.requests(TOKEN_PATH)).toHaveLength(38);
      for (const i of [0, 7, 19]) {
        expect((await refreshDirect(mock.url, entry(readVars(at(files, i)), 'refreshToken'))).status).toBe(
          200,
        );
      }
    }));
});

describe('anaf-postman refresh: when the file cannot be written', () => {
  it('after ANAF answered: exit 5 (not "bad input"), the message names the recovery file holding the working pair', () =>
    setup(async (mock, dir) => {
      const tokens = mock.issueTokens();
      const file = writeEnv(dir, { origin: mock.url, tokens });
      mock.script(TOKEN_PATH, { delayMs: 800 });
      const pending = runCli(['refresh', '-e', file]);
      await waitFor(() => mock.requests(TOKEN_PATH).length === 1, 10_000, 'the token request');
      fs.renameSync(file, path.join(dir, 'moved.json'));
      fs.mkdirSync(file);
      fs.writeFileSync(path.join(file, 'blocker'), '');
      const r = await pending;
      expect(r.code).toBe(5);
      const line = expectOneErrorLine(r.stderr);
      const recovery = /safe in (\S+\.json)/.exec(line)?.[1];
      expect(recovery).toBeDefined();
      expect(path.dirname(recovery!)).toBe(dir);
      expect(modeOf(recovery!)).toBe(0o600);
      const saved = readVars(recovery!);
      expect((await refreshDirect(mock.url, tokens.refresh_token)).body.error).toBe('invalid_grant');
      expect((await refreshDirect(mock.url, entry(saved, 'refreshToken'))).status).toBe(200);
      expect(
        findSecrets({ out: r.stdout + r.stderr }, [
          entry(saved, 'refreshToken'),
          entry(saved, 'accessToken'),
        ]),
      ).toEqual([]);
    }));

  // A read-only folder: the lock (a folder beside the file) cannot be made, so nothing is sent and
  // nothing can be lost. The CLI is given 6 s; the second test judges how it ended.
  const readOnly = CAN_TEST_READ_ONLY ? it : it.skip;
  let readOnlyRun: { code: number | null; stderr: string; ms: number; file: string } | undefined;

  readOnly('a read-only folder: no request is sent, the file and the pair are untouched', () =>
    setup(async (mock, dir) => {
      const tokens = mock.issueTokens();
      const file = writeEnv(dir, { origin: mock.url, tokens });
      const before = snapshotDir(dir);
      fs.chmodSync(dir, 0o555);
      const start = Date.now();
      const r = await runCliUnprivileged(['refresh', '-e', file], { timeoutMs: 6000 });
      readOnlyRun = { code: r.code, stderr: r.stderr, ms: Date.now() - start, file };
      fs.chmodSync(dir, 0o700);
      expect(r.code).not.toBe(0);
      expect(mock.requests(TOKEN_PATH)).toHaveLength(0);
      expect(snapshotDir(dir)).toEqual(before);
      expect((await refreshDirect(mock.url, tokens.refresh_token)).status).toBe(200);
    }),
  );

  (CAN_TEST_READ_ONLY ? it : it.skip)(
    'a read-only folder fails at once with exit 2 and one line naming the file',
    () => {
      expect(readOnlyRun).toBeDefined();
      expect(readOnlyRun!.ms).toBeLessThan(6000);
      expect(readOnlyRun!.code).toBe(2);
      expect(expectOneErrorLine(readOnlyRun!.stderr)).toContain(readOnlyRun!.file);
    },
  );
});

describe('anaf-postman refresh: bad input → exit 2, one line, no stack trace', () => {
  const cases: [string, (dir: string, mock: MockServer) => string[]][] = [
    ['a missing file', (dir) => ['-e', path.join(dir, 'missing.json')]],
    [
      'malformed JSON',
      (dir) => {
        fs.writeFileSync(path.join(dir, 'bad.json'), '{"values": [ {"key": "clientId", ');
        return ['-e', path.join(dir, 'bad.json')];
      },
    ],
    ['a collection instead of an environment', () => ['-e', COLLECTION]],
    [
      'missing clientId',
      (dir, mock) => [
        '-e',
        writeEnv(dir, { origin: mock.url, tokens: mock.issueTokens(), vars: { clientId: null } }),
      ],
    ],
    [
      'an oauthBaseUrl that is not a URL',
      (dir, mock) => [
        '-e',
        writeEnv(dir, { origin: mock.url, tokens: mock.issueTokens(), vars: { oauthBaseUrl: 'not a url' } }),
      ],
    ],
    [
      'an unknown clientAuth',
      (dir, mock) => [
        '-e',
        writeEnv(dir, { origin: mock.url, tokens: mock.issueTokens(), vars: { clientAuth: 'foo' } }),
      ],
    ],
    ['--concurrency 0', (dir, mock) => ['-e', writeEnv(dir, { origin: mock.url }), '--concurrency', '0']],
    [
      '--if-expiring-within soon',
      (dir, mock) => ['-e', writeEnv(dir, { origin: mock.url }), '--if-expiring-within', 'soon'],
    ],
    // A bare number used to mean seconds: `7` (days, surely) refreshed almost nothing.
    [
      '--if-expiring-within 7 (no unit)',
      (dir, mock) => ['-e', writeEnv(dir, { origin: mock.url }), '--if-expiring-within', '7'],
    ],
    ['a glob that matches nothing', (dir) => ['-e', path.join(dir, 'nothing-*.json')]],
    ['no --environment', () => []],
  ];

  it.concurrent.each(cases)('%s', (_name, make) =>
    setup(async (mock, dir) => {
      const args = make(dir, mock);
      const before = snapshotDir(dir);
      const r = await runCli(['refresh', ...args]);
      expect(r.code).toBe(2);
      expectOneErrorLine(r.stderr);
      expect(mock.requests(TOKEN_PATH)).toHaveLength(0);
      expect(snapshotDir(dir)).toEqual(before);
    }),
  );

  it('no refresh token → exit 3, pointing at anaf-postman login', () =>
    setup(async (mock, dir) => {
      const file = writeEnv(dir, { origin: mock.url });
      const r = await runCli(['refresh', '-e', file]);
      expect(r.code).toBe(3);
      expect(expectOneErrorLine(r.stderr)).toMatch(/anaf-postman login/);
    }));
});
