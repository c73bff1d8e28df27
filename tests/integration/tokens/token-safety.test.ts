/**
 * Issue #13 against the mock: a rotated token is never lost (items 1, 2, 4), a token request has a
 * total deadline (5), `error_description` never shows a secret (6), `invalid_request` is not exit 3 (12).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { refresh } from '../../../src/tokens/refresh';
import { refreshFile, type RefreshFileOptions } from '../../../src/tokens/refresh-file';
import * as tokens from '../../../src/tokens/tokens';
import {
  BASIC_CREDENTIALS,
  DEMO,
  readVars,
  refreshDirect,
  sentRefreshTokens,
  TOKEN_PATH,
  useMock,
  useTempDir,
  writeEnv,
} from '../../helpers/env';
import { entry } from '../../helpers/checked';
import { rejection } from '../../helpers/errors';
import { withRealWaits } from '../../helpers/env-vars';

const mock = useMock();
const tmp = useTempDir();
const FAST: RefreshFileOptions = { baseDelayMs: 10, timeoutMs: 2000 };

function freshFile(name?: string): { file: string; refreshToken: string } {
  const issued = mock().issueTokens();
  return {
    file: writeEnv(tmp(), { origin: mock().url, tokens: issued }, name),
    refreshToken: issued.refresh_token,
  };
}

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwtWithExp = (exp: number, jti: string) => `${b64url({ alg: 'none' })}.${b64url({ exp, jti })}.sig`;

describe('item 1: nothing after the answer loses the token', () => {
  it('a JWT exp beyond any JavaScript date: the tokens are saved, the expiry left empty', async () => {
    const { file } = freshFile();
    const access = jwtWithExp(1e300, 'a');
    const refreshToken = jwtWithExp(1e300, 'r');
    mock().script(TOKEN_PATH, { status: 200, body: { access_token: access, refresh_token: refreshToken } });
    const result = await refreshFile(file, FAST);
    expect(result.outcome).toBe('refreshed');
    const vars = readVars(file);
    expect([vars.accessToken, vars.refreshToken]).toEqual([access, refreshToken]);
    expect([vars.accessTokenExpiresAt, vars.refreshTokenExpiresAt]).toEqual(['', '']);
  });

  it('any failure between the answer and the write ends in a recovery file that is named', async () => {
    const { file } = freshFile();
    const original = fs.readFileSync(file);
    const spy = jest.spyOn(tokens, 'tokenUpdates').mockImplementation(() => {
      throw new RangeError('Invalid time value');
    });
    try {
      const err = await rejection(refreshFile(file, FAST));
      expect([err.code, err.exitCode]).toEqual(['TOKENS_NOT_SAVED', 5]);
      const recovery = err.details?.recoveryFile as string;
      expect(err.message).toContain(`the new tokens are safe in ${recovery}`);
      const saved = readVars(recovery);
      expect((await refreshDirect(mock().url, entry(saved, 'refreshToken'))).status).toBe(200);
      expect(fs.readFileSync(file)).toEqual(original);
    } finally {
      spy.mockRestore();
    }
  });

  it('an environment nested 6000 levels deep is refused before anything is sent', async () => {
    const { file } = freshFile();
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { values: object[] };
    data.values.push({ key: 'deep', value: 'x', extra: 0 });
    const text = JSON.stringify(data).replace(
      '"extra":0',
      `"extra":${'{"a":'.repeat(6000)}1${'}'.repeat(6000)}`,
    );
    fs.writeFileSync(file, text);
    const err = await rejection(refreshFile(file, FAST));
    expect([err.code, err.exitCode]).toEqual(['BAD_FILE', 2]);
    expect(mock().requests(TOKEN_PATH)).toHaveLength(0);
  });
});

describe('item 2: two paths to one file', () => {
  it('refresh of real.json and a symlink to it refreshes once and succeeds', async () => {
    const { file, refreshToken } = freshFile('real.json');
    const link = path.join(tmp(), 'link.json');
    fs.symlinkSync(file, link);
    const summary = await refresh({ ...FAST, environments: [file, link] });
    expect(summary.exitCode).toBe(0);
    expect(summary.results).toHaveLength(1);
    expect(sentRefreshTokens(mock())).toEqual([refreshToken]);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('two refreshes through the file and its symlink wait for each other: both succeed', async () => {
    const { file } = freshFile('real.json');
    const link = path.join(tmp(), 'link.json');
    fs.symlinkSync(file, link);
    mock().setOptions({ latencyMs: 200 });
    const [a, b] = await Promise.all([refreshFile(file, FAST), refreshFile(link, FAST)]);
    expect([a.outcome, b.outcome]).toEqual(['refreshed', 'refreshed']);
    const sent = sentRefreshTokens(mock());
    expect(new Set(sent).size).toBe(2); // the second sent the token the first saved
    mock().setOptions({ latencyMs: 0 });
    expect((await refreshDirect(mock().url, entry(readVars(file), 'refreshToken'))).status).toBe(200);
  });
});

describe('item 4: the folder must be able to take the answer before anything is sent', () => {
  it('no room on the disk: WRITE_FAILED, nothing sent, the refresh token still works', async () => {
    const { file, refreshToken } = freshFile();
    const spy = jest.spyOn(fs, 'statfsSync').mockReturnValue({
      type: 0xef53,
      bsize: 4096,
      blocks: 100,
      bfree: 0,
      bavail: 0,
      files: 10,
      ffree: 0,
    } as fs.StatsFs);
    try {
      const err = await rejection(refreshFile(file, FAST));
      expect(err.code).toBe('WRITE_FAILED');
      expect(err.message).toMatch(/bytes free.*nothing was sent/);
    } finally {
      spy.mockRestore();
    }
    expect(mock().requests(TOKEN_PATH)).toHaveLength(0);
    expect((await refreshDirect(mock().url, refreshToken)).status).toBe(200);
  });
});

describe('item 5: a total deadline per attempt', () => {
  let server: http.Server;
  let url = '';
  beforeEach(async () => {
    // Headers at once, then one byte every 100 ms, for ever: no idle timeout ever fires.
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('a server dripping bytes is cut off at the deadline: UNAVAILABLE, file unchanged', async () => {
    const issued = mock().issueTokens();
    const file = writeEnv(tmp(), {
      origin: mock().url,
      tokens: issued,
      vars: { oauthBaseUrl: `${url}/oauth` },
    });
    const before = fs.readFileSync(file);
    const started = Date.now();
    const err = await rejection(refreshFile(file, { retries: 1, baseDelayMs: 10, timeoutMs: 400 }));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.message).toMatch(/after 2 attempts.*ETIMEDOUT/);
    expect(fs.readFileSync(file)).toEqual(before);
  });

  it('once the signal is aborted no further attempt starts', async () => {
    const { file } = freshFile();
    mock().script(TOKEN_PATH, { status: 503 }, { status: 503 }, { status: 503 });
    const stop = new AbortController();
    // The real backoff (2 s), not the suite's shortened one: the abort must come during it.
    const pending = withRealWaits(() =>
      rejection(refreshFile(file, { retries: 3, baseDelayMs: 2000, timeoutMs: 2000, signal: stop.signal })),
    );
    setTimeout(() => stop.abort(), 200);
    const err = await pending;
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.message).toMatch(/after 1 attempts, then interrupted/);
    expect(mock().requests(TOKEN_PATH)).toHaveLength(1);
  });
});

describe('items 6 and 12: what the token endpoint answers', () => {
  it('an error_description echoing the request shows no refresh token, client secret or Basic header', async () => {
    const { file, refreshToken } = freshFile();
    const form = new URLSearchParams({
      refresh_token: refreshToken,
      client_secret: DEMO.clientSecret,
    }).toString();
    mock().script(TOKEN_PATH, {
      status: 400,
      body: {
        error: 'invalid_grant',
        error_description: `echo ${form} ${refreshToken} Basic ${BASIC_CREDENTIALS} ${JSON.stringify(DEMO.clientSecret)}`,
      },
    });
    const summary = await refresh({ ...FAST, environments: file });
    const shown = JSON.stringify(summary.results.map(({ error: _e, ...r }) => r));
    for (const secret of [
      refreshToken,
      DEMO.clientSecret,
      BASIC_CREDENTIALS,
      encodeURIComponent(refreshToken),
    ]) {
      expect(shown).not.toContain(secret);
    }
    expect(shown).toContain('[REDACTED]');
  });

  it('invalid_request leaves the file unchanged with exit 2, and the refresh token still works', async () => {
    const { file, refreshToken } = freshFile();
    const before = fs.readFileSync(file);
    mock().script(TOKEN_PATH, { oauthError: 'invalid_request' });
    const err = await rejection(refreshFile(file, FAST));
    expect([err.code, err.exitCode]).toEqual(['BAD_FILE', 2]);
    expect(err.message).not.toMatch(/login/);
    expect(fs.readFileSync(file)).toEqual(before);
    expect((await refreshDirect(mock().url, refreshToken)).status).toBe(200);
  });
});
