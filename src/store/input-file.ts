/**
 * Reading a file a person named (an environment, a collection, iteration data) without trusting
 * what it is: a FIFO blocks the open and the read forever, `/dev/zero` or `/dev/urandom` never
 * ends and eats memory, a 600 MB file overflows the largest string V8 makes. Each is refused in one
 * line before anything is sent.
 */
import fs from 'node:fs';

const MiB = 1024 * 1024;

/** Largest environment file read (Postman's own are a few KiB; a token pair is under 4 KiB). */
export const MAX_ENVIRONMENT_BYTES = 16 * MiB;

/** Largest iteration data file read (CSV or JSON rows: 16 MiB is some 100,000 companies). */
export const MAX_ITERATION_DATA_BYTES = 16 * MiB;

/** Largest collection read (the committed one is about 300 KiB; sample bodies make others larger). */
export const MAX_COLLECTION_BYTES = 64 * MiB;

/** Why a file named as input cannot be read; `message` is one line without the file's name. */
export class InputFileError extends Error {
  /**
   * @param message - why, e.g. `is a named pipe (FIFO), not a regular file`
   * @param errno - the system's error code when opening or reading failed (`ENOENT`…); `EISDIR`
   *   for a folder
   */
  constructor(
    message: string,
    readonly errno?: string,
  ) {
    super(message);
    this.name = 'InputFileError';
  }
}

/** What a file that is not a regular file is, in the words of a refusal. */
function kindOf(stat: fs.Stats | fs.BigIntStats): string {
  if (stat.isDirectory()) return 'is a folder, not a file';
  if (stat.isFIFO()) return 'is a named pipe (FIFO), not a regular file';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'is a device, not a regular file';
  if (stat.isSocket()) return 'is a socket, not a regular file';
  return 'is not a regular file';
}

function mib(bytes: number): string {
  return `${Math.round((bytes / MiB) * 10) / 10} MiB`;
}

function tooBig(size: number | undefined, maxBytes: number): InputFileError {
  // Just over the limit rounds to it: then the bytes say why.
  const shown = size === undefined ? '' : mib(size) === mib(maxBytes) ? `${size} bytes` : mib(size);
  const what = size === undefined ? 'is larger than' : `is ${shown}, more than`;
  return new InputFileError(`${what} the ${mib(maxBytes)} limit (is it the right file?)`);
}

/** `open` without following a FIFO into a wait for its writer (`O_NONBLOCK`; a no-op for regular files). */
function openForReading(file: string): number {
  try {
    return fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const errno = (err as NodeJS.ErrnoException).code;
    if (errno === 'ENOENT') throw new InputFileError('no such file', errno);
    if (errno === 'EISDIR') throw new InputFileError('is a folder, not a file', errno);
    throw new InputFileError(`cannot read (${errno ?? (err as Error).message})`, errno);
  }
}

/**
 * The bytes of `file`, which must be a regular file of at most `maxBytes`. What it is and its size
 * come from `fstat` of the descriptor opened (not a `stat` of the name, which could change between
 * the two); the read stops past `maxBytes` all the same, for files whose size says 0 (`/proc`).
 * @throws InputFileError saying why (missing, unreadable, not a regular file, too large).
 */
export function readInputFile(file: string, maxBytes: number): Buffer {
  return readStampedFile(file, maxBytes).bytes;
}

/**
 * Which version of a file this is: device, inode, size, and the change and modification times in
 * nanoseconds. A write in place or an atomic rename over the name gives another stamp.
 */
export function fileStamp(stat: fs.BigIntStats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

/**
 * How close to its last change a file may be read for its stamp to be trusted: a second change
 * within the same tick of the file's clock (up to 2 s on FAT, 1 s on HFS+, milliseconds elsewhere)
 * can keep size and times, so a stamp taken that close to a change could miss the next one.
 */
export const RACY_MS = 2000;

/** A file whose times are whole seconds is taken to keep only seconds (FAT, HFS+, some shares). */
function wholeSeconds(stat: fs.BigIntStats): boolean {
  return stat.mtimeNs % 1_000_000_000n === 0n && stat.ctimeNs % 1_000_000_000n === 0n;
}

/**
 * The {@link fileStamp} of `stat`, or undefined when it cannot be trusted to tell the next change:
 * the file changed less than {@link RACY_MS} before `nowMs` (any file, when `ours` is false), or
 * keeps whole seconds only. `ours`: the caller itself just wrote this inode (it checked its
 * identity), so a change before now is its own.
 */
export function trustedStamp(stat: fs.BigIntStats, nowMs: number, ours = false): string | undefined {
  if (wholeSeconds(stat) && nowMs - Number(stat.mtimeMs) < RACY_MS) return undefined;
  if (!ours && nowMs - Number(stat.mtimeMs) < RACY_MS) return undefined;
  return fileStamp(stat);
}

/**
 * The stamp of the file `file` names now, or undefined when it cannot be stat'ed. Not a read: the
 * way to tell that a file read earlier is still the same without reading it again.
 */
export function currentStamp(file: string): string | undefined {
  try {
    return fileStamp(fs.statSync(file, { bigint: true }));
  } catch {
    return undefined;
  }
}

/**
 * {@link readInputFile}, with the {@link trustedStamp} of the very descriptor the bytes were read
 * from (none when the file had just changed).
 * @throws InputFileError saying why (missing, unreadable, not a regular file, too large).
 */
export function readStampedFile(file: string, maxBytes: number): { bytes: Buffer; stamp?: string } {
  const fd = openForReading(file);
  try {
    const stat = fs.fstatSync(fd, { bigint: true });
    const size = Number(stat.size);
    if (!stat.isFile()) throw new InputFileError(kindOf(stat), stat.isDirectory() ? 'EISDIR' : undefined);
    if (size > maxBytes) throw tooBig(size, maxBytes);
    // One byte more than the size announced shows a file that grew; the buffer grows up to the limit.
    let buffer = Buffer.alloc(Math.min(Math.max(size + 1, 8192), maxBytes + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) throw tooBig(undefined, maxBytes);
        const bigger = Buffer.alloc(Math.min(buffer.length * 2, maxBytes + 1));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > maxBytes) throw tooBig(undefined, maxBytes);
    const stamp = trustedStamp(stat, Date.now());
    return { bytes: buffer.subarray(0, length), ...(stamp ? { stamp } : {}) };
  } catch (err) {
    if (err instanceof InputFileError) throw err;
    const errno = (err as NodeJS.ErrnoException).code;
    throw new InputFileError(`cannot read (${errno ?? (err as Error).message})`, errno);
  } finally {
    fs.closeSync(fd);
  }
}
