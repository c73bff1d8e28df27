import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, runCli } from '../helpers/cli';

const MOCK_ENV = path.join(ROOT, 'environments', 'anaf-mock.postman_environment.json');

describe('a single-value flag given twice', () => {
  it.each([
    [['generate', '--out', 'a', '--out', 'b'], '--out'],
    [['generate', '--client-id', 'a', '--client-id', 'b', '--out', 'x'], '--client-id'],
    [['mock', '--port', '0', '--port', '1'], '--port'],
    [['run', '-e', MOCK_ENV, '--reporters', 'cli', '--reporters', 'junit'], '--reporters'],
    [['docs', '--redirect-uri', 'https://a.test/x', '--redirect-uri', 'https://b.test/y'], '--redirect-uri'],
  ])('%j is refused by name, exit 2, nothing written', async (args, flag) => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-twice-'));
    const r = await runCli(args, { cwd });
    const left = fs.readdirSync(cwd);
    fs.rmSync(cwd, { recursive: true, force: true });
    expect(left).toEqual([]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `anaf-postman: ${flag} was given more than once; give it once (see --help)`,
    ]);
  });

  it('repeatable flags still collect every value', async () => {
    const prod = path.join(ROOT, 'environments', 'anaf-prod.postman_environment.json');
    const r = await runCli(['status', '--json', '-e', MOCK_ENV, '-e', prod]);
    expect(JSON.parse(r.stdout).entries.map((e: { file: string }) => e.file)).toEqual([MOCK_ENV, prod]);
  });
});

describe('output into a closed pipe', () => {
  it('ends quietly, without a stack trace', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'anaf-postman.js'), 'generate', '--help'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy(); // the reader went away, like `| head -0`
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr).not.toMatch(/EPIPE/);
    expect(code).toBe(0);
  });
});

describe('a full disk under the output (ENOSPC) keeps the exit code', () => {
  const full = '/dev/full';
  const run = (args: string[]) => {
    const fd = fs.openSync(full, 'w');
    try {
      return spawnSync(process.execPath, [path.join(ROOT, 'bin', 'anaf-postman.js'), ...args], {
        stdio: ['ignore', fd, fd],
      }).status;
    } finally {
      fs.closeSync(fd);
    }
  };
  (fs.existsSync(full) ? it : it.skip)('a bad input stays exit 2, a lost --help is 70, never 1', () => {
    expect(run(['status', '-e', path.join(ROOT, 'no-such-file.json')])).toBe(2);
    expect(run(['--help'])).toBe(70);
  });
});
