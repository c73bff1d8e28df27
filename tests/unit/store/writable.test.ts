/**
 * `checkCanSave`, the last check before a token request (#29): free inodes as well as free bytes,
 * and a file with one name. The filesystem is faked through the `statfs` seam: a test cannot run a
 * real one out of inodes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isAnafError, type AnafPostmanError } from '../../../src/errors';
import { checkCanSave, MIN_FREE_INODES, type StatfsLike } from '../../../src/store/writable';
import { useTempDir } from '../../helpers/env';

const tmp = useTempDir();

/** An ordinary filesystem (ext4's magic) with plenty of room, changed by `over`. */
function fakeFs(over: Partial<StatfsLike>): () => StatfsLike {
  return () => ({ type: 0xef53, bsize: 4096, bavail: 1_000_000, files: 1_000_000, ffree: 500_000, ...over });
}

function refusal(fn: () => void): AnafPostmanError {
  try {
    fn();
  } catch (err) {
    if (isAnafError(err)) return err;
    throw err;
  }
  throw new Error('expected checkCanSave to refuse');
}

function envFile(): string {
  const file = path.join(tmp(), 'env.json');
  fs.writeFileSync(file, '{"values":[]}\n');
  return file;
}

describe('checkCanSave: free inodes (#29 item 5)', () => {
  it('refuses a filesystem with free bytes and too few free inodes: the rotated token could not be written', () => {
    const file = envFile();
    const err = refusal(() => checkCanSave(file, fakeFs({ ffree: MIN_FREE_INODES - 1 })));
    expect([err.code, err.exitCode]).toEqual(['WRITE_FAILED', 2]);
    expect(err.message).toBe(
      `${file}: only ${MIN_FREE_INODES - 1} free inodes (file slots) in ${fs.realpathSync(tmp())}, ${MIN_FREE_INODES} needed to save the new tokens safely; nothing was sent, the tokens are unchanged`,
    );
  });

  it('refuses none left at all', () => {
    expect(refusal(() => checkCanSave(envFile(), fakeFs({ ffree: 0 }))).message).toMatch(
      /only 0 free inodes \(file slots\)/,
    );
  });

  it('accepts a filesystem that does not count inodes (0 in all: btrfs, network filesystems)', () => {
    expect(() => checkCanSave(envFile(), fakeFs({ files: 0, ffree: 0 }))).not.toThrow();
  });

  it('accepts enough free inodes, and still refuses too few free bytes', () => {
    const file = envFile();
    expect(() => checkCanSave(file, fakeFs({ ffree: MIN_FREE_INODES }))).not.toThrow();
    expect(refusal(() => checkCanSave(file, fakeFs({ bavail: 1 }))).message).toMatch(/only 4096 bytes free/);
  });

  it('the real filesystem of a temp folder passes', () => {
    expect(() => checkCanSave(envFile())).not.toThrow();
  });
});

describe('checkCanSave: a file with several names (#29 item 6)', () => {
  it('refuses a hard-linked file, through either name', () => {
    const file = envFile();
    const other = path.join(tmp(), 'other-name.json');
    fs.linkSync(file, other);
    for (const name of [file, other]) {
      const err = refusal(() => checkCanSave(name));
      expect([err.code, err.exitCode]).toEqual(['WRITE_FAILED', 2]);
      expect(err.message).toBe(
        `${name}: the file has 2 names (hard links): saving gives this name a new file while the others keep the spent refresh token; give it one name (copy it, delete the links) or use a symlink; nothing was sent, the tokens are unchanged`,
      );
    }
    fs.rmSync(other);
    expect(() => checkCanSave(file)).not.toThrow();
  });

  it('a symlink to a file with one name is fine (its target is what is saved)', () => {
    const file = envFile();
    const link = path.join(tmp(), 'link.json');
    fs.symlinkSync(file, link);
    expect(() => checkCanSave(link)).not.toThrow();
  });
});
