/**
 * Issue #29 item 11: report files honour the umask. `run` spawned under `umask 077` leaves
 * `junit.xml`, `report.json`, `report.html` (one file) and `summary.json` (a batch) readable by the
 * owner only; a report that exists already keeps its mode.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { MockServer } from '../../src/mock';
import { ROOT, type CliResult } from '../helpers/cli';
import { modeOf, withMock, withTempDir, writeEnv } from '../helpers/env';

const BIN = path.join(ROOT, 'bin', 'anaf-postman.js');

/** `anaf-postman ARGS` under `umask MASK`: the shell sets it, then becomes node. */
function runWithUmask(mask: string, args: string[]): Promise<CliResult> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const line = `umask ${mask}; exec ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
  const child = spawn('/bin/sh', ['-c', line], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  child.stdin.end();
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `{ name: mode }` of every file below `dir`, names relative to it, modes in octal. */
function modes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, name);
    if (fs.statSync(full).isFile()) out[name] = modeOf(full).toString(8);
  }
  return out;
}

/** Two environments on the mock, in `dir`. */
function twoEnvs(mock: MockServer, dir: string): string[] {
  return ['acme', 'beta'].map((name) =>
    writeEnv(dir, { origin: mock.url, tokens: mock.issueTokens() }, `${name}.postman_environment.json`),
  );
}

const REPORTERS = ['--reporters', 'cli,junit,json,html', '--folder', 'TestOauth hello'];

describe('report files honour the umask', () => {
  it('umask 077: one run and a batch write every report 0600', () =>
    withMock({}, (mock) =>
      withTempDir(async (dir) => {
        const [acme, beta] = twoEnvs(mock, dir);
        const single = path.join(dir, 'single');
        const one = await runWithUmask('077', ['run', '-e', acme!, ...REPORTERS, '--report-dir', single]);
        expect(one.stderr).toBe('');
        expect(modes(single)).toEqual({ 'junit.xml': '600', 'report.json': '600', 'report.html': '600' });

        const batch = path.join(dir, 'batch');
        const many = await runWithUmask('077', [
          'run',
          '-e',
          acme!,
          beta!,
          ...REPORTERS,
          '--report-dir',
          batch,
        ]);
        expect(many.stderr).toBe('');
        const files = modes(batch);
        expect(Object.keys(files).sort()).toEqual([
          path.join('acme', 'junit.xml'),
          path.join('acme', 'report.html'),
          path.join('acme', 'report.json'),
          path.join('beta', 'junit.xml'),
          path.join('beta', 'report.html'),
          path.join('beta', 'report.json'),
          'junit.xml',
          'summary.json',
        ]);
        expect(new Set(Object.values(files))).toEqual(new Set(['600']));
      }),
    ));

  it('umask 027 gives 0640; a report that exists keeps its own mode', () =>
    withMock({}, (mock) =>
      withTempDir(async (dir) => {
        const [acme] = twoEnvs(mock, dir);
        const reports = path.join(dir, 'reports');
        fs.mkdirSync(reports);
        fs.writeFileSync(path.join(reports, 'report.json'), '{}\n', { mode: 0o604 });
        fs.chmodSync(path.join(reports, 'report.json'), 0o604);
        const r = await runWithUmask('027', ['run', '-e', acme!, ...REPORTERS, '--report-dir', reports]);
        expect(r.stderr).toBe('');
        expect(modes(reports)).toEqual({ 'junit.xml': '640', 'report.json': '604', 'report.html': '640' });
      }),
    ));
});
