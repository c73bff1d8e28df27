import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readEnvironmentFile } from '../../../src/store/environment-file';
import { saveUpdates } from '../../../src/store/save';
import { at } from '../../helpers/checked';
import { currentStamp } from '../../../src/store/input-file';

const BOM = '\uFEFF';
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-save-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const data = {
  name: 'ANAF',
  values: [
    { key: 'clientId', value: 'c', type: 'default', enabled: true },
    { key: 'refreshToken', value: 'old', type: 'secret', enabled: true },
  ],
};

function write(text: string): string {
  const file = path.join(dir, 'env.json');
  fs.writeFileSync(file, text);
  return file;
}

describe('saveUpdates', () => {
  it.each<[string, Record<string, string>]>([
    ['no updates', {}],
    ['updates equal to what the file holds', { clientId: 'c', refreshToken: 'old' }],
  ])('%s: the file is not written at all (same inode, same bytes)', async (_n, updates) => {
    const text = JSON.stringify(data, null, 4).replace(/\n/g, '\r\n');
    const file = write(text);
    const before = fs.statSync(file);
    expect((await saveUpdates(readEnvironmentFile(file), updates)).text).toBe(text);
    const after = fs.statSync(file);
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  it("writes in the file's layout: tab, CRLF, no final newline, byte-order mark", async () => {
    const text = BOM + JSON.stringify(data, null, '\t').replace(/\n/g, '\r\n');
    const file = write(text);
    const returned = await saveUpdates(readEnvironmentFile(file), { refreshToken: 'new' });
    const expected = JSON.stringify(
      { ...data, values: [data.values[0], { ...data.values[1], value: 'new' }] },
      null,
      '\t',
    ).replace(/\n/g, '\r\n');
    expect(fs.readFileSync(file, 'utf8')).toBe(BOM + expected);
    expect(returned.text).toBe(expected);
    expect(returned.bom).toBe(true);
    // What was written is known without reading it back: its bytes, and the stamp of the name now
    // (its own write, so trusted at once; a read this soon after a change would not be).
    const reread = readEnvironmentFile(file);
    expect(returned.stamp).toBe(currentStamp(file));
    expect(reread.stamp).toBeUndefined();
    expect(returned.raw).toEqual(reread.raw);
    expect(at(reread.data.values, 1).value).toBe('new');
  });
});
