/**
 * Issue #13 item 3: a refresh paused (SIGSTOP, a closed laptop lid) long enough for another process
 * to take over its stale lock does not crash on resume with ECOMPROMISED: it takes the lock again,
 * re-reads the file and saves the token it rotated over what the other process wrote.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readEnvironmentFile, saveUpdates, withFileLock } from '../../../src/store';
import {
  readVars,
  refreshDirect,
  TOKEN_PATH,
  useMock,
  useTempDir,
  waitFor,
  writeEnv,
} from '../../helpers/env';
import { entry } from '../../helpers/checked';
import { useEnvVar } from '../../helpers/env-vars';

const mock = useMock();
const tmp = useTempDir();
const FIXTURE = path.join(__dirname, 'fixtures', 'refresh-once.js');
const STALE_MS = 2000;

useEnvVar('ANAF_POSTMAN_LOCK_STALE_MS', String(STALE_MS));

it('paused past the stale time, its lock taken over: on resume the rotated token is merged and saved', async () => {
  const issued = mock().issueTokens();
  const file = writeEnv(tmp(), { origin: mock().url, tokens: issued });
  mock().script(TOKEN_PATH, { delayMs: 1500 });
  const child = spawn(process.execPath, [FIXTURE, file], {
    env: { ...process.env, ANAF_POSTMAN_LOCK_STALE_MS: String(STALE_MS) },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    await waitFor(() => mock().requests(TOKEN_PATH).length === 1, 10_000, 'the token request');
    child.kill('SIGSTOP');
    await sleep(STALE_MS + 1500);
    // Another process finds the lock stale, takes it, and saves a change of its own.
    await withFileLock(file, async () => {
      await saveUpdates(readEnvironmentFile(file), { chainedId: 'written-while-paused' });
    });
    child.kill('SIGCONT');
    const code = await closed;
    expect({ code, out, err }).toEqual({ code: 0, out: 'ok\n', err: '' });
  } finally {
    child.kill('SIGKILL');
  }
  const vars = readVars(file);
  expect(vars.chainedId).toBe('written-while-paused');
  expect(vars.refreshToken).not.toBe(issued.refresh_token);
  expect((await refreshDirect(mock().url, entry(vars, 'refreshToken'))).status).toBe(200);
  expect(fs.existsSync(`${file}.lock`)).toBe(false);
}, 30_000);

it('resumed after another process rotated and saved the pair: no "authorize again", the saved pair stands', async () => {
  const { refreshLoaded } = await import('../../../src/tokens/refresh-file');
  const issued = mock().issueTokens({ accessTtlSeconds: -60 });
  const file = writeEnv(tmp(), { origin: mock().url, tokens: issued });
  // What the paused process had read before its pause.
  const stale = readEnvironmentFile(file);
  // Meanwhile another process refreshed and saved the rotated pair.
  const rotated = await refreshDirect(mock().url, issued.refresh_token);
  await saveUpdates(readEnvironmentFile(file), { refreshToken: String(rotated.body.refresh_token) });
  const { result } = await refreshLoaded(stale, { retries: 0 });
  expect(result.outcome).toBe('skipped');
  expect(readVars(file).refreshToken).toBe(rotated.body.refresh_token);
});
