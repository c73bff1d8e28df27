/**
 * `refreshFile` (one environment file) against the ANAF mock: every token-endpoint fault, rotation,
 * `ifExpiringWithinMs`, variable types and order, the stale lock and the recovery file.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Fault } from '../../../src/mock';
import { refreshFile, type RefreshFileOptions } from '../../../src/tokens/refresh-file';
import {
  envText,
  modeOf,
  readEnv,
  readVars,
  refreshDirect,
  sentRefreshTokens,
  snapshotDir,
  TOKEN_PATH,
  useMock,
  useTempDir,
  waitFor,
  writeEnv,
} from '../../helpers/env';
import { at, entry, first } from '../../helpers/checked';
import { rejection } from '../../helpers/errors';
import { withEnvVar, withRealWaits } from '../../helpers/env-vars';

const mock = useMock();
const tmp = useTempDir();

/** Fast retries for library tests: the policy is the same, only the clock is shorter. */
const FAST: RefreshFileOptions = { baseDelayMs: 10, timeoutMs: 2000 };

function freshFile(name?: string): { file: string; refreshToken: string; accessToken: string } {
  const tokens = mock().issueTokens();
  const file = writeEnv(tmp(), { origin: mock().url, tokens }, name);
  return { file, refreshToken: tokens.refresh_token, accessToken: tokens.access_token };
}

describe('refreshFile: a successful refresh', () => {
  it('saves the rotated pair, which the mock accepts, and the old refresh token is dead', async () => {
    const { file, refreshToken, accessToken } = freshFile();
    const result = await refreshFile(file, FAST);
    expect(result.outcome).toBe('refreshed');
    const vars = readVars(file);
    expect(vars.refreshToken).not.toBe(refreshToken);
    expect(vars.accessToken).not.toBe(accessToken);
    expect(result.accessTokenExpiresAt).toBe(vars.accessTokenExpiresAt);
    expect(result.refreshTokenExpiresAt).toBe(vars.refreshTokenExpiresAt);
    expect(Date.parse(entry(vars, 'accessTokenExpiresAt')) - Date.now()).toBeGreaterThan(89 * 86_400_000);
    expect(Date.parse(entry(vars, 'refreshTokenExpiresAt')) - Date.now()).toBeGreaterThan(364 * 86_400_000);
    expect(sentRefreshTokens(mock())).toEqual([refreshToken]);
    const req = first(mock().requests(TOKEN_PATH));
    expect(req.headers.authorization).toMatch(/^Basic /);
    expect(new URLSearchParams(req.body).get('grant_type')).toBe('refresh_token');
    expect(new URLSearchParams(req.body).get('token_content_type')).toBe('jwt');
    expect((await refreshDirect(mock().url, refreshToken)).status).toBe(400);
    expect((await refreshDirect(mock().url, entry(vars, 'refreshToken'))).status).toBe(200);
  });

  it('persists rotation across two refreshes: a third works, the earlier refresh tokens are rejected', async () => {
    const { file, refreshToken: initial } = freshFile();
    await refreshFile(file, FAST);
    const second = entry(readVars(file), 'refreshToken');
    await refreshFile(file, FAST);
    const third = entry(readVars(file), 'refreshToken');
    expect(new Set([initial, second, third]).size).toBe(3);
    expect(sentRefreshTokens(mock())).toEqual([initial, second]);
    const again = await refreshFile(file, FAST);
    expect(again.outcome).toBe('refreshed');
    expect(sentRefreshTokens(mock())).toEqual([initial, second, third]);
    expect((await refreshDirect(mock().url, initial)).body.error).toBe('invalid_grant');
    expect((await refreshDirect(mock().url, second)).body.error).toBe('invalid_grant');
    expect((await refreshDirect(mock().url, entry(readVars(file), 'refreshToken'))).status).toBe(200);
  });

  it('sends the client credentials in the body when clientAuth is "body"', async () => {
    const tokens = mock().issueTokens();
    const file = writeEnv(tmp(), { origin: mock().url, tokens, vars: { clientAuth: 'body' } });
    await refreshFile(file, FAST);
    const req = first(mock().requests(TOKEN_PATH));
    expect(req.headers.authorization).toBeUndefined();
    const form = new URLSearchParams(req.body);
    expect(form.get('client_id')).toBe('anaf-postman-demo');
    expect(form.get('client_secret')).toBe('demo-secret-public-test-value');
    expect(readVars(file).refreshToken).not.toBe(tokens.refresh_token);
  });

  it('keeps variable order, types, unknown fields, top-level keys and the file mode', async () => {
    const tokens = mock().issueTokens();
    const file = writeEnv(tmp(), { origin: mock().url, tokens });
    const data = readEnv(file);
    data._custom = { keep: ['me', 1, true] };
    data.values.find((v) => v.key === 'refreshToken')!.description = 'rotated by ANAF';
    data.values.find((v) => v.key === 'accessToken')!['x-team'] = { owner: 'qa' };
    data.values.push({ key: 'zzLast', value: 7, type: 'any', enabled: false });
    fs.writeFileSync(file, envText(data));
    fs.chmodSync(file, 0o640);

    await refreshFile(file, FAST);

    const after = readEnv(file);
    expect(Object.keys(after)).toEqual(Object.keys(data));
    expect(after._custom).toEqual(data._custom);
    expect(after.values.map((v) => v.key)).toEqual(data.values.map((v) => v.key));
    expect(after.values.map((v) => v.type)).toEqual(data.values.map((v) => v.type));
    const tokenKeys = ['accessToken', 'refreshToken', 'accessTokenExpiresAt', 'refreshTokenExpiresAt'];
    after.values.forEach((v, i) => {
      const before = data.values[i];
      if (tokenKeys.includes(v.key)) {
        expect({ ...v, value: undefined }).toEqual({ ...before, value: undefined });
        expect(typeof v.value).toBe('string');
      } else {
        expect(v).toEqual(before);
      }
    });
    expect(after.values.find((v) => v.key === 'refreshToken')?.type).toBe('secret');
    expect(after.values.find((v) => v.key === 'accessToken')?.type).toBe('secret');
    expect(after.values.find((v) => v.key === 'zzLast')).toEqual({
      key: 'zzLast',
      value: 7,
      type: 'any',
      enabled: false,
    });
    expect(fs.readFileSync(file, 'utf8')).toBe(envText(after));
    expect(modeOf(file)).toBe(0o640);
    expect(fs.readdirSync(tmp())).toEqual([path.basename(file)]);
  });

  it('adds missing token variables typed secret', async () => {
    const tokens = mock().issueTokens();
    const file = writeEnv(tmp(), {
      origin: mock().url,
      vars: { refreshToken: tokens.refresh_token, accessToken: null, accessTokenExpiresAt: null },
    });
    await refreshFile(file, FAST);
    const values = readEnv(file).values;
    const access = values.find((v) => v.key === 'accessToken');
    expect(access?.type).toBe('secret');
    expect(access?.value).toMatch(/^ey/);
    expect(values.find((v) => v.key === 'accessTokenExpiresAt')?.type).toBe('default');
  });
});

describe('refreshFile: faults on the token endpoint leave the file byte-identical', () => {
  interface Case {
    name: string;
    faults: Fault[];
    options?: RefreshFileOptions;
    code: 'UNAVAILABLE' | 'AUTH_REQUIRED';
    attempts: number;
    message: RegExp[];
    /** Whether the refresh token in the file still works afterwards. */
    stillWorks: boolean;
  }
  const five = (f: Fault): Fault[] => [f, f, f, f, f];
  const cases: Case[] = [
    {
      name: 'HTTP 500 on every attempt: retried, then unavailable',
      faults: five({ status: 500 }),
      code: 'UNAVAILABLE',
      attempts: 4,
      message: [/after 4 attempts/, /HTTP 500/, /the file is unchanged/],
      stillWorks: true,
    },
    {
      name: 'HTTP 503 with retries: 2',
      faults: five({ status: 503 }),
      options: { retries: 2 },
      code: 'UNAVAILABLE',
      attempts: 3,
      message: [/after 3 attempts/, /HTTP 503/],
      stillWorks: true,
    },
    {
      name: 'connection reset on every attempt',
      faults: five({ reset: true }),
      code: 'UNAVAILABLE',
      attempts: 4,
      message: [/after 4 attempts/, /ECONNRESET|socket hang up/],
      stillWorks: true,
    },
    {
      name: 'malformed JSON on every attempt',
      faults: five({ malformedJson: true }),
      code: 'UNAVAILABLE',
      attempts: 4,
      message: [/after 4 attempts/, /not JSON/],
      stillWorks: true,
    },
    {
      name: 'a 200 without access_token on every attempt',
      faults: five({ status: 200, body: { token_type: 'Bearer' } }),
      code: 'UNAVAILABLE',
      attempts: 4,
      message: [/without access_token/],
      stillWorks: true,
    },
    {
      name: 'no answer within the timeout on every attempt',
      faults: five({ status: 503, delayMs: 1500 }),
      options: { timeoutMs: 150 },
      code: 'UNAVAILABLE',
      attempts: 4,
      message: [/after 4 attempts/, /ETIMEDOUT/],
      stillWorks: true,
    },
    {
      name: '429 with Retry-After on every attempt',
      faults: five({ retryAfterSeconds: 0 }),
      code: 'UNAVAILABLE',
      attempts: 4,
      message: [/HTTP 429/],
      stillWorks: true,
    },
    {
      name: 'invalid_grant: not retried, authorize again',
      faults: [{ oauthError: 'invalid_grant' }],
      code: 'AUTH_REQUIRED',
      attempts: 1,
      message: [/invalid_grant/, /authorize again with the certificate/, /anaf-postman login/],
      stillWorks: true,
    },
    {
      name: 'invalid_client: not retried, authorize again',
      faults: [{ oauthError: 'invalid_client' }],
      code: 'AUTH_REQUIRED',
      attempts: 1,
      message: [/invalid_client/, /authorize again with the certificate/, /anaf-postman login/],
      stillWorks: true,
    },
    {
      // The mock handles the request (rotating the token) and only then holds the answer back, like
      // a slow network: the retry sends a refresh token that no longer exists. Nothing can save that
      // pair; what matters is that the file is untouched and the message says what to do.
      name: 'an answer that arrives after the timeout (token rotated server-side)',
      faults: [{ delayMs: 1500 }],
      options: { timeoutMs: 150 },
      code: 'AUTH_REQUIRED',
      attempts: 2,
      message: [
        /invalid_grant/,
        /authorize again with the certificate/,
        /earlier attempt got no answer: ETIMEDOUT/,
      ],
      stillWorks: false,
    },
  ];

  it.each(cases)('$name', async (c) => {
    const { file, refreshToken } = freshFile();
    const before = snapshotDir(tmp());
    mock().script(TOKEN_PATH, ...c.faults);
    const err = await rejection(refreshFile(file, { ...FAST, ...c.options }));
    expect(err.code).toBe(c.code);
    expect(err.exitCode).toBe(c.code === 'UNAVAILABLE' ? 4 : 3);
    for (const m of c.message) expect(err.message).toMatch(m);
    expect(err.message).toContain(file);
    expect(err.message).not.toContain('\n');
    expect(err.message).not.toContain(refreshToken);
    expect(mock().requests(TOKEN_PATH)).toHaveLength(c.attempts);
    expect(new Set(sentRefreshTokens(mock()))).toEqual(new Set([refreshToken]));
    expect(snapshotDir(tmp())).toEqual(before);
    mock().reset();
    expect((await refreshDirect(mock().url, refreshToken)).status).toBe(c.stillWorks ? 200 : 400);
  });

  it('recovers from transient faults: 500, reset and malformed JSON, then a good answer', async () => {
    const { file, refreshToken } = freshFile();
    mock().script(TOKEN_PATH, { status: 500 }, { reset: true }, { malformedJson: true });
    const result = await refreshFile(file, FAST);
    expect(result.outcome).toBe('refreshed');
    expect(mock().requests(TOKEN_PATH)).toHaveLength(4);
    expect(sentRefreshTokens(mock())).toEqual([refreshToken, refreshToken, refreshToken, refreshToken]);
    expect((await refreshDirect(mock().url, entry(readVars(file), 'refreshToken'))).status).toBe(200);
  });

  it('honours Retry-After (1 s) on a 429, then refreshes', async () => {
    const { file } = freshFile();
    mock().script(TOKEN_PATH, { retryAfterSeconds: 1 });
    const start = Date.now();
    const result = await withRealWaits(() => refreshFile(file, { ...FAST, baseDelayMs: 1 }));
    const took = Date.now() - start;
    expect(result.outcome).toBe('refreshed');
    expect(took).toBeGreaterThanOrEqual(950);
    const tries = mock().requests(TOKEN_PATH);
    expect(at(tries, 1).at - at(tries, 0).at).toBeGreaterThanOrEqual(950);
  });

  it('ANAF_POSTMAN_WAIT_SCALE (tests) shortens the wait: Retry-After 20 s at 0.05 is a second', async () => {
    const { file } = freshFile();
    mock().script(TOKEN_PATH, { retryAfterSeconds: 20 });
    const result = await withEnvVar('ANAF_POSTMAN_WAIT_SCALE', '0.05', () =>
      refreshFile(file, { ...FAST, baseDelayMs: 1 }),
    );
    expect(result.outcome).toBe('refreshed');
    const tries = mock().requests(TOKEN_PATH);
    const gap = at(tries, 1).at - at(tries, 0).at;
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(gap).toBeLessThan(5000);
  });

  it('caps a long Retry-After at maxRetryAfterMs', async () => {
    const { file } = freshFile();
    mock().script(TOKEN_PATH, { retryAfterSeconds: 3600 });
    const start = Date.now();
    await refreshFile(file, { ...FAST, maxRetryAfterMs: 100 });
    expect(Date.now() - start).toBeLessThan(5000);
    expect(mock().requests(TOKEN_PATH)).toHaveLength(2);
  });
});

describe('refreshFile: what needs no request', () => {
  const DAY = 86_400_000;

  it('ifExpiringWithinMs: skips a fresh pair without a request and leaves the file alone', async () => {
    const { file } = freshFile();
    const before = snapshotDir(tmp());
    const result = await refreshFile(file, { ...FAST, ifExpiringWithinMs: 7 * DAY });
    expect(result.outcome).toBe('skipped');
    expect(Date.parse(result.accessTokenExpiresAt ?? '') - Date.now()).toBeGreaterThan(89 * DAY);
    expect(mock().requests(TOKEN_PATH)).toHaveLength(0);
    expect(snapshotDir(tmp())).toEqual(before);
  });

  it('ifExpiringWithinMs: refreshes an access token that expires soon', async () => {
    const tokens = mock().issueTokens({ accessTtlSeconds: 60 });
    const file = writeEnv(tmp(), { origin: mock().url, tokens });
    const result = await refreshFile(file, { ...FAST, ifExpiringWithinMs: 7 * DAY });
    expect(result.outcome).toBe('refreshed');
    expect(sentRefreshTokens(mock())).toEqual([tokens.refresh_token]);
    expect(Date.parse(entry(readVars(file), 'accessTokenExpiresAt')) - Date.now()).toBeGreaterThan(89 * DAY);
  });

  it('an expired refresh token: authorize again, no request, file unchanged', async () => {
    const tokens = mock().issueTokens({ refreshTtlSeconds: -60 });
    const file = writeEnv(tmp(), { origin: mock().url, tokens });
    const before = snapshotDir(tmp());
    const err = await rejection(refreshFile(file, FAST));
    expect(err.code).toBe('AUTH_REQUIRED');
    expect(err.message).toMatch(/expired/);
    expect(err.message).toMatch(/authorize again with the certificate/);
    expect(err.message).toMatch(/anaf-postman login/);
    expect(mock().requests(TOKEN_PATH)).toHaveLength(0);
    expect(snapshotDir(tmp())).toEqual(before);
  });

  it('no refresh token: authorize first, no request', async () => {
    const file = writeEnv(tmp(), { origin: mock().url });
    const err = await rejection(refreshFile(file, FAST));
    expect(err.code).toBe('AUTH_REQUIRED');
    expect(err.message).toMatch(/anaf-postman login/);
    expect(mock().requests(TOKEN_PATH)).toHaveLength(0);
  });

  it.each([
    ['missing file', (dir: string) => path.join(dir, 'nope.json'), /no such file/],
    [
      'malformed JSON',
      (dir: string) => {
        fs.writeFileSync(path.join(dir, 'bad.json'), '{"values": [');
        return path.join(dir, 'bad.json');
      },
      /malformed JSON/,
    ],
    [
      'a collection instead of an environment',
      (dir: string) => {
        fs.copyFileSync(
          path.join(__dirname, '..', '..', '..', 'collections', 'anaf.postman_collection.json'),
          path.join(dir, 'c.json'),
        );
        return path.join(dir, 'c.json');
      },
      /collection, not an environment/,
    ],
  ])('bad input (%s): BAD_FILE, exit code 2, no lock left behind', async (_name, make, why) => {
    const file = make(tmp());
    const before = snapshotDir(tmp());
    const err = await rejection(refreshFile(file, FAST));
    expect(err.code).toBe('BAD_FILE');
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(why);
    expect(snapshotDir(tmp())).toEqual(before);
    expect(mock().requests(TOKEN_PATH)).toHaveLength(0);
  });

  it('missing clientId: BAD_FILE naming the variable, no request', async () => {
    const tokens = mock().issueTokens();
    const file = writeEnv(tmp(), { origin: mock().url, tokens, vars: { clientId: null } });
    const err = await rejection(refreshFile(file, FAST));
    expect(err.code).toBe('BAD_FILE');
    expect(err.message).toMatch(
      /not set up: no value for clientId; fill it in \(see "Your environment file"/,
    );
    expect(mock().requests(TOKEN_PATH)).toHaveLength(0);
  });
});

describe('refreshFile: the lock', () => {
  it('a stale lock (older than 10 s, its owner gone) does not block', async () => {
    const { file } = freshFile();
    const lock = `${file}.lock`;
    fs.mkdirSync(lock);
    const old = new Date(Date.now() - 11_000);
    fs.utimesSync(lock, old, old);
    const start = Date.now();
    expect((await refreshFile(file, FAST)).outcome).toBe('refreshed');
    expect(Date.now() - start).toBeLessThan(3000);
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('a live lock makes the second refresh wait and then use the first one’s tokens', async () => {
    const { file, refreshToken } = freshFile();
    mock().setOptions({ latencyMs: 300 });
    const [a, b] = await Promise.all([refreshFile(file, FAST), refreshFile(file, FAST)]);
    expect([a.outcome, b.outcome]).toEqual(['refreshed', 'refreshed']);
    const sent = sentRefreshTokens(mock());
    expect(sent).toHaveLength(2);
    expect(sent[0]).toBe(refreshToken);
    expect(sent[1]).not.toBe(refreshToken);
    mock().setOptions({ latencyMs: 0 });
    expect((await refreshDirect(mock().url, entry(readVars(file), 'refreshToken'))).status).toBe(200);
  });
});

describe('refreshFile: the recovery file', () => {
  it('when the file cannot be written after ANAF answered, the new pair is saved beside it (0600)', async () => {
    const { file, refreshToken } = freshFile();
    const original = fs.readFileSync(file);
    const moved = path.join(tmp(), 'moved-away.json');
    // Hold the answer back, and while it is on its way make the file unwritable: a folder now
    // stands where the file was (this works as root too, where chmod would not stop a write).
    mock().script(TOKEN_PATH, { delayMs: 400 });
    const pending = rejection(refreshFile(file, FAST));
    await waitFor(() => mock().requests(TOKEN_PATH).length === 1, 5000, 'the token request');
    fs.renameSync(file, moved);
    fs.mkdirSync(file);
    fs.writeFileSync(path.join(file, 'keep'), 'x');
    const err = await pending;

    expect(err.code).toBe('TOKENS_NOT_SAVED');
    const recovery = err.details?.recoveryFile as string;
    expect(typeof recovery).toBe('string');
    expect(err.message).toContain(recovery);
    expect(err.message).toContain(file);
    expect(path.dirname(recovery)).toBe(tmp());
    expect(modeOf(recovery)).toBe(0o600);
    const saved = readVars(recovery);
    expect(saved.refreshToken).not.toBe(refreshToken);
    expect(saved.clientId).toBe('anaf-postman-demo');
    expect(fs.readFileSync(moved)).toEqual(original);
    // The old token was rotated away: the recovery file holds the only working pair.
    expect((await refreshDirect(mock().url, refreshToken)).body.error).toBe('invalid_grant');
    expect((await refreshDirect(mock().url, entry(saved, 'refreshToken'))).status).toBe(200);
  });
});
