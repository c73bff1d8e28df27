import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expandFiles } from '../../../src/run/files';

describe('expandFiles', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-files-'));
  for (const name of ['a.json', 'b.json']) fs.writeFileSync(path.join(dir, name), '{}');

  it('names a file once however it is spelled', () => {
    const a = path.join(dir, 'a.json');
    expect(expandFiles([a, path.join(dir, '.', 'a.json'), path.join(dir, '*.json')])).toEqual([
      a,
      path.join(dir, 'b.json'),
    ]);
  });

  it('keeps absolute globs absolute and refuses empty names and empty globs', () => {
    expect(expandFiles([path.join(dir, '*.json')]).every((f) => path.isAbsolute(f))).toBe(true);
    expect(() => expandFiles([''])).toThrow(/empty file name/);
    expect(() => expandFiles([path.join(dir, 'nothing-*.json')])).toThrow(/no file matches/);
    expect(() => expandFiles([])).toThrow(/at least one/);
  });
});
