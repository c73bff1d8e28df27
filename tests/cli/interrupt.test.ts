/** Ctrl-C / SIGTERM during a batch refresh: the files under way are finished and saved. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { readVars, ROOT, TOKEN_PATH, useMock, useTempDir, writeEnv } from '../helpers/env';

const mock = useMock({ latencyMs: 800 });
const tmp = useTempDir();

it('SIGTERM: no new file is started, those in flight are saved, exit 130', async () => {
  const files = Array.from({ length: 6 }, (_, i) =>
    writeEnv(tmp(), { origin: mock().url, tokens: mock().issueTokens() }, `env-${i}.json`),
  );
  const before = files.map((f) => readVars(f).refreshToken);
  const child = spawn(process.execPath, [
    path.join(ROOT, 'bin', 'anaf-postman.js'),
    'refresh',
    '--concurrency',
    '2',
    '-e',
    path.join(tmp(), 'env-*.json'),
  ]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  while (mock().requests(TOKEN_PATH).length < 2) await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGTERM');
  const code = await closed;

  expect(code).toBe(130);
  expect(stderr).toMatch(/SIGTERM: finishing and saving/);
  expect(stderr).toMatch(/interrupted: \d file\(s\) not started/);
  expect(stdout).toMatch(/not started \(interrupted\)/);
  const after = files.map((f) => readVars(f).refreshToken);
  const changed = after.filter((t, i) => t !== before[i]).length;
  // The two in flight were saved (their answers carried rotated tokens); the rest were never sent.
  expect(changed).toBe(mock().requests(TOKEN_PATH).length);
  expect(changed).toBeGreaterThanOrEqual(2);
  expect(changed).toBeLessThan(files.length);
});

it('SIGTERM while one file waits to retry a 503: exit 130 (not 4), the file unchanged', async () => {
  const file = writeEnv(tmp(), { origin: mock().url, tokens: mock().issueTokens() }, 'one.json');
  const before = readVars(file).refreshToken;
  mock().script(TOKEN_PATH, { status: 503, body: 'Service Unavailable' });
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'anaf-postman.js'), 'refresh', '-e', file]);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  while (mock().requests(TOKEN_PATH).length < 1) await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGTERM');
  expect(await closed).toBe(130);
  expect(stderr.trim().split('\n').at(-1)).toMatch(/^anaf-postman: interrupted: 0 file\(s\) not started/);
  expect(readVars(file).refreshToken).toBe(before);
});
