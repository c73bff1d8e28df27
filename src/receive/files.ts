/**
 * The few file operations a kept message needs, each durable (fsync) and never half done: a file
 * is written in full or the write fails; a folder appears by one rename.
 */
import fs from 'node:fs';
import path from 'node:path';

let writes = 0;
let seam: string | undefined;

/**
 * Test seam: with `ANAF_POSTMAN_TEST_ENOSPC_AFTER=N` in the environment, every write after the first
 * N fails with ENOSPC, as on a disk that just filled up. Read at each write; unset, it does nothing.
 */
function fullDisk(file: string): NodeJS.ErrnoException | undefined {
  const after = process.env.ANAF_POSTMAN_TEST_ENOSPC_AFTER;
  if (after !== seam) {
    // A new setting counts from zero again.
    seam = after;
    writes = 0;
  }
  if (after === undefined || !/^\d+$/.test(after)) return undefined;
  writes += 1;
  if (writes <= Number(after)) return undefined;
  return Object.assign(new Error(`ENOSPC: no space left on device, write '${file}'`), {
    code: 'ENOSPC',
    path: file,
  });
}

/** Writes `data` to a new file `file` (it must not exist) and flushes it to disk. */
export async function writeNew(file: string, data: Buffer | string, mode = 0o644): Promise<void> {
  const fault = fullDisk(file);
  const handle = await fs.promises.open(file, 'wx', mode);
  try {
    if (fault) throw fault;
    await handle.writeFile(data);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** Flushes a folder's entries (a rename in it) to disk; a filesystem that cannot is let be. */
export async function syncFolder(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a folder: the rename is still atomic.
  } finally {
    await handle?.close();
  }
}

/** Replaces `file` atomically: a temporary file beside it, flushed, then renamed over it. */
export async function replaceFile(file: string, data: Buffer | string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeNew(temp, data);
    await fs.promises.rename(temp, file);
  } catch (err) {
    await fs.promises.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
  await syncFolder(path.dirname(file));
}

/** A reason for a failed write, for people: the code, and what a full disk or a permission means. */
export function writeReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return 'ENOSPC (the disk is full)';
  if (code === 'EDQUOT') return 'EDQUOT (the disk quota is used up)';
  if (code === 'EACCES' || code === 'EPERM') return `${code} (no permission to write there)`;
  if (code === 'EROFS') return 'EROFS (a read-only filesystem)';
  return code ?? (err as Error).message;
}
