/**
 * Running the CLI as user `nobody`, for tests of what happens when a file or folder cannot be
 * written: root ignores permission bits, so those tests drop to nobody with setpriv.
 *
 * nobody cannot enter a checkout under /root or any 0700 home folder (where CI puts its clone), so
 * it runs a copy of what the CLI needs (bin, dist, templates, generated files, production
 * node_modules) in a world-readable temporary folder. Files are hard-linked where the filesystem
 * allows it (fast), else copied; the copy lives for one test file
 * ({@link useNobodyCopy}).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, runCli, type CliResult } from './cli';

const SETPRIV = '/usr/bin/setpriv';
const IS_ROOT = process.getuid?.() === 0;

/**
 * True when a read-only file really is read-only to {@link runCliUnprivileged}: we are not root, or
 * we are and can drop to `nobody` with setpriv.
 */
export const CAN_TEST_READ_ONLY = !IS_ROOT || fs.existsSync(SETPRIV);

/** What the CLI reads from its package folder at run time. */
const PACKAGE_ENTRIES = ['package.json', 'bin', 'dist', 'templates', 'collections', 'environments'];

/** Copies `from` to `to` (a file, or a folder recursively), hard-linking files when possible. */
function linkOrCopy(from: string, to: string): void {
  const stat = fs.lstatSync(from);
  if (stat.isDirectory()) {
    fs.mkdirSync(to, { mode: 0o755 });
    for (const name of fs.readdirSync(from)) linkOrCopy(path.join(from, name), path.join(to, name));
  } else if (stat.isSymbolicLink()) {
    fs.symlinkSync(fs.readlinkSync(from), to);
  } else {
    try {
      fs.linkSync(from, to);
    } catch {
      fs.copyFileSync(from, to); // another filesystem, or hard links refused
    }
    if ((fs.statSync(to).mode & 0o004) === 0) throw new Error(`${from} is not world-readable`);
  }
}

/** The top-level packages a production install holds, from package-lock.json (not `dev`). */
function productionPackages(): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  return Object.entries(lock.packages)
    .filter(([key, info]) => key.startsWith('node_modules/') && !info.dev)
    .map(([key]) => key)
    .filter((key) => !key.slice('node_modules/'.length).includes('/node_modules/'));
}

let copy: string | undefined;

/** Makes the world-readable copy of the package nobody runs from. */
function makeCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-postman-nobody-'));
  fs.chmodSync(dir, 0o755);
  for (const entry of PACKAGE_ENTRIES) linkOrCopy(path.join(ROOT, entry), path.join(dir, entry));
  for (const pkg of productionPackages()) {
    fs.mkdirSync(path.dirname(path.join(dir, pkg)), { recursive: true, mode: 0o755 });
    linkOrCopy(path.join(ROOT, pkg), path.join(dir, pkg));
  }
  return dir;
}

/**
 * Call at the top of a test file that uses {@link runCliUnprivileged}: the copy is made before its
 * tests (so it costs no test its time budget) and removed after them.
 */
export function useNobodyCopy(): void {
  if (!IS_ROOT || !CAN_TEST_READ_ONLY) return;
  beforeAll(() => {
    copy = makeCopy();
  });
  afterAll(() => {
    if (copy) fs.rmSync(copy, { recursive: true, force: true });
    copy = undefined;
  });
}

/**
 * `anaf-postman ARGS`, as user `nobody` (65534) when the tests run as root, from the world-readable
 * copy; `input` goes to stdin; killed (code null) after `timeoutMs`.
 */
export function runCliUnprivileged(
  args: string[],
  opts: { input?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  if (!IS_ROOT) return runCli(args, { input: opts.input, timeoutMs });
  const pkg = copy;
  if (!pkg) throw new Error('runCliUnprivileged: call useNobodyCopy() in the test file');
  return new Promise((resolve, reject) => {
    const child = spawn(
      SETPRIV,
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        process.execPath,
        path.join(pkg, 'bin', 'anaf-postman.js'),
        ...args,
      ],
      { cwd: pkg, env: { ...process.env, NO_COLOR: '1', HOME: os.tmpdir() } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}
