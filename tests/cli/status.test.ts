/** `anaf-postman status`: offline token status of environment files, spawned as people run it. */
import fs from 'node:fs';
import path from 'node:path';
import type { MockServer } from '../../src/mock';
import { at, entry, first } from '../helpers/checked';
import { runCli } from '../helpers/cli';
import { expectOneErrorLine, findSecrets, readVars, useMock, useTempDir, writeEnv } from '../helpers/env';
import type { StatusEntry } from '../../src/tokens/status';

const COLLECTION = path.join(__dirname, '..', '..', 'collections', 'anaf.postman_collection.json');
const DAY = 86_400;

const mock = useMock();
const tmp = useTempDir();

/** `status --json` prints the library's entries. */
type Entry = StatusEntry;

async function statusJson(
  ...files: string[]
): Promise<{ code: number | null; entries: Entry[]; exitCode: number; stderr: string }> {
  const r = await runCli(['status', '--json', ...files.flatMap((f) => ['-e', f])]);
  const summary = JSON.parse(r.stdout) as { entries: Entry[]; exitCode: number };
  return { code: r.code, stderr: r.stderr, ...summary };
}

function env(m: MockServer, name: string, tokens?: Parameters<MockServer['issueTokens']>[0] | null): string {
  const file = writeEnv(
    tmp(),
    { origin: m.url, tokens: tokens === null ? undefined : m.issueTokens(tokens) },
    name,
  );
  // Private, as a file holding tokens should be: one open to others gets a warning (tested below).
  fs.chmodSync(file, 0o600);
  return file;
}

describe('anaf-postman status', () => {
  it('a fresh pair: exit 0, about 90 and 365 days left, a table without secrets, no request', async () => {
    const file = env(mock(), 'fresh.json', {});
    const r = await runCli(['status', '-e', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [header, rule, row, ...rest] = r.stdout.trimEnd().split('\n');
    expect(rest).toEqual([]);
    expect(header).toMatch(/^file\s+access expires\s+days\s+refresh expires\s+days$/);
    expect(rule).toMatch(/^-+(\s+-+)+$/);
    expect(row).toMatch(
      /fresh\.json\s+\d{4}-\d\d-\d\d \d\d:\d\dZ\s+(89\.9|90)\s+\d{4}-\d\d-\d\d \d\d:\d\dZ\s+(364\.9|365)$/,
    );
    const vars = readVars(file);
    expect(
      findSecrets({ stdout: r.stdout }, [
        entry(vars, 'accessToken'),
        entry(vars, 'refreshToken'),
        entry(vars, 'clientSecret'),
      ]),
    ).toEqual([]);
    expect(mock().requests()).toHaveLength(0);

    const j = await statusJson(file);
    expect(j.code).toBe(0);
    expect(j.exitCode).toBe(0);
    expect(j.entries).toHaveLength(1);
    const e = first(j.entries);
    expect(Object.keys(e).sort()).toEqual(
      [
        'accessDaysLeft',
        'accessTokenExpiresAt',
        'exitCode',
        'file',
        'hasAccessToken',
        'hasRefreshToken',
        'refreshDaysLeft',
        'refreshTokenExpiresAt',
        'warnings',
      ].sort(),
    );
    expect(e).toMatchObject({ file, hasAccessToken: true, hasRefreshToken: true, warnings: [], exitCode: 0 });
    expect(e.accessDaysLeft).toBeGreaterThanOrEqual(89.9);
    expect(e.accessDaysLeft).toBeLessThanOrEqual(90);
    expect(e.refreshDaysLeft).toBeGreaterThanOrEqual(364.9);
    expect(e.refreshDaysLeft).toBeLessThanOrEqual(365);
    expect(e.accessTokenExpiresAt).toBe(vars.accessTokenExpiresAt);
    expect(e.refreshTokenExpiresAt).toBe(vars.refreshTokenExpiresAt);
  });

  it('a refresh token expiring in 10 days: a warning, still exit 0', async () => {
    const file = env(mock(), 'soon.json', { refreshTtlSeconds: 10 * DAY });
    const r = await runCli(['status', '-e', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/refresh token expires in under 30 days: authorize again soon/);
    const j = await statusJson(file);
    expect(first(j.entries).refreshDaysLeft).toBeGreaterThanOrEqual(9.9);
    expect(first(j.entries).refreshDaysLeft).toBeLessThanOrEqual(10);
    expect(first(j.entries).warnings).toHaveLength(1);
  });

  it('an expired access token with a good refresh token: a note, exit 0', async () => {
    const file = env(mock(), 'stale-access.json', { accessTtlSeconds: -60 });
    const j = await statusJson(file);
    expect(j.code).toBe(0);
    expect(first(j.entries).warnings.join()).toMatch(
      /access token expired: the next run or refresh renews it/,
    );
    expect(first(j.entries).accessDaysLeft).toBeLessThan(0);
  });

  it('a long path with both dates: the table stays within 100 columns', async () => {
    const deep = path.join(tmp(), 'clients', 'a-rather-long-folder-of-companies');
    fs.mkdirSync(deep, { recursive: true });
    const file = env(
      mock(),
      path.join('clients', 'a-rather-long-folder-of-companies', 'firma-de-contabilitate-exemplu-srl.json'),
      {},
    );
    const r = await runCli(['status', '-e', file]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(100);
    expect(at(lines, 2)).toMatch(/…\S*srl\.json\s+\d{4}-\d\d-\d\d \d\d:\d\dZ\s/);
  });

  it('no tokens: exit 3, one line saying to authorize with the certificate', async () => {
    const file = env(mock(), 'empty.json', null);
    const r = await runCli(['status', '-e', file]);
    expect(r.code).toBe(3);
    const line = expectOneErrorLine(r.stderr);
    expect(line).toMatch(
      /empty\.json: no refresh token: authorize with the certificate \(anaf-postman login\)/,
    );
    expect(r.stdout).toMatch(/empty\.json\s+none\s+none\n/);
    expect(r.stdout).toMatch(
      /\nwarnings:\n {2}\S*empty\.json: no refresh token: authorize with the certificate/,
    );
    const j = await statusJson(file);
    expect(j.code).toBe(3);
    expect(first(j.entries)).toMatchObject({ hasAccessToken: false, hasRefreshToken: false, exitCode: 3 });
  });

  it('an expired refresh token: exit 3, authorize again', async () => {
    const file = env(mock(), 'expired.json', { refreshTtlSeconds: -DAY });
    const r = await runCli(['status', '-e', file]);
    expect(r.code).toBe(3);
    expect(expectOneErrorLine(r.stderr)).toMatch(
      /refresh token expired: authorize again with the certificate/,
    );
    const j = await statusJson(file);
    expect(first(j.entries).refreshDaysLeft).toBeLessThan(0);
    expect(first(j.entries).exitCode).toBe(3);
  });

  it('opaque tokens: expiries from the stored ISO dates', async () => {
    const tokens = mock().issueTokens({ jwt: false });
    expect(tokens.access_token).toMatch(/^[0-9a-f]{64}$/);
    const file = writeEnv(tmp(), {
      origin: mock().url,
      tokens,
      vars: {
        accessTokenExpiresAt: new Date(Date.now() + 5 * DAY * 1000).toISOString(),
        refreshTokenExpiresAt: new Date(Date.now() + 100 * DAY * 1000).toISOString(),
      },
    });
    const j = await statusJson(file);
    expect(j.code).toBe(0);
    expect(Math.round(first(j.entries).accessDaysLeft!)).toBe(5);
    expect(Math.round(first(j.entries).refreshDaysLeft!)).toBe(100);
  });

  it('globs: every match, sorted; the exit code is the worst; --json lists them all', async () => {
    const dir = path.join(tmp(), 'clients');
    fs.mkdirSync(dir);
    for (const [name, tokens] of [
      ['a.json', {}],
      ['b.json', { refreshTtlSeconds: -5 }],
      ['c.json', {}],
    ] as const) {
      fs.chmodSync(writeEnv(dir, { origin: mock().url, tokens: mock().issueTokens(tokens) }, name), 0o600);
    }
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not matched');
    const j = await statusJson(path.join(dir, '*.json'));
    expect(j.code).toBe(3);
    expect(j.exitCode).toBe(3);
    expect(j.entries.map((e) => path.basename(e.file))).toEqual(['a.json', 'b.json', 'c.json']);
    expect(j.entries.map((e) => e.exitCode)).toEqual([0, 3, 0]);
    expect(expectOneErrorLine(j.stderr)).toMatch(/1 of 3 environment\(s\) need attention: .*b\.json/);

    const r = await runCli(['status', '-e', path.join(dir, '*.json')]);
    // Three rows under the header, then the one warning with its file's whole name.
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(8);
    expect(lines.slice(5, 7)).toEqual(['', 'warnings:']);
    expect(at(lines, 7)).toMatch(new RegExp(`^  ${path.join(dir, 'b.json').replace(/[.\\]/g, '\\$&')}: `));
  });

  it('a bad file among good ones: exit 2 (bad input beats nothing, 3 beats 2)', async () => {
    const good = env(mock(), 'good.json', {});
    const broken = path.join(tmp(), 'broken.json');
    fs.writeFileSync(broken, '{');
    const j = await statusJson(good, broken);
    expect(j.code).toBe(2);
    expect(j.entries[1]).toMatchObject({ exitCode: 2, code: 'BAD_FILE' });
    const noTokens = env(mock(), 'none.json', null);
    expect((await statusJson(good, broken, noTokens)).code).toBe(3);
  });
});

describe('anaf-postman status: a JWT whose exp no date can hold (#29 item 17)', () => {
  /** An unsigned JWT with `exp` 1e20 s: past the largest JavaScript date (year 275760). */
  const farJwt = () =>
    ['{"alg":"none"}', '{"exp":1e20}', ''].map((p) => Buffer.from(p).toString('base64url')).join('.') + 'sig';

  it('its expiry is unknown with one warning; the other files of the glob still show (was exit 70)', async () => {
    env(mock(), 'a-good.json', {});
    const odd = writeEnv(
      tmp(),
      { origin: mock().url, vars: { accessToken: farJwt(), refreshToken: farJwt() } },
      'b-odd.json',
    );
    fs.chmodSync(odd, 0o600);
    const j = await statusJson(path.join(tmp(), '*.json'));
    expect(j.stderr).toBe('');
    expect(j.code).toBe(0);
    expect(j.entries.map((e) => [path.basename(e.file), e.exitCode])).toEqual([
      ['a-good.json', 0],
      ['b-odd.json', 0],
    ]);
    expect(at(j.entries, 1)).toMatchObject({
      hasAccessToken: true,
      hasRefreshToken: true,
      warnings: [
        "accessToken's expiry (its JWT exp) is not a date: unknown",
        "refreshToken's expiry (its JWT exp) is not a date: unknown",
      ],
    });
    expect(at(j.entries, 1).refreshTokenExpiresAt).toBeUndefined();

    const r = await runCli(['status', '-e', path.join(tmp(), '*.json')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(at(lines, 2)).toMatch(/a-good\.json\s+\d{4}-/);
    expect(at(lines, 3)).toMatch(/b-odd\.json\s+unknown\s+unknown$/);
    expect(lines.slice(4)).toEqual([
      '',
      'warnings:',
      `  ${odd}: accessToken's expiry (its JWT exp) is not a date: unknown`,
      `  ${odd}: refreshToken's expiry (its JWT exp) is not a date: unknown`,
    ]);
  });
});

describe('anaf-postman status: bad input → exit 2, one line, no stack trace', () => {
  it.each([
    ['a missing file', () => path.join(tmp(), 'missing.json'), /no such file/],
    [
      'malformed JSON',
      () => {
        fs.writeFileSync(path.join(tmp(), 'bad.json'), '{"values": [}');
        return path.join(tmp(), 'bad.json');
      },
      /malformed JSON/,
    ],
    ['a collection instead of an environment', () => COLLECTION, /collection, not an environment/],
    ['a glob that matches nothing', () => path.join(tmp(), 'none-*.json'), /no file matches/],
  ])('%s', async (_name, make, why) => {
    const r = await runCli(['status', '-e', make()]);
    expect(r.code).toBe(2);
    expect(expectOneErrorLine(r.stderr)).toMatch(why);
  });

  it('no --environment', async () => {
    const r = await runCli(['status']);
    expect(r.code).toBe(2);
    expectOneErrorLine(r.stderr);
  });
});

describe('anaf-postman status: a file holding tokens that other users can read (#23)', () => {
  const warning = (file: string, mode: string) =>
    `anaf-postman: warning: ${file} holds a secret or a token and is open to other users (mode ${mode}); chmod 600 it`;

  it.each([
    ['0644', 0o644],
    ['0640', 0o640],
    ['0604', 0o604],
    ['0620', 0o620],
  ])('mode %s: one warning line on stderr, the exit code and the mode unchanged', async (shown, mode) => {
    const file = env(mock(), 'open.json', {});
    fs.chmodSync(file, mode);
    const r = await runCli(['status', '-e', file]);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')).toEqual([warning(file, shown), '']);
    expect(r.stdout).not.toContain('chmod');
    expect(fs.statSync(file).mode & 0o777).toBe(mode);
    const j = await statusJson(file);
    expect(j.code).toBe(0);
    expect(j.stderr).toBe(`${warning(file, shown)}\n`);
    expect(first(j.entries).exposedMode).toBe(mode);
  });

  it('the error line of a file that needs attention still comes last', async () => {
    const file = env(mock(), 'no-tokens.json', null);
    const writeSecret = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      values: { key: string; value: string }[];
    };
    for (const v of writeSecret.values) if (v.key === 'clientSecret') v.value = 'a-real-secret';
    fs.writeFileSync(file, JSON.stringify(writeSecret));
    fs.chmodSync(file, 0o644);
    const r = await runCli(['status', '-e', file]);
    expect(r.code).toBe(3);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      warning(file, '0644'),
      expect.stringMatching(/^anaf-postman: 1 of 1 environment/),
    ]);
  });

  it("no warning for a private file, nor for one holding only the mock's public demo client (as generated)", async () => {
    const file = env(mock(), 'private.json', {});
    const generated = path.join(tmp(), 'anaf-mock.postman_environment.json');
    fs.copyFileSync(
      path.join(__dirname, '..', '..', 'environments', 'anaf-mock.postman_environment.json'),
      generated,
    );
    fs.chmodSync(generated, 0o644);
    const r = await runCli(['status', '--json', '-e', file, '-e', generated]);
    expect(r.stderr).not.toContain('warning');
    const entries = (JSON.parse(r.stdout) as { entries: Entry[] }).entries;
    expect(entries.map((e) => e.exposedMode)).toEqual([undefined, undefined]);
  });
});
