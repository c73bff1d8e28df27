import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expandFiles } from '../../../src/batch/files';
import { first } from '../../helpers/checked';

describe('expandFiles', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-files-'));
  for (const name of ['a.json', 'b.json']) fs.writeFileSync(path.join(dir, name), '{}');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

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

describe('status', () => {
  it('takes a single file name as well as a list, and warns about a stored date it cannot read', () => {
    const { status } = require('../../../src/tokens/status') as typeof import('../../../src/tokens/status');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-status-'));
    const file = path.join(dir, 'env.json');
    const values = [
      { key: 'accessToken', value: 'opaque', type: 'secret' },
      { key: 'accessTokenExpiresAt', value: 'not-a-date', type: 'default' },
      { key: 'refreshToken', value: 'opaque', type: 'secret' },
    ];
    fs.writeFileSync(file, JSON.stringify({ values }));
    const summary = status({ environments: file });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(summary.entries).toHaveLength(1);
    expect(first(summary.entries).warnings).toContain('accessTokenExpiresAt is not a date: ignored');
  });
});
