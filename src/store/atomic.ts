/** Atomic file writes: a temp file in the same folder, fsync, rename. A reader never sees half a file. */
import fs from 'node:fs';
import writeFileAtomic from 'write-file-atomic';
import { AnafPostmanError } from '../errors';

/**
 * Writes `text` to `file` atomically. New files get `mode` (default 0600); an existing file
 * keeps its own mode.
 * @throws AnafPostmanError `WRITE_FAILED` naming the file.
 */
export async function writeTextAtomic(file: string, text: string | Buffer, mode = 0o600): Promise<void> {
  let existingMode: number | undefined;
  try {
    existingMode = fs.statSync(file).mode & 0o777;
  } catch {
    existingMode = undefined;
  }
  try {
    await writeFileAtomic(file, text, { mode: existingMode ?? mode, fsync: true });
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new AnafPostmanError('WRITE_FAILED', `cannot write ${file}: ${reason}`, { file });
  }
}
