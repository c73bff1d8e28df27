/** `refresh` (many environment files at once) against the ANAF mock, through a recording proxyOf(). */
import fs from 'node:fs';
import path from 'node:path';
import { isAnafError } from '../../../src/errors';
import { refresh, type RefreshResult } from '../../../src/tokens/refresh';
import {
  readVars,
  refreshDirect,
  sentRefreshTokens,
  useRecordingProxy,
  TOKEN_PATH,
  useMock,
  useTempDir,
  writeEnv,
} from '../../helpers/env';
import { at, entry } from '../../helpers/checked';

const mock = useMock();
const tmp = useTempDir();

const proxyOf = useRecordingProxy(mock);

/** 20 files: #5 lacks clientId, #12 holds a refresh token the mock does not know. */
function twentyFiles(): string[] {
  return Array.from({ length: 20 }, (_, i) => {
    const tokens = mock().issueTokens();
    const vars: Record<string, string | null> = {};
    if (i === 5) vars.clientId = null;
    if (i === 12) vars.refreshToken = 'not-a-token-the-mock-issued';
    return writeEnv(
      tmp(),
      { origin: proxyOf().url, tokens, vars },
      `client-${String(i).padStart(2, '0')}.json`,
    );
  });
}

describe('refresh: a batch', () => {
  it('20 files, concurrency 4, mixed outcomes: per-file results, worst exit code, others refreshed', async () => {
    const files = twentyFiles();
    const before = files.map((f) => fs.readFileSync(f, 'utf8'));
    mock().setOptions({ latencyMs: 50 });
    const progress: [string, number, number][] = [];
    const summary = await refresh({
      environments: [path.join(tmp(), '*.json')],
      concurrency: 4,
      baseDelayMs: 10,
      onResult: (r, done, total) => progress.push([r.file, done, total]),
    });

    // tinyglobby answers an absolute pattern with paths relative to the working folder.
    expect(summary.results.map((r) => path.resolve(r.file))).toEqual(files);
    expect(summary.counts).toEqual({ refreshed: 18, skipped: 0, failed: 2, interrupted: 0 });
    expect(summary.exitCode).toBe(3);
    const bad = at(summary.results, 5);
    expect(bad).toMatchObject({ outcome: 'failed', exitCode: 2, code: 'BAD_FILE' });
    expect(bad.message).toMatch(
      /not set up: no value for clientId; fill it in \(see "Your environment file"/,
    );
    const refused = at(summary.results, 12);
    expect(refused).toMatchObject({ outcome: 'failed', exitCode: 3, code: 'AUTH_REQUIRED' });
    expect(refused.message).toMatch(/invalid_grant/);
    expect(refused.message).toMatch(/authorize again with the certificate/);
    expect(fs.readFileSync(at(files, 5), 'utf8')).toBe(before[5]);
    expect(fs.readFileSync(at(files, 12), 'utf8')).toBe(before[12]);

    expect(progress.map((p) => p[1])).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(progress.map((p) => p[2]))).toEqual(new Set([20]));
    expect(new Set(progress.map((p) => path.resolve(p[0])))).toEqual(new Set(files));
    expect(proxyOf().maxInFlight).toBeLessThanOrEqual(4);
    expect(proxyOf().maxInFlight).toBeGreaterThanOrEqual(2);
    expect(mock().requests(TOKEN_PATH)).toHaveLength(19);

    mock().setOptions({ latencyMs: 0 });
    const refreshed = summary.results.filter((r: RefreshResult) => r.outcome === 'refreshed');
    for (const r of refreshed) {
      const i = files.indexOf(path.resolve(r.file));
      expect(i).toBeGreaterThanOrEqual(0); // at() would read -1 as the last file
      const vars = readVars(r.file);
      expect(vars.refreshToken).not.toBe(JSON.parse(at(before, i)).values.find(isRefresh).value);
      expect(r.accessTokenExpiresAt).toBe(vars.accessTokenExpiresAt);
      expect(r.exitCode).toBe(0);
    }
    // Every saved pair is one the mock accepts.
    for (const r of refreshed) {
      expect((await refreshDirect(mock().url, entry(readVars(r.file), 'refreshToken'))).status).toBe(200);
    }
  });

  it('exit code is the numeric worst: 4 (unavailable) beats 3 and 2', async () => {
    const all = twentyFiles();
    const files = [...all.slice(0, 6), at(all, 12)];
    mock().script(TOKEN_PATH, { status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    const summary = await refresh({ environments: files, concurrency: 1, baseDelayMs: 1 });
    expect(summary.results[0]).toMatchObject({ outcome: 'failed', exitCode: 4, code: 'UNAVAILABLE' });
    expect(summary.results[5]).toMatchObject({ outcome: 'failed', exitCode: 2 });
    expect(summary.results[6]).toMatchObject({ outcome: 'failed', exitCode: 3 });
    expect(summary.exitCode).toBe(4);
    expect(summary.counts.refreshed).toBe(4);
  });

  it('skips what is not expiring and refreshes what is', async () => {
    const soon = mock().issueTokens({ accessTtlSeconds: 60 });
    const fresh = mock().issueTokens();
    const a = writeEnv(tmp(), { origin: proxyOf().url, tokens: soon }, 'a.json');
    const b = writeEnv(tmp(), { origin: proxyOf().url, tokens: fresh }, 'b.json');
    const summary = await refresh({ environments: [a, b], ifExpiringWithinMs: 7 * 86_400_000 });
    expect(summary.results.map((r) => r.outcome)).toEqual(['refreshed', 'skipped']);
    expect(summary.exitCode).toBe(0);
    expect(sentRefreshTokens(mock())).toEqual([soon.refresh_token]);
  });

  it.each([
    ['no file', { environments: [] }, /at least one/],
    ['a glob that matches nothing', { environments: ['/nonexistent-dir-xyz/*.json'] }, /no file matches/],
    ['concurrency 0', { environments: ['x.json'], concurrency: 0 }, /^concurrency: /],
  ])('usage errors throw (%s)', async (_n, options, why) => {
    let caught: unknown;
    try {
      await refresh(options);
    } catch (err) {
      caught = err;
    }
    expect(isAnafError(caught, 'USAGE')).toBe(true);
    expect((caught as Error).message).toMatch(why);
  });
});

function isRefresh(v: { key: string }): boolean {
  return v.key === 'refreshToken';
}
