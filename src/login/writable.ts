/** Before the person spends the certificate step: can the tokens be saved where they will go? */
import fs from 'node:fs';
import path from 'node:path';
import { AnafPostmanError, isAnafError } from '../errors';
import { checkCanSave, withFileLock } from '../store';

function reasonOf(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}

/**
 * Checks that `file` and its folder can be written and that its lock can be taken (taken and
 * released at once; a lock another run holds right now counts as takeable). Run before the
 * authorize URL is shown, so that a code is never exchanged into tokens that cannot be saved.
 * @throws AnafPostmanError `WRITE_FAILED` naming the file or folder.
 */
export async function checkWritable(file: string): Promise<void> {
  const folder = path.dirname(path.resolve(file));
  const targets: [string, string][] = [
    [file, file],
    [folder, `the folder ${folder}`],
  ];
  for (const [target, what] of targets) {
    try {
      fs.accessSync(target, fs.constants.W_OK);
    } catch (err) {
      throw new AnafPostmanError(
        'WRITE_FAILED',
        `cannot write ${what} (${reasonOf(err)}): the tokens could not be saved; make ${file} and its folder writable, then run login`,
        { file },
      );
    }
  }
  checkCanSave(file); // room for the file and a recovery file, on an ordinary filesystem
  try {
    await withFileLock(file, () => Promise.resolve(), 0);
  } catch (err) {
    if (isAnafError(err, 'UNAVAILABLE')) return; // held by another run: the save will wait for it
    if (isAnafError(err)) {
      throw new AnafPostmanError(
        'WRITE_FAILED',
        `${err.message}: the tokens could not be saved; fix it, then run login`,
        { file },
      );
    }
    throw err;
  }
}
