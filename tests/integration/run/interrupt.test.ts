/**
 * `run` (the library) with `signal`: Newman stops between two items, the variables are saved and
 * `interrupted.notRun` counts the requests never reached, over every iteration left.
 */
import fs from 'node:fs';
import path from 'node:path';
import { run, type RunOptions } from '../../../src/run/run';
import { COLLECTION, useMock, useTempDir, waitFor, writeEnv } from '../../helpers/env';

const mock = useMock({ latencyMs: 200 });
const tmp = useTempDir();

const FAST: Partial<RunOptions> = { baseDelayMs: 5, timeoutMs: 2000, timeoutRequestMs: 5000 };

/** The requests of the committed collection. */
function requestsInCollection(
  node = JSON.parse(fs.readFileSync(COLLECTION, 'utf8')) as { item?: unknown[] },
): number {
  if (!Array.isArray(node.item)) return 1;
  return node.item.reduce<number>((n, child) => n + requestsInCollection(child as { item?: unknown[] }), 0);
}

it('a signal given before the run: nothing is sent, every request is counted as not run, the file is unchanged', async () => {
  const file = writeEnv(tmp(), { origin: mock().url, tokens: mock().issueTokens() });
  const before = fs.readFileSync(file, 'utf8');
  const stop = new AbortController();
  stop.abort();
  const summary = await run({
    ...FAST,
    environment: file,
    reportDir: path.join(tmp(), 'r'),
    iterationCount: 2,
    signal: stop.signal,
  });
  expect(mock().requests()).toEqual([]);
  expect(summary).toMatchObject({ requests: 0, skipped: 0, changed: [] });
  expect(summary.interrupted).toEqual({ notRun: 2 * requestsInCollection() });
  expect(fs.readFileSync(file, 'utf8')).toBe(before);
});

it('a signal in the first of two iterations: the rest of it and the whole second one are not run', async () => {
  const file = writeEnv(tmp(), { origin: mock().url, tokens: mock().issueTokens() });
  const stop = new AbortController();
  const running = run({
    ...FAST,
    environment: file,
    reportDir: path.join(tmp(), 'r'),
    iterationCount: 2,
    signal: stop.signal,
  });
  await waitFor(() => mock().requests().length >= 2, 30_000, 'two requests');
  const atSignal = mock().requests().length;
  stop.abort();
  const summary = await running;
  expect(mock().requests().length - atSignal).toBeLessThanOrEqual(1);
  expect(summary.iterations).toHaveLength(1);
  const notRun = summary.interrupted?.notRun ?? 0;
  expect(notRun).toBeGreaterThan(requestsInCollection());
  expect(summary.requests + summary.skipped + notRun).toBe(2 * requestsInCollection());
});
