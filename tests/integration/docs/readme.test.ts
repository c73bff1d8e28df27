/**
 * What a stranger meets first (issue #27): the README's first screen reads in a terminal, the two
 * set-up commands come before installing from a tarball, CI against the mock has a documented
 * headless command, and a packed tarball is never committed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fences } from './markdown';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('opens with text a terminal shows whole: no table, no line over 120 columns before "Set up"', () => {
    const first = readme.slice(0, readme.indexOf('\n## '));
    expect(first).not.toMatch(/^\|/m);
    for (const line of first.split('\n')) expect([line, [...line].length <= 120]).toEqual([line, true]);
  });

  it('gives the two set-up commands before the install from a tarball', () => {
    const setUp = readme.indexOf('\n## Set up');
    expect(setUp).toBeGreaterThan(0);
    expect(setUp).toBeLessThan(readme.indexOf('\n## Install'));
    const block = readme.slice(setUp, readme.indexOf('\n## ', setUp + 1));
    expect(block).toMatch(/^npm install && npm start {3}# /m);
    expect(block).toMatch(/^npm test {19}# /m);
    // The npm 11 warning on install is explained there.
    expect(block).toContain('not yet covered by allowScripts');
  });

  it('runs CI against the mock with mock-env: tokens without a browser, then run on that file', () => {
    const ci = fences(readme)
      .map((f) => f.body)
      .find((body) => body.includes('mock-env --out') && body.includes(' run '));
    expect(ci).toBeDefined();
    const file = /mock-env --out (\S+)/.exec(ci ?? '')?.[1];
    expect(ci).toContain(`anaf-postman run --environment ${file}`);
  });

  it('.gitignore keeps packed tarballs out of git', () => {
    expect(fs.readFileSync(path.join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('*.tgz');
  });
});
