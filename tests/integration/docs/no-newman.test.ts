/**
 * `docs` is light: rendering the guides, through the library or the CLI, loads neither newman nor
 * postman-runtime. Checked in a child process on the compiled dist/ (jest's globalSetup builds it).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function heavyModulesAfter(body: string): { heavy: string[]; output: string } {
  const script = [
    body,
    '.then((output) => {',
    '  const heavy = Object.keys(require.cache).filter((k) => /[\\\\/]node_modules[\\\\/](newman|postman-runtime)[\\\\/]/.test(k));',
    "  process.stdout.write('\\n' + JSON.stringify({ heavy, output }));",
    '});',
  ].join('\n');
  const child = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`child failed (${child.status}): ${child.stderr}`);
  // The report is the last line; a command may print its own lines before it.
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as { heavy: string[]; output: string };
}

describe('docs does not load newman', () => {
  it('the check notices newman when something loads it (control)', () => {
    const report = heavyModulesAfter("Promise.resolve(require('newman') && 'loaded')");
    expect(report.heavy.length).toBeGreaterThan(0);
  });

  it('renderGuides() from the library', () => {
    const docs = JSON.stringify(path.join(ROOT, 'dist', 'src', 'docs', 'index.js'));
    const report = heavyModulesAfter(`Promise.resolve(require(${docs}).renderGuides().length)`);
    expect(report.output).toBe(2);
    expect(report.heavy).toEqual([]);
  });

  it('anaf-postman docs --out DIR (the CLI, every command module registered)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-postman-docs-light-'));
    try {
      const main = JSON.stringify(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'));
      const report = heavyModulesAfter(
        `require(${main}).main(['docs', '--out', ${JSON.stringify(dir)}]).then(() => process.exitCode ?? 0)`,
      );
      expect(report.output).toBe(0);
      expect(fs.readdirSync(dir).sort()).toEqual(['guide.md', 'guide.ro.md']);
      expect(report.heavy).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
