/**
 * `run` (the library): the committed collection through in-process Newman against the ANAF mock,
 * behind a recording proxyOf() that sees every token handed out, then the environment file written back.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Fault, MockServer } from '../../../src/mock';
import { withRealWaits } from '../../helpers/env-vars';
import { AnafPostmanError } from '../../../src/errors';
import { failureExitCode } from '../../../src/run/recorder';
import { run, type RunOptions } from '../../../src/run/run';
import { at, entry, first } from '../../helpers/checked';
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
  useRecordingProxy,
  TOKEN_PATH,
  useMock,
  useTempDir,
  writeEnv,
} from '../../helpers/env';
import { rejection } from '../../helpers/errors';

const mock = useMock();
const tmp = useTempDir();
const proxyOf = useRecordingProxy(mock);

const FAST: Partial<RunOptions> = { baseDelayMs: 5, timeoutMs: 200, timeoutRequestMs: 5000 };

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
    const file = writeEnv(tmp(), { origin: proxyOf().url, tokens, vars: { authorizationCode: code ?? '' } });
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

    // The exchange ran (the explicit refresh skips itself in a run): the file holds the pair handed out.
    const answers = proxyOf().tokenAnswers;
    expect(answers.length).toBe(1);
    const last = at(answers, -1);
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
    const report = JSON.parse(entry(texts, 'report.json'));
    expect(report).toEqual({
      requests: summary.requests,
      skipped: summary.skipped,
      assertions: summary.assertions,
      iterations: [expect.objectContaining({ iteration: 1, requests: summary.requests })],
      failures: [],
      notFiled: [],
      executions: expect.any(Array),
    });
    const secrets = new Set([
      ...proxyOf().secrets,
      tokens.access_token,
      tokens.refresh_token,
      code ?? '',
      DEMO.clientSecret,
      BASIC_CREDENTIALS,
    ]);
    expect(secrets.size).toBeGreaterThanOrEqual(7);
    expect(findSecrets(texts, secrets)).toEqual([]);
    expect((await refreshDirect(mock().url, entry(vars, 'refreshToken'))).status).toBe(200);
  });

  it('--folder e-Factura runs only that folder', async () => {
    const file = writeEnv(tmp(), { origin: proxyOf().url, tokens: mock().issueTokens() });
    const summary = await run({ ...FAST, environment: file, folders: ['e-Factura'], reporters: ['cli'] });
    expect(summary.exitCode).toBe(0);
    const paths = apiRequests(mock());
    expect(paths.length).toBeGreaterThanOrEqual(6);
    for (const p of paths) expect(p).toMatch(/ \/prod\/FCTEL\/rest\//);
  });

  it('an access token about to expire is refreshed before the run, and the new pair is saved', async () => {
    const tokens = mock().issueTokens({ accessTtlSeconds: 60 });
    const file = writeEnv(tmp(), { origin: proxyOf().url, tokens });
    const summary = await run({ ...FAST, environment: file, folders: ['TestOauth hello'] });
    expect(summary.exitCode).toBe(0);
    expect(sentRefreshTokens(mock())[0]).toBe(tokens.refresh_token);
    const vars = readVars(file);
    expect(vars.refreshToken).not.toBe(tokens.refresh_token);
    expect(Date.parse(entry(vars, 'accessTokenExpiresAt')) - Date.now()).toBeGreaterThan(89 * 86_400_000);
    expect((await refreshDirect(mock().url, entry(vars, 'refreshToken'))).status).toBe(200);
  });
});

describe('run: failures', () => {
  it('an unknown folder: USAGE, no request, file unchanged', async () => {
    const file = writeEnv(tmp(), { origin: proxyOf().url, tokens: mock().issueTokens() });
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
      origin: proxyOf().url,
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
      const file = writeEnv(tmp(), { origin: proxyOf().url, tokens });
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
    const file = writeEnv(tmp(), {
      origin: proxyOf().url,
      tokens: mock().issueTokens({ accessTtlSeconds: 60 }),
    });
    mock().script(TOKEN_PATH, { retryAfterSeconds: 1 });
    const start = Date.now();
    const summary = await withRealWaits(() =>
      run({ ...FAST, environment: file, folders: ['TestOauth hello'] }),
    );
    expect(summary.exitCode).toBe(0);
    expect(Date.now() - start).toBeGreaterThanOrEqual(950);
  });

  it('ANAF refuses the refresh request inside the run: exit 3, the tokens in the file are kept', async () => {
    const tokens = mock().issueTokens();
    const file = writeEnv(tmp(), { origin: proxyOf().url, tokens });
    mock().script(TOKEN_PATH, { oauthError: 'invalid_grant' });
    // Named with --folder: asked for, so it is sent (in a full run it skips itself).
    const summary = await run({ ...FAST, environment: file, folders: ['Refresh access token'] });
    expect(summary.exitCode).toBe(3);
    expect(
      summary.failures.some((f) => f.exitCode === 3 && f.item === 'OAuth 2.0 / Refresh access token'),
    ).toBe(true);
    const vars = readVars(file);
    expect(vars.accessToken).toBe(tokens.access_token);
    expect(vars.refreshToken).toBe(tokens.refresh_token);
    expect(summary.changed).not.toContain('refreshToken');
  });

  it("ANAF's 200-with-error body fails the assertions: exit 1", async () => {
    const file = writeEnv(tmp(), { origin: proxyOf().url, tokens: mock().issueTokens() });
    mock().script(`/prod/FCTEL/rest/upload`, {
      status: 200,
      headers: { 'Content-Type': 'application/xml' },
      body:
        '<?xml version="1.0" encoding="UTF-8"?>\n<header xmlns="mfp:anaf:dgti:spv:respUploadFisier:v1" ' +
        'dateResponse="202401011200" ExecutionStatus="1"><Errors errorMessage="Nu aveti drept in SPV"/></header>',
    });
    const summary = await run({ ...FAST, environment: file, folders: ['e-Factura'] });
    expect(summary.exitCode).toBe(1);
    expect(summary.failures.some((f) => f.item === 'e-Factura / upload')).toBe(true);
  });

  it('an API connection reset mid-run: exit 4 (unavailable)', async () => {
    const file = writeEnv(tmp(), { origin: proxyOf().url, tokens: mock().issueTokens() });
    mock().script('/prod/FCTEL/rest/listaMesajeFactura', { reset: true });
    const summary = await run({ ...FAST, environment: file, folders: ['e-Factura'] });
    expect(summary.exitCode).toBe(4);
    expect(summary.failures.find((f) => f.exitCode === 4)?.item).toBe('e-Factura / listaMesajeFactura');
  });
});

describe('run: reports that cannot be written never cost the rotated token', () => {
  it('junit.xml taken by a folder: WRITE_FAILED (exit 2) before anything is sent, file unchanged', async () => {
    const file = writeEnv(tmp(), { origin: proxyOf().url, tokens: mock().issueTokens() });
    const reportDir = path.join(tmp(), 'reports');
    fs.mkdirSync(path.join(reportDir, 'junit.xml'), { recursive: true });
    const before = snapshotDir(tmp());
    const err = await rejection(
      run({ ...FAST, environment: file, reporters: ['cli', 'junit'], reportDir, folders: ['OAuth 2.0'] }),
    );
    expect(err.code).toBe('WRITE_FAILED');
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(
      `reportDir: ${path.join(reportDir, 'junit.xml')} is a folder, not a report file`,
    );
    expect(mock().requests()).toHaveLength(0);
    expect(snapshotDir(tmp())).toEqual(before);
  });

  it('--report-dir that is a file: WRITE_FAILED before anything is sent', async () => {
    const file = writeEnv(tmp(), { origin: proxyOf().url, tokens: mock().issueTokens() });
    const reportDir = path.join(tmp(), 'reports');
    fs.writeFileSync(reportDir, 'not a folder');
    const err = await rejection(run({ ...FAST, environment: file, reporters: ['json'], reportDir }));
    expect(err.code).toBe('WRITE_FAILED');
    expect(err.message).toBe(`reportDir: ${reportDir} is not a folder`);
    expect(mock().requests()).toHaveLength(0);
  });

  it('an empty reportDir: USAGE naming reportDir, nothing sent', async () => {
    const file = writeEnv(tmp(), { origin: proxyOf().url, tokens: mock().issueTokens() });
    const before = snapshotDir(tmp());
    const err = await rejection(run({ ...FAST, environment: file, reporters: ['junit'], reportDir: '' }));
    expect(err.code).toBe('USAGE');
    expect(err.message).toMatch(/^reportDir: empty/);
    expect(mock().requests()).toHaveLength(0);
    expect(snapshotDir(tmp())).toEqual(before);
  });

  /**
   * Runs the refresh request with junit and html reports, and calls `sabotage(reportDir)` once the
   * token answer has arrived (Newman writes its reports at the very end).
   */
  async function sabotagedRun(sabotage: (reportDir: string) => void) {
    const tokens = mock().issueTokens();
    const file = writeEnv(tmp(), { origin: proxyOf().url, tokens });
    const reportDir = path.join(tmp(), 'reports');
    let done = false;
    const err = await rejection(
      run({
        ...FAST,
        environment: file,
        folders: ['Refresh access token'],
        reporters: ['cli', 'junit', 'json', 'html'],
        reportDir,
        onLine: (line) => {
          if (!done && /→ OAuth 2.0 \/ Refresh access token/.test(line)) {
            done = true;
            sabotage(reportDir);
          }
        },
      }),
    );
    expect(done).toBe(true);
    return { err, file, tokens };
  }

  /** The file holds the pair ANAF handed out last, which works; the old one is spent. */
  async function expectRotatedPairSaved(file: string, old: string) {
    expect(proxyOf().tokenAnswers).toHaveLength(1);
    const vars = readVars(file);
    const answer = first(proxyOf().tokenAnswers);
    expect(vars.refreshToken).toBe(answer.refresh_token);
    expect(vars.accessToken).toBe(answer.access_token);
    expect((await refreshDirect(mock().url, old)).body.error).toBe('invalid_grant');
    expect((await refreshDirect(mock().url, entry(vars, 'refreshToken'))).status).toBe(200);
  }

  it("Newman's report export fails after the token rotated: the pair is saved first, then WRITE_FAILED", async () => {
    const { err, file, tokens } = await sabotagedRun((dir) => {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.writeFileSync(dir, 'now a file'); // Newman cannot create its reports in it (as root too)
    });
    expect(err.code).toBe('WRITE_FAILED');
    expect(err.message).toMatch(/^reportDir: /);
    expect(err.message).toMatch(/the changed variables \(.*refreshToken.*\) were saved in /);
    expect(err.message).not.toContain('\n');
    expect(findSecrets({ message: err.message }, proxyOf().secrets)).toEqual([]);
    await expectRotatedPairSaved(file, tokens.refresh_token);
  });

  it('a report cannot be redacted after the token rotated: the pair is saved first, then WRITE_FAILED', async () => {
    const { err, file, tokens } = await sabotagedRun((dir) => {
      // Newman writes junit into a folder it finds there (under another name); redaction then fails.
      fs.mkdirSync(path.join(dir, 'junit.xml'));
    });
    expect(err.code).toBe('WRITE_FAILED');
    expect(err.message).toMatch(/^reportDir: .*junit\.xml.*EISDIR/);
    expect(err.message).toMatch(/were saved in /);
    await expectRotatedPairSaved(file, tokens.refresh_token);
  });
});

describe('run: request errors', () => {
  it("a request with an empty URL is the collection's fault: exit 1, not 4", async () => {
    const file = writeEnv(tmp(), { origin: proxyOf().url, tokens: mock().issueTokens() });
    const collection = path.join(tmp(), 'empty-url.postman_collection.json');
    fs.writeFileSync(
      collection,
      JSON.stringify({
        info: { name: 'x', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
        item: [{ name: 'no url', request: { method: 'GET', url: '' } }],
      }),
    );
    const summary = await run({ ...FAST, environment: file, collection });
    expect(summary.failures).toEqual([
      expect.objectContaining({ item: 'no url', test: 'request', exitCode: 1 }),
    ]);
    expect(first(summary.failures).message).toMatch(/request url is empty/);
    expect(summary.exitCode).toBe(1);
  });

  it.each<[string, string | undefined, number]>([
    ['connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED', 4],
    ['read ECONNRESET', 'ECONNRESET', 4],
    ['ETIMEDOUT', 'ETIMEDOUT', 4],
    ['ESOCKETTIMEDOUT', 'ESOCKETTIMEDOUT', 4],
    ['getaddrinfo ENOTFOUND api.anaf.ro', 'ENOTFOUND', 4],
    ['getaddrinfo EAI_AGAIN api.anaf.ro', 'EAI_AGAIN', 4],
    ['write EPIPE', 'EPIPE', 4],
    ['socket hang up', 'ECONNRESET', 4],
    ['socket hang up', undefined, 4],
    ['runtime:extensions~request: request url is empty', undefined, 1],
    ['Invalid protocol: ftp:', undefined, 1],
    ['certificate has expired', 'CERT_HAS_EXPIRED', 1],
    ['self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT', 1],
  ])('failureExitCode of a request error "%s" (code %s) is %i', (message, code, exit) => {
    expect(failureExitCode(message, Object.assign(new Error(message), code ? { code } : {}))).toBe(exit);
  });
});

describe('run: Newman fails without a summary', () => {
  it('the token pair the recorder saw is saved from its answer, then INTERNAL naming what was saved', async () => {
    const file = writeEnv(tmp(), { origin: proxyOf().url, tokens: mock().issueTokens() });
    const answer = mock().issueTokens();
    const { EventEmitter } = await import('node:events');
    // A Newman that answers one token request, then fails without passing a summary.
    const fake = {
      run: (_options: unknown, callback: (err: Error | null, summary?: unknown) => void) => {
        const emitter = new EventEmitter();
        setImmediate(() => {
          emitter.emit('request', null, {
            item: { name: 'Refresh access token' },
            request: { method: 'POST', url: 'http://x/token', headers: { get: () => undefined } },
            response: { code: 200, responseTime: 1, stream: Buffer.from(JSON.stringify(answer)) },
          });
          callback(new Error('the runtime broke'));
        });
        return emitter;
      },
    };
    jest.doMock('newman', () => fake);
    try {
      let isolated!: typeof import('../../../src/run/run');
      jest.isolateModules(() => {
        isolated = require('../../../src/run/run');
      });
      // The isolated modules have their own AnafPostmanError class: judge by code and message.
      const err = (await isolated.run({ ...FAST, environment: file, reporters: ['cli'] }).then(
        () => undefined,
        (e: unknown) => e,
      )) as AnafPostmanError | undefined;
      expect(err?.code).toBe('INTERNAL');
      expect(err?.message).toMatch(
        /^Newman failed: the runtime broke; the changed variables \(.*refreshToken.*\) were saved/,
      );
    } finally {
      jest.dontMock('newman');
    }
    const vars = readVars(file);
    expect(vars.accessToken).toBe(answer.access_token);
    expect(vars.refreshToken).toBe(answer.refresh_token);
    expect(vars.refreshTokenExpiresAt).not.toBe('');
  });
});
