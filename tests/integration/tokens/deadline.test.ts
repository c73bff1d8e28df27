/**
 * A token endpoint that answers a byte at a time ends the refresh within its bound: each attempt
 * within `timeoutMs` (headers and body), the whole refresh of the file, retries and backoffs
 * included, within `totalTimeoutMs`. Then the file is unchanged and its lock is free. Short
 * deadlines here; the defaults (30 s, 2 min) are the same code.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { withFileLock } from '../../../src/store';
import { refreshFile } from '../../../src/tokens/refresh-file';
import { rejection } from '../../helpers/errors';
import { ROOT, useMock, useTempDir, writeEnv } from '../../helpers/env';
import { dripServer } from '../../helpers/proxy';

const mock = useMock();
const tmp = useTempDir();

const ATTEMPT_MS = 1000;
const TOTAL_MS = 2500;

describe.each([
  ['its headers, then the body a byte at a time', 'body' as const],
  ['its status line a byte at a time', 'status' as const],
])('a token endpoint that sends %s', (_what, mode) => {
  it('fails the refresh within the total bound (exit 4), file unchanged, lock free', async () => {
    const drip = await dripServer(mode, 200, 30_000);
    try {
      const file = writeEnv(tmp(), {
        origin: mock().url,
        tokens: mock().issueTokens(),
        vars: { oauthBaseUrl: `${drip.url}/anaf-oauth2/v1` },
      });
      const before = fs.readFileSync(file);
      const started = Date.now();
      const err = await rejection(
        // Five retries of 1 s would take 6 s: the total bound cuts them short.
        refreshFile(file, { timeoutMs: ATTEMPT_MS, totalTimeoutMs: TOTAL_MS, retries: 5, baseDelayMs: 50 }),
      );
      const tookMs = Date.now() - started;
      expect(err.code).toBe('UNAVAILABLE');
      expect(err.exitCode).toBe(4);
      expect(err.message).toMatch(
        /unavailable after [23] attempts in 2.5 s \(ETIMEDOUT\); the file is unchanged$/,
      );
      expect(tookMs / TOTAL_MS).toBeLessThan(1.6);
      expect(drip.hits).toBeGreaterThanOrEqual(2);
      expect(fs.readFileSync(file)).toEqual(before);
      // The lock is free at once: taking it does not wait.
      await expect(withFileLock(file, () => Promise.resolve('taken'), 500)).resolves.toBe('taken');
    } finally {
      await drip.close();
    }
  }, 60_000);
});

describe('a 429 with Retry-After: 99999999 (past any timer)', () => {
  it('pauses at most a minute, never spins, and the process ends as soon as the refresh has', async () => {
    let hits = 0;
    const server = http.createServer((_req, res) => {
      hits++;
      res.writeHead(429, { 'retry-after': '99999999', 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const file = writeEnv(tmp(), {
        origin: mock().url,
        tokens: mock().issueTokens(),
        vars: { oauthBaseUrl: `http://127.0.0.1:${port}/anaf-oauth2/v1` },
      });
      // A batch (the process's rate limit in force, which the 429 pauses), in a process of its own:
      // whether that process lingers after the refresh ended is the point.
      const script = `
        const { refresh } = require(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'tokens', 'refresh.js'))});
        refresh({ environments: [process.argv[1]], progressFile: process.argv[2], timeoutMs: 500,
                  totalTimeoutMs: ${TOTAL_MS}, maxRetryAfterMs: 100, retries: 3 })
          .then((s) => process.stdout.write(JSON.stringify({ code: s.results[0].code, at: Date.now() }) + '\\n'));`;
      const child = spawn(process.execPath, ['-e', script, file, path.join(tmp(), 'progress.json')]);
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += String(d)));
      child.stderr.on('data', (d: Buffer) => (err += String(d)));
      const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const exit = await new Promise<{ code: number | null; at: number }>((resolve) =>
        child.on('close', (code) => resolve({ code, at: Date.now() })),
      );
      clearTimeout(kill);
      expect({ code: exit.code, stderr: err }).toEqual({ code: 0, stderr: '' });
      const ended = JSON.parse(out) as { code: string; at: number };
      expect(ended.code).toBe('UNAVAILABLE');
      // Out within a fraction of the bound after the refresh ended: no pause timer kept it alive.
      expect((exit.at - ended.at) / TOTAL_MS).toBeLessThan(0.5);
      expect(hits).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
});
