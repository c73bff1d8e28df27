/**
 * One environment file, read once, under its lock. The read comes after the lock is taken, so
 * what it reads is what the last holder saved (on a network share too: the open revalidates what a
 * cached stat could hide); later saves under the same lock trust a stat instead of reading again.
 */
import fs from 'node:fs';
import { isAnafError } from '../errors';
import { readEnvironmentFile, type EnvironmentFile } from './environment-file';
import { withFileLock, type FileLock } from './lock';

/**
 * Runs `fn` with `file` read under its lock. A missing file, a folder or a FIFO fails before a lock
 * is taken beside it (a stat, not a read); so does, when the lock cannot be taken, a file that is
 * not an environment (the one read that error path costs), so its own error is the one shown.
 * @throws AnafPostmanError `BAD_FILE`, the lock's (`WRITE_FAILED`, `UNAVAILABLE`), or `fn`'s.
 */
export async function withEnvironmentLocked<T>(
  file: string,
  fn: (env: EnvironmentFile, lock: FileLock) => Promise<T>,
): Promise<T> {
  let regular = false;
  try {
    regular = fs.statSync(file).isFile();
  } catch {
    regular = false;
  }
  if (!regular) readEnvironmentFile(file); // throws the file's own error
  let entered = false;
  try {
    return await withFileLock(file, (lock) => {
      entered = true;
      return fn(readEnvironmentFile(file), lock);
    });
  } catch (err) {
    if (!entered && isAnafError(err)) readEnvironmentFile(file);
    throw err;
  }
}
