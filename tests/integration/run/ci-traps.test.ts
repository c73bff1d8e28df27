/**
 * The CI traps of a whole-collection `run` (issue #15): a healthy environment sends no token request
 * (the refresh token would rotate on every CI run), and an environment never set up fails with one
 * line before anything is sent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { run, type RunOptions } from '../../../src/run/run';
import { refreshFile } from '../../../src/tokens/refresh-file';
import { TOKEN_PATH, readVars, useMock, useTempDir, writeEnv } from '../../helpers/env';
import { rejection } from '../../helpers/errors';

const mock = useMock();
const tmp = useTempDir();
const FAST: Partial<RunOptions> = { baseDelayMs: 5, timeoutMs: 200, timeoutRequestMs: 5000 };

const tokenRequests = () =>
  mock()
    .requests()
    .filter((r) => r.path === TOKEN_PATH);

describe('run: a healthy environment', () => {
  it('a full run sends no token request and leaves the refresh token as it was', async () => {
    const tokens = mock().issueTokens();
    const file = writeEnv(tmp(), { origin: mock().url, tokens });
    const lines: string[] = [];
    const summary = await run({ ...FAST, environment: file, onLine: (l) => lines.push(l) });
    expect(summary.failures).toEqual([]);
    expect(summary.exitCode).toBe(0);
    // The mock's own log: API requests went out, not one token request.
    expect(mock().requests().length).toBeGreaterThan(5);
    expect(tokenRequests()).toEqual([]);
    expect(readVars(file).refreshToken).toBe(tokens.refresh_token);
    expect(summary.changed).not.toContain('refreshToken');
    // The explicit refresh request skipped itself and said how to ask for it.
    expect(lines.join('\n')).toMatch(/Refresh access token: not sent: .*forceRefresh=true/);
    expect(summary.skipped).toBeGreaterThanOrEqual(1);
  });

  it('--folder naming the refresh request sends it (asked for), once', async () => {
    const tokens = mock().issueTokens();
    const file = writeEnv(tmp(), { origin: mock().url, tokens });
    const summary = await run({ ...FAST, environment: file, folders: ['Refresh access token'] });
    expect(summary.failures).toEqual([]);
    expect(tokenRequests()).toHaveLength(1);
    expect(readVars(file).refreshToken).not.toBe(tokens.refresh_token);
  });

  it('envVars forceRefresh=true sends it in a full run; the override itself is not saved', async () => {
    const tokens = mock().issueTokens();
    const file = writeEnv(tmp(), { origin: mock().url, tokens });
    const summary = await run({ ...FAST, environment: file, envVars: { forceRefresh: 'true' } });
    expect(summary.failures).toEqual([]);
    expect(tokenRequests()).toHaveLength(1);
    expect(readVars(file).forceRefresh).toBeUndefined();
  });
});

describe('run: an environment that is not set up', () => {
  it('missing configuration → BAD_FILE (exit 2) naming every missing variable; nothing sent', async () => {
    const file = writeEnv(tmp(), { origin: mock().url, vars: { clientId: '', clientSecret: null } });
    const before = fs.readFileSync(file, 'utf8');
    const err = await rejection(run({ ...FAST, environment: file, reportDir: path.join(tmp(), 'r') }));
    expect(err).toMatchObject({ code: 'BAD_FILE', exitCode: 2 });
    expect(err.message).toMatch(/no value for clientId, clientSecret/);
    expect(err.message).not.toMatch(/\n/);
    expect(mock().requests()).toEqual([]);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('run and refresh refuse the same file alike, pointing at "Your environment file" (#27)', async () => {
    const file = writeEnv(tmp(), {
      origin: mock().url,
      tokens: mock().issueTokens(),
      vars: { clientId: '', clientSecret: '' },
    });
    const byRun = await rejection(run({ ...FAST, environment: file, reportDir: path.join(tmp(), 'r') }));
    const byRefresh = await rejection(refreshFile(file, { ...FAST, retries: 0 }));
    expect(byRun.message).toBe(
      `${file}: not set up: no value for clientId, clientSecret; fill them in ` +
        '(see "Your environment file" in the README or the guide)',
    );
    expect(byRefresh.message).toBe(byRun.message);
    expect(mock().requests()).toEqual([]);
  });

  it('no tokens → AUTH_REQUIRED (exit 3), one line naming anaf-postman login; nothing sent', async () => {
    const file = writeEnv(tmp(), { origin: mock().url });
    const err = await rejection(run({ ...FAST, environment: file }));
    expect(err).toMatchObject({ code: 'AUTH_REQUIRED', exitCode: 3 });
    expect(err.message).toBe(
      `${file}: no tokens yet; authorize first with the certificate: anaf-postman login --environment ${file}`,
    );
    expect(mock().requests()).toEqual([]);
  });
});
