/**
 * The generator is light: requiring it and generating loads neither newman nor postman-runtime.
 * Checked in a child process (jest's own module registry would hide what Node really loads), on
 * the compiled dist/ that jest's globalSetup builds.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const GENERATE = path.join(ROOT, 'dist', 'src', 'generate', 'index.js');

interface Report {
  files: number;
  modules: number;
  heavy: string[];
}

/** Runs `before`, then requires the generator and generates every file; reports what got loaded. */
function loadedBy(before: string): Report {
  const script = [
    before,
    `const g = require(${JSON.stringify(GENERATE)});`,
    'const files = g.generatedFiles(g.generate());',
    'const keys = Object.keys(require.cache);',
    'const heavy = keys.filter((k) => /[\\\\/]node_modules[\\\\/](newman|postman-runtime)[\\\\/]/.test(k));',
    'process.stdout.write(JSON.stringify({ files: files.length, modules: keys.length, heavy }));',
  ].join('\n');
  const child = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`child failed (${child.status}): ${child.stderr}`);
  return JSON.parse(child.stdout) as Report;
}

describe('generate() does not load newman', () => {
  it('the check notices newman when something loads it (control)', () => {
    const report = loadedBy("require('newman');");
    expect(report.heavy.some((m) => /newman/.test(m))).toBe(true);
  });

  it('require + generate() + generatedFiles() load neither newman nor postman-runtime', () => {
    const report = loadedBy('');
    expect(report.files).toBe(5);
    expect(report.modules).toBeGreaterThan(1);
    expect(report.heavy).toEqual([]);
  });
});
