/**
 * An environment file is read once per operation (#26): `refresh` and `run` read it once its lock
 * is taken, and then trust a stat (device, inode, size, times) instead of reading it again before a
 * save or after it. A file someone else changed meanwhile is still read again, and their change
 * kept; so is a file read within a tick of its last change (a same-size change in that tick could
 * keep its times).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Paths } from '../../../src/anaf';
import { run } from '../../../src/run/run';
import { refreshFile } from '../../../src/tokens/refresh-file';
import { readVars, useMock, useTempDir, waitFor, writeEnv } from '../../helpers/env';

const mock = useMock();
const tmp = useTempDir();
const FAST = { baseDelayMs: 10, timeoutMs: 5000 };
const RUN = { ...FAST, reporters: [] as never[], retries: 0, timeoutRequestMs: 10_000 };

/** Counts the opens of `file` (every read of it starts with one) and the renames onto it (every atomic write ends with one). */
function watchFile(file: string): { reads: () => number; writes: () => number; stop: () => void } {
  const names = new Set([path.resolve(file), fs.realpathSync(file)]);
  const named = (p: unknown) => typeof p === 'string' && names.has(path.resolve(p));
  const opens = jest.spyOn(fs, 'openSync');
  const readFiles = jest.spyOn(fs, 'readFileSync');
  const renames = jest.spyOn(fs, 'rename');
  const count = (spy: jest.SpyInstance, arg: number) =>
    spy.mock.calls.filter((call) => named(call[arg])).length;
  return {
    reads: () => count(opens, 0) + count(readFiles, 0),
    writes: () => count(renames, 1),
    stop: () => jest.restoreAllMocks(),
  };
}

afterEach(() => jest.restoreAllMocks());

/** An environment file at rest, as a real one is: last changed a minute ago. */
function restingEnv(spec: Parameters<typeof writeEnv>[1]): string {
  const file = writeEnv(tmp(), spec);
  const minuteAgo = new Date(Date.now() - 60_000);
  fs.utimesSync(file, minuteAgo, minuteAgo);
  return file;
}

it('refresh: one read, one write', async () => {
  const file = restingEnv({ origin: mock().url, tokens: mock().issueTokens() });
  const watch = watchFile(file);
  const result = await refreshFile(file, FAST);
  watch.stop();
  expect(result.outcome).toBe('refreshed');
  expect(mock().requests(Paths.token)).toHaveLength(1);
  expect(watch.reads()).toBe(1);
  expect(watch.writes()).toBe(1);
});

it('refresh of a file that needs none: one read, no write', async () => {
  const file = restingEnv({ origin: mock().url, tokens: mock().issueTokens() });
  const watch = watchFile(file);
  const result = await refreshFile(file, { ...FAST, ifExpiringWithinMs: 60_000 });
  watch.stop();
  expect(result.outcome).toBe('skipped');
  expect(watch.reads()).toBe(1);
  expect(watch.writes()).toBe(0);
});

it('run with a refresh before it and one inside it: one read for two saves', async () => {
  const tokens = mock().issueTokens();
  // No access token: run refreshes first, then the folder's request refreshes again.
  const file = restingEnv({ origin: mock().url, tokens, vars: { accessToken: '' } });
  const watch = watchFile(file);
  const summary = await run({ ...RUN, environment: file, folders: ['Refresh access token'] });
  watch.stop();
  expect(summary.failures).toEqual([]);
  expect(mock().requests(Paths.token)).toHaveLength(2);
  expect(watch.writes()).toBe(2);
  expect(watch.reads()).toBe(1);
});

it('a file changed by someone else while the token request was under way is read again, and the change kept', async () => {
  const file = restingEnv({ origin: mock().url, tokens: mock().issueTokens() });
  mock().script(Paths.token, { delayMs: 400 });
  const watch = watchFile(file);
  const refreshing = refreshFile(file, FAST);
  await waitFor(() => mock().requests(Paths.token).length === 1);
  // Another editor writes in place (no lock, same inode): another variable changes.
  const text = fs.readFileSync(file, 'utf8');
  const edited = text.replace(/"key": "cif",\s*"value": "[^"]*"/, '"key": "cif", "value": "87654321"');
  expect(edited).not.toBe(text);
  fs.writeFileSync(file, edited);
  const result = await refreshing;
  const readsBySomeoneElse = 1;
  watch.stop();
  expect(result.outcome).toBe('refreshed');
  expect(watch.reads() - readsBySomeoneElse).toBe(2);
  const vars = readVars(file);
  expect(vars.cif).toBe('87654321');
  expect(vars.accessToken).not.toBe('');
  expect(vars.refreshToken).not.toBe('');
});

it('a file changed just before it was read is read again before the save: its stamp could miss a change in the same tick', async () => {
  const file = writeEnv(tmp(), { origin: mock().url, tokens: mock().issueTokens() });
  const watch = watchFile(file);
  const result = await refreshFile(file, FAST);
  watch.stop();
  expect(result.outcome).toBe('refreshed');
  expect(watch.reads()).toBe(2);
  expect(watch.writes()).toBe(1);
});
