/**
 * `anaf-postman download`, spawned, against the mock holding 150 received invoices (3 list
 * pages of 50): the first run keeps every one once (one download per message in the mock's log), the
 * second downloads none, a run killed with SIGKILL in the middle and run again ends with the very
 * same folder as an uninterrupted run, byte for byte. Bad input is one line and exit 2, with
 * nothing written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MOCK_DEMO_CLIENT, Paths } from '../../src/anaf';
import type { MockServer } from '../../src/mock';
import { runCli, startCli } from '../helpers/cli';
import { expectOneErrorLine, makeTempDir, removeTempDir, startTestMock, writeEnv } from '../helpers/env';
import { CAN_TEST_READ_ONLY, runCliUnprivileged, useNobodyCopy } from '../helpers/nobody';

const CIF = MOCK_DEMO_CLIENT.cif;
const DOWNLOAD = `${Paths.efactura('prod')}/descarcare`;
const COUNT = 150;
/** Three list pages, as 1,001 to 1,500 messages make on ANAF's 500 a page, for a tenth of the downloads. */
const PAGE = 50;
/** A killed run leaves its locks behind: the rerun takes them over after this long. */
const CLI_ENV = { ANAF_POSTMAN_LOCK_STALE_MS: '2000' };
const RATE = ['--rate', '100000/min'];

jest.setTimeout(900_000);
useNobodyCopy();

let mock: MockServer;
let dir: string;
let env: string;
beforeAll(async () => {
  mock = await startTestMock({ received: { count: COUNT, seed: 24 }, listPageSize: PAGE });
  dir = makeTempDir('anaf-download-');
  env = writeEnv(dir, { origin: mock.url, tokens: mock.issueTokens() });
});
afterAll(async () => {
  await mock.close();
  removeTempDir(dir);
});

const downloads = () => mock.requests(DOWNLOAD).map((r) => r.query.id ?? '');

function outDir(name: string): string {
  const out = path.join(dir, name);
  fs.mkdirSync(out);
  return out;
}

/** Every file below `root` with its bytes (base64), and every folder: two trees compare equal only when identical. */
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = path.join(root, rel);
    out[rel.split(path.sep).join('/')] = fs.statSync(full).isDirectory()
      ? '<dir>'
      : fs.readFileSync(full).toString('base64');
  }
  return out;
}

function download(out: string, ...more: string[]) {
  return runCli(['download', '-e', env, '--out', out, ...RATE, ...more], {
    env: CLI_ENV,
    timeoutMs: 600_000,
  });
}

describe('download with 150 received invoices (3 pages of 50)', () => {
  let first: string;

  it('the first run keeps every message once: one download per message in the mock’s log', async () => {
    first = outDir('first');
    const result = await download(first);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${COUNT} listed = ${COUNT} new + 0 already there + 0 failed`);
    expect(downloads()).toHaveLength(COUNT);
    expect(new Set(downloads()).size).toBe(COUNT);
    const company = path.join(first, CIF);
    const folders = fs.readdirSync(company).filter((n) => /_id\d+$/.test(n));
    expect(folders).toHaveLength(COUNT);
    expect(new Set(folders.map((n) => /_id(\d+)$/.exec(n)?.[1])).size).toBe(COUNT);
    expect(JSON.parse(fs.readFileSync(path.join(company, 'index.json'), 'utf8')).count).toBe(COUNT);
    expect(fs.readdirSync(first)).toEqual([CIF]);
  });

  it('the second run downloads none and changes nothing', async () => {
    const before = tree(first);
    mock.reset();
    const result = await download(first, '--json');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.totals).toEqual({ listed: COUNT, new: 0, already: COUNT, failed: 0, notToday: 0 });
    expect(downloads()).toEqual([]);
    expect(tree(first)).toEqual(before);
  });

  it('a run killed with SIGKILL in the middle, run again, ends with the same folder as an uninterrupted run', async () => {
    const killed = outDir('killed');
    mock.reset();
    const running = startCli(['download', '-e', env, '--out', killed, ...RATE], {
      env: CLI_ENV,
      timeoutMs: 600_000,
    });
    // Polled slowly: copying the mock's log must not slow the run it watches.
    const deadline = Date.now() + 300_000;
    while (mock.requests(DOWNLOAD).length < 60) {
      if (Date.now() > deadline) throw new Error('no 60 downloads within 5 minutes');
      await new Promise((r) => setTimeout(r, 200));
    }
    running.child.kill('SIGKILL');
    const dead = await running.result;
    expect(dead.code).toBeNull();
    const company = path.join(killed, CIF);
    const keptBefore = fs.readdirSync(company).filter((n) => /_id\d+$/.test(n)).length;
    expect(keptBefore).toBeGreaterThan(30);
    expect(keptBefore).toBeLessThan(COUNT);

    const again = await download(killed);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      `${COUNT} listed = ${COUNT - keptBefore} new + ${keptBefore} already there + 0 failed`,
    );
    expect(tree(killed)).toEqual(tree(first));
    // Each message was downloaded once, but for the one in flight when the kill came.
    const counts = new Map<string, number>();
    for (const id of downloads()) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(counts.size).toBe(COUNT);
    expect([...counts.values()].filter((n) => n > 1).length).toBeLessThanOrEqual(2);
  });
});

describe('download: Ctrl-C', () => {
  it('SIGINT stops after the request in flight: exit 130, what was kept is whole and in the index; a rerun completes', async () => {
    const out = outDir('interrupted');
    mock.reset();
    const running = startCli(['download', '-e', env, '--out', out, ...RATE, '--days', '30'], {
      env: CLI_ENV,
      timeoutMs: 300_000,
    });
    const deadline = Date.now() + 120_000;
    while (mock.requests(DOWNLOAD).length < 15) {
      if (Date.now() > deadline) throw new Error('no 15 downloads within 2 minutes');
      await new Promise((r) => setTimeout(r, 100));
    }
    running.child.kill('SIGINT');
    const stopped = await running.result;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/SIGINT: finishing and saving the work in flight/);
    expect(stopped.stderr).toMatch(
      /anaf-postman: interrupted: \d+ message\(s\) kept this run, each whole; run again for the rest/,
    );
    const company = path.join(out, CIF);
    const kept = fs.readdirSync(company).filter((n) => /_id\d+$/.test(n));
    expect(kept.length).toBeGreaterThan(0);
    const index = JSON.parse(fs.readFileSync(path.join(company, 'index.json'), 'utf8'));
    expect(index.count).toBe(kept.length);
    expect(fs.readdirSync(company).filter((n) => n.startsWith('.'))).toEqual([]);
    const again = await download(out, '--days', '30');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`= \\d+ new \\+ ${kept.length} already there \\+ 0 failed`));
  });
});

describe('download: --help and bad input', () => {
  it('--help lists every option and the exit codes', async () => {
    const result = await runCli(['download', '--help']);
    expect(result.code).toBe(0);
    for (const flag of [
      '--environment',
      '--out',
      '--filter',
      '--days',
      '--pdf',
      '--collection',
      '--concurrency',
      '--rate',
      '--json',
      '--timeout-request',
      '--insecure',
    ]) {
      expect(result.stdout).toContain(flag);
    }
    expect(result.stdout).toMatch(/Exit code: 0 .*1 .*2 .*3 .*4 .*130/s);
    expect(result.stdout).toContain('DATE_KIND_CIF_NAME_NUMBER_idID');
  });

  it.each([
    [
      'no such folder',
      (d: string) => path.join(d, 'missing'),
      /--out: no such folder .*missing; create it first$/,
    ],
    [
      'a file in its place',
      (d: string) => {
        const file = path.join(d, 'file');
        fs.writeFileSync(file, 'x');
        return file;
      },
      /--out: .*file is a file, not a folder$/,
    ],
  ])('%s: one line, exit 2, nothing sent or written', async (_name, make, message) => {
    const work = makeTempDir('anaf-download-bad-');
    try {
      const out = make(work);
      const envBefore = fs.readFileSync(env);
      mock.reset();
      const result = await runCli(['download', '-e', env, '--out', out], { env: CLI_ENV });
      expect(result.code).toBe(2);
      expect(expectOneErrorLine(result.stderr)).toMatch(message);
      expect(mock.requests()).toEqual([]);
      expect(fs.readFileSync(env)).toEqual(envBefore);
      expect(fs.readdirSync(work).filter((n) => n !== 'file')).toEqual([]);
    } finally {
      removeTempDir(work);
    }
  });

  (CAN_TEST_READ_ONLY ? it : it.skip)(
    'a folder it may not write in: one line, exit 2, nothing sent',
    async () => {
      const work = makeTempDir('anaf-download-ro-');
      try {
        fs.chmodSync(work, 0o755);
        const out = path.join(work, 'out');
        fs.mkdirSync(out, { mode: 0o755 });
        const file = path.join(work, 'env.json');
        fs.copyFileSync(env, file);
        fs.chmodSync(file, 0o644);
        mock.reset();
        const result = await runCliUnprivileged(['download', '-e', file, '--out', out]);
        expect(result.code).toBe(2);
        expect(expectOneErrorLine(result.stderr)).toMatch(
          /--out: cannot write in .*out: EACCES \(no permission to write there\)$/,
        );
        expect(mock.requests()).toEqual([]);
        expect(fs.readdirSync(out)).toEqual([]);
      } finally {
        removeTempDir(work);
      }
    },
  );

  it('a disk that fills up: one line, exit 2, nothing half-written; the next run completes', async () => {
    const out = outDir('full');
    const result = await runCli(['download', '-e', env, '--out', out, ...RATE, '--days', '5'], {
      env: { ...CLI_ENV, ANAF_POSTMAN_TEST_ENOSPC_AFTER: '20' },
      timeoutMs: 300_000,
    });
    expect(result.code).toBe(2);
    expect(expectOneErrorLine(result.stderr)).toMatch(/ENOSPC \(the disk is full\).*nothing half-written/);
    const company = path.join(out, CIF);
    const names = fs.readdirSync(company);
    expect(names.filter((n) => n.startsWith('.') || n.endsWith('.tmp'))).toEqual([]);
    for (const name of names.filter((n) => /_id\d+$/.test(n))) {
      expect(fs.readdirSync(path.join(company, name))).toContain('message.json');
    }
    const after = await download(out, '--days', '5');
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/ 0 failed/);
  });

  it('mock --received refuses a bad count or CIF in one line (exit 2)', async () => {
    for (const args of [
      ['--received', 'lots'],
      ['--received', '5', '--received-cif', '12345678'],
      ['--seed', '3'],
    ]) {
      const result = await runCli(['mock', '--port', '0', ...args]);
      expect(result.code).toBe(2);
      expectOneErrorLine(result.stderr);
    }
  });
});
