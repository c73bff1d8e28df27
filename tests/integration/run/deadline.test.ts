/**
 * `run` ends every request within `timeoutRequest` of sending it, however the other side stalls:
 * an API answer that drips its body, one that drips its status line, a proxy that never answers
 * CONNECT. Each is a request error (ANAF unreachable, exit 4) within the bound, and the file's lock
 * is free afterwards. Newman's own timeout restarts with every byte, so without the transport's
 * deadline these held the run (and the lock) until the server gave up.
 */
import path from 'node:path';
import { run, type RunSummary } from '../../../src/run/run';
import { withFileLock } from '../../../src/store';
import { runCli } from '../../helpers/cli';
import { useMock, useTempDir, writeEnv } from '../../helpers/env';
import { useInProcessProxy } from '../../helpers/in-process-proxy';
import { connectProxy, dripServer } from '../../helpers/proxy';

const mock = useMock();
const tmp = useTempDir();

const REQUEST_MS = 1000;
/** Newman's start and the run's own work, in units of the request deadline: generous on a busy machine. */
const MAX_RATIO = 8;

/** An environment whose token is fresh (no refresh) and whose API requests go to `apiOrigin`. */
function envFile(apiOrigin: string): string {
  return writeEnv(tmp(), {
    origin: mock().url,
    tokens: mock().issueTokens(),
    vars: { apiBaseUrl: apiOrigin },
  });
}

async function runHello(file: string): Promise<{ summary: RunSummary; ratio: number }> {
  const started = Date.now();
  const summary = await run({
    environment: file,
    folders: ['TestOauth hello'],
    reporters: ['cli'],
    reportDir: path.join(tmp(), 'reports'),
    timeoutRequestMs: REQUEST_MS,
  });
  return { summary, ratio: (Date.now() - started) / REQUEST_MS };
}

async function lockIsFree(file: string): Promise<void> {
  await expect(withFileLock(file, () => Promise.resolve('taken'), 500)).resolves.toBe('taken');
}

describe.each([
  ['drips its body after the headers', 'body' as const],
  ['drips its status line', 'status' as const],
])('an API that %s', (_what, mode) => {
  it('is a request error within timeoutRequest (exit 4), the lock free', async () => {
    const drip = await dripServer(mode, 100, 30_000);
    try {
      const file = envFile(drip.url);
      const { summary, ratio } = await runHello(file);
      expect(summary.exitCode).toBe(4);
      // The request's error comes first (the collection's tests that judge the missing answer follow).
      expect(summary.failures[0]).toMatchObject({
        message: `no full answer within ${REQUEST_MS} ms`,
        exitCode: 4,
      });
      expect(ratio).toBeLessThan(MAX_RATIO);
      expect(drip.hits).toBe(1);
      await lockIsFree(file);
    } finally {
      await drip.close();
    }
  }, 60_000);
});

describe('a proxy that never answers CONNECT', () => {
  const throughProxy = useInProcessProxy();

  it('is a request error within timeoutRequest (exit 4), the lock free', async () => {
    const proxy = await connectProxy();
    // ANAF's name goes only to the proxy: a lookup of it here would be a request past the proxy.
    const lookups = throughProxy(proxy.url);
    // Without a deadline the run would wait for ever: the proxy gives up after a while, so a broken run still ends.
    const giveUp = setTimeout(() => void proxy.close(), 30_000);
    try {
      const file = envFile('https://api.anaf.ro');
      const { summary, ratio } = await runHello(file);
      expect(summary.exitCode).toBe(4);
      expect(summary.failures[0]?.message).toMatch(
        /^proxy 127\.0\.0\.1:\d+ gave no answer to CONNECT api\.anaf\.ro:443$/,
      );
      expect(summary.failures[0]?.exitCode).toBe(4);
      expect(ratio).toBeLessThan(MAX_RATIO);
      expect(proxy.tunnels.map((t) => t.target)).toEqual(['api.anaf.ro:443']);
      expect(lookups).toEqual([]);
      await lockIsFree(file);
    } finally {
      clearTimeout(giveUp);
      await proxy.close();
    }
  }, 60_000);
});

describe('the CLI', () => {
  it('run --timeout-request 2s against an API that drips its body: exit 4 within the bound', async () => {
    const drip = await dripServer('body', 100, 40_000);
    try {
      const file = envFile(drip.url);
      const started = Date.now();
      const r = await runCli(['run', '-e', file, '--folder', 'TestOauth hello', '--timeout-request', '2s'], {
        cwd: tmp(),
      });
      const ratio = (Date.now() - started) / 2000;
      expect(r.code).toBe(4);
      expect(r.stdout).toContain('no full answer within 2000 ms');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(ratio).toBeLessThan(MAX_RATIO);
      await lockIsFree(file);
    } finally {
      await drip.close();
    }
  }, 90_000);
});
