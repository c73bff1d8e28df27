/**
 * `run` (the library): the committed collection through in-process Newman against the ANAF mock,
 * behind a recording proxy that sees every token handed out, then the environment file written back.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Fault, MockServer } from '../../../src/mock';
import { AnafPostmanError, isAnafError } from '../../../src/errors';
import { run, type RunOptions } from '../../../src/run/run';
import {
  BASIC_CREDENTIALS,
  DEMO,
  envText,
  findSecrets,
  readEnv,
  readVars,
  refreshDirect,
  sentRefreshTokens,
  snapshotDir,
  startRecordingProxy,
  TOKEN_PATH,
  useMock,
  useTempDir,
  writeEnv,
  type RecordingProxy,
} from './env';

const mock = useMock();
const tmp = useTempDir();
let proxy: RecordingProxy;
beforeEach(async () => {
  proxy = await startRecordingProxy(mock());
});
afterEach(async () => {
  await proxy.close();
});

const FAST: Partial<RunOptions> = { baseDelayMs: 5, timeoutMs: 200, timeoutRequestMs: 5000 };

async function rejection(promise: Promise<unknown>): Promise<AnafPostmanError> {
  try {
    await promise;
  } catch (err) {
    if (isAnafError(err)) return err;
    throw err;
  }
  throw new Error('expected the run to fail');
}

/** Non-token requests the mock received. */
function apiRequests(m: MockServer): string[] {
  return m
    .requests()
    .filter((r) => r.path !== TOKEN_PATH)
    .map((r) => `${r.method} ${r.path}`);
}

describe('run: the whole collection', () => {
  it('exit 0; changed variables written back with types and order kept; no secret in any report', async () => {
    const tokens = mock().issueTokens();
    const { code } = await mock().authorize();
    const file = writeEnv(tmp(), { origin: proxy.url, tokens, vars: { authorizationCode: code ?? '' } });
    const custom = readEnv(file);
    custom._custom = { team: 'qa' };
    custom.values.find((v) => v.key === 'refreshToken')!.description = 'kept';
    fs.writeFileSync(file, envText(custom));
    const before = readEnv(file);
    const reportDir = path.join(tmp(), 'reports');
    const lines: string[] = [];
    const summary = await run({
      ...FAST,
      environment: file,
      reporters: ['cli', 'junit', 'json', 'html'],
      reportDir,
      onLine: (l) => lines.push(l),
    });

    expect(summary.failures).toEqual([]);
    expect(summary.exitCode).toBe(0);
    expect(summary.requests).toBeGreaterThanOrEqual(10);
    expect(summary.assertions).toBeGreaterThanOrEqual(summary.requests);
    // The expiries may equal the old ones to the second (JWT `exp`), so only these must change.
    expect(summary.changed).toEqual(
      expect.arrayContaining(['accessToken', 'refreshToken', 'authorizationCode']),
    );
    expect(summary.reports.map((f) => path.basename(f)).sort()).toEqual([
      'junit.xml',
      'report.html',
      'report.json',
    ]);

    // The exchange and the refresh both ran: the file holds the last pair handed out, and it works.
    const answers = proxy.tokenAnswers;
    expect(answers.length).toBeGreaterThanOrEqual(2);
    const last = answers[answers.length - 1];
    const after = readEnv(file);
    const vars = readVars(file);
    expect(vars.accessToken).toBe(last.access_token);
    expect(vars.refreshToken).toBe(last.refresh_token);
    expect(vars.authorizationCode).toBe('');
    expect(after.values.map((v) => v.key)).toEqual(before.values.map((v) => v.key));
    expect(after.values.map((v) => v.type)).toEqual(before.values.map((v) => v.type));
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(after._custom).toEqual({ team: 'qa' });
    expect(after.values.find((v) => v.key === 'refreshToken')).toMatchObject({
      type: 'secret',
      description: 'kept',
    });
    for (const key of summary.changed) {
      expect(vars[key]).not.toBe(String(before.values.find((v) => v.key === key)?.value ?? ''));
    }
    expect(vars.uploadIndex).not.toBe('');

    const texts: Record<string, string> = { lines: lines.join('\n') };
    for (const f of summary.reports) texts[path.basename(f)] = fs.readFileSync(f, 'utf8');
    expect(texts['junit.xml']).toMatch(/<testsuites/);
    expect(texts['report.html']).toMatch(/upload/);
    const report = JSON.parse(texts['report.json']);
    expect(report).toEqual({
      requests: summary.requests,
      assertions: summary.assertions,
      failures: [],
      executions: expect.any(Array),
    });
    const secrets = new Set([
      ...proxy.secrets,
      tokens.access_token,
      tokens.refresh_token,
      code ?? '',
      DEMO.clientSecret,
      BASIC_CREDENTIALS,
    ]);
    expect(secrets.size).toBeGreaterThanOrEqual(8);
    expect(findSecrets(texts, secrets)).toEqual([]);
    expect((await refreshDirect(mock().url, vars.refreshToken)).status).toBe(200);
  });

  it('--folder e-Factura runs only that folder', async () => {
    const file = writeEnv(tmp(), { origin: proxy.url, tokens: mock().issueTokens() });
    const summary = await run({ ...FAST, environment: file, folders: ['e-Factura'], reporters: ['cli'] });
    expect(summary.exitCode).toBe(0);
    const paths = apiRequests(mock());
    expect(paths.length).toBeGreaterThanOrEqual(6);
    for (const p of paths) expect(p).toMatch(/ \/prod\/FCTEL\/rest\//);
  });

  it('an access token about to expire is refreshed before the run, and the new pair is saved', async () => {
    const tokens = mock().issueTokens({ accessTtlSeconds: 60 });
    const file = writeEnv(tmp(), { origin: proxy.url, tokens });
    const summary = await run({ ...FAST, environment: file, folders: ['TestOauth hello'] });
    expect(summary.exitCode).toBe(0);
    expect(sentRefreshTokens(mock())[0]).toBe(tokens.refresh_token);
    const vars = readVars(file);
    expect(vars.refreshToken).not.toBe(tokens.refresh_token);
    expect(Date.parse(vars.accessTokenExpiresAt) - Date.now()).toBeGreaterThan(89 * 86_400_000);
    expect((await refreshDirect(mock().url, vars.refreshToken)).status).toBe(200);
  });
});

describe('run: failures', () => {
  it('an unknown folder: USAGE, no request, file unchanged', async () => {
    const file = writeEnv(tmp(), { origin: proxy.url, tokens: mock().issueTokens() });
    const before = snapshotDir(tmp());
    const err = await rejection(run({ ...FAST, environment: file, folders: ['e-Factur'] }));
    expect(err.code).toBe('USAGE');
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/"e-Factur" is not a folder or request/);
    expect(mock().requests()).toHaveLength(0);
    expect(snapshotDir(tmp())).toEqual(before);
  });

  it('an expired refresh token: AUTH_REQUIRED before any request, file unchanged', async () => {
    const file = writeEnv(tmp(), {
      origin: proxy.url,
      tokens: mock().issueTokens({ refreshTtlSeconds: -60 }),
    });
    const before = snapshotDir(tmp());
    const err = await rejection(run({ ...FAST, environment: file }));
    expect(err.code).toBe('AUTH_REQUIRED');
    expect(err.message).toMatch(/authorize again with the certificate/);
    expect(mock().requests()).toHaveLength(0);
    expect(snapshotDir(tmp())).toEqual(before);
  });

  const four = (f: Fault): Fault[] => [f, f, f, f];
  it.each<[string, string, number, Fault[]]>([
    ['500 ×4', 'UNAVAILABLE', 4, four({ status: 500 })],
    ['reset ×4', 'UNAVAILABLE', 4, four({ reset: true })],
    ['malformed JSON ×4', 'UNAVAILABLE', 4, four({ malformedJson: true })],
    ['no answer within the timeout ×4', 'UNAVAILABLE', 4, four({ status: 503, delayMs: 1000 })],
    ['invalid_grant', 'AUTH_REQUIRED', 1, [{ oauthError: 'invalid_grant' }]],
    ['invalid_client', 'AUTH_REQUIRED', 1, [{ oauthError: 'invalid_client' }]],
  ])(
    'the refresh before the run fails (%s) → %s after %i request(s), nothing run, file unchanged',
    async (_n, code, n, faults) => {
      const tokens = mock().issueTokens({ accessTtlSeconds: 60 });
      const file = writeEnv(tmp(), { origin: proxy.url, tokens });
      const before = snapshotDir(tmp());
      mock().script(TOKEN_PATH, ...faults);
      const err = await rejection(run({ ...FAST, environment: file }));
      expect(err.code).toBe(code);
      expect(err.message).not.toContain('\n');
      expect(mock().requests(TOKEN_PATH)).toHaveLength(n);
      expect(apiRequests(mock())).toEqual([]);
      expect(snapshotDir(tmp())).toEqual(before);
    },
  );

  it('the refresh before the run waits out a 429 and then runs', async () => {
    const file = writeEnv(tmp(), { origin: proxy.url, tokens: mock().issueTokens({ accessTtlSeconds: 60 }) });
    mock().script(TOKEN_PATH, { retryAfterSeconds: 1 });
    const start = Date.now();
    const summary = await run({ ...FAST, environment: file, folders: ['TestOauth hello'] });
    expect(summary.exitCode).toBe(0);
    expect(Date.now() - start).toBeGreaterThanOrEqual(950);
  });

  it('ANAF refuses the refresh request inside the run: exit 3, the tokens in the file are kept', async () => {
    const tokens = mock().issueTokens();
    const file = writeEnv(tmp(), { origin: proxy.url, tokens });
    mock().script(TOKEN_PATH, { oauthError: 'invalid_grant' });
    const summary = await run({ ...FAST, environment: file, folders: ['OAuth 2.0'] });
    expect(summary.exitCode).toBe(3);
    expect(summary.failures.some((f) => f.exitCode === 3 && f.item === 'Refresh access token')).toBe(true);
    const vars = readVars(file);
    expect(vars.accessToken).toBe(tokens.access_token);
    expect(vars.refreshToken).toBe(tokens.refresh_token);
    expect(summary.changed).not.toContain('refreshToken');
  });

  it("ANAF's 200-with-error body fails the assertions: exit 1", async () => {
    const file = writeEnv(tmp(), { origin: proxy.url, tokens: mock().issueTokens() });
    mock().script(`/prod/FCTEL/rest/upload`, {
      status: 200,
      headers: { 'Content-Type': 'application/xml' },
      body:
        '<?xml version="1.0" encoding="UTF-8"?>\n<header xmlns="mfp:anaf:dgti:spv:respUploadFisier:v1" ' +
        'dateResponse="202401011200" ExecutionStatus="1"><Errors errorMessage="Nu aveti drept in SPV"/></header>',
    });
    const summary = await run({ ...FAST, environment: file, folders: ['e-Factura'] });
    expect(summary.exitCode).toBe(1);
    expect(summary.failures.some((f) => f.item === 'upload')).toBe(true);
  });

  it('an API connection reset mid-run: exit 4 (unavailable)', async () => {
    const file = writeEnv(tmp(), { origin: proxy.url, tokens: mock().issueTokens() });
    mock().script('/prod/FCTEL/rest/listaMesajeFactura', { reset: true });
    const summary = await run({ ...FAST, environment: file, folders: ['e-Factura'] });
    expect(summary.exitCode).toBe(4);
    expect(summary.failures.find((f) => f.exitCode === 4)?.item).toBe('listaMesajeFactura');
  });
});
