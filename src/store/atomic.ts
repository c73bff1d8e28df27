/** Atomic file writes: a temp file in the same folder, fsync, rename. A reader never sees half a file. */
import fs from 'node:fs';
import writeFileAtomic from 'write-file-atomic';
import { AnafPostmanError } from '../errors';

/**
 * The mode of a new file written by {@link writeTextAtomic}: a number is set as is (whatever the
 * umask); `'umask'` is 0666 less the process's umask, as any tool creating a file would, for
 * files that hold no secret (reports) and belong to whoever the operator's umask says.
 */
export type NewFileMode = number | 'umask';

/**
 * Writes `text` to `file` atomically. New files get `mode` (default 0600); an existing file
 * keeps its own mode. `onTempFile` is told the temporary file's name once it exists (before the
 * rename makes it `file`), so a caller can tell afterwards that the name holds what it wrote.
 * @throws AnafPostmanError `WRITE_FAILED` naming the file.
 */
export async function writeTextAtomic(
  file: string,
  text: string | Buffer,
  mode: NewFileMode = 0o600,
  onTempFile?: (tempFile: string) => void,
): Promise<void> {
  let existingMode: number | undefined;
  try {
    existingMode = fs.statSync(file).mode & 0o777;
  } catch {
    existingMode = undefined;
  }
  // Without a mode write-file-atomic opens the temp file with the default 0666 and the OS applies
  // the umask; with one it chmods, which would override the umask.
  const explicit = existingMode ?? (mode === 'umask' ? undefined : mode);
  try {
    await writeFileAtomic(file, text, {
      ...(explicit === undefined ? {} : { mode: explicit }),
      ...(onTempFile ? { tmpfileCreated: onTempFile } : {}),
      fsync: true,
    });
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new AnafPostmanError('WRITE_FAILED', `cannot write ${file}: ${reason}`, { file });
  }
}
