/**
 * Checks made before anything is sent: that a folder can be created, and that the folder of an
 * environment file can take the rotated tokens (and a recovery file) once ANAF has answered.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AnafPostmanError } from '../errors';
import { lockTarget } from './lock';

/**
 * Kernel pseudo-filesystems (statfs magic numbers): they list as folders, but files cannot be made
 * in them, and `mkdir -p` below `/proc/1` never returns.
 */
const PSEUDO_FS = new Set([
  0x9fa0, // proc
  0x62656572, // sysfs
  0x27e0eb, // cgroup
  0x63677270, // cgroup2
  0x64626720, // debugfs
  0x74726163, // tracefs
  0x73636673, // securityfs
  0x1cd1, // devpts
  0xcafe4a11, // bpf
  0x6165676c, // pstore
  0x62656570, // configfs
]);

/** What {@link checkCanSave} reads of a filesystem: `fs.statfsSync`'s answer, or a test's. */
export type StatfsLike = Pick<fs.StatsFs, 'type' | 'bsize' | 'bavail' | 'files' | 'ffree'>;

/** How {@link checkCanSave} asks about a filesystem; a test passes its own to fake a full one. */
export type StatfsFn = (dir: string) => StatfsLike;

function statfsOrUndefined(statfs: StatfsFn, dir: string): StatfsLike | undefined {
  try {
    return statfs(dir);
  } catch {
    return undefined;
  }
}

function pseudoFs(dir: string, statfs: StatfsFn): boolean {
  const s = statfsOrUndefined(statfs, dir);
  return s !== undefined && PSEUDO_FS.has(s.type);
}

/**
 * Why folder `dir` cannot be created (or written, if it exists), or undefined when it can: the
 * nearest existing ancestor must be a writable folder on an ordinary filesystem. Nothing is created.
 */
export function folderProblem(dir: string, statfs: StatfsFn = fs.statfsSync): string | undefined {
  let existing = path.resolve(dir);
  while (!fs.existsSync(existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(existing);
  } catch (err) {
    return `cannot read ${existing} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
  if (!stat.isDirectory()) return `${existing} is not a folder`;
  if (pseudoFs(existing, statfs))
    return `${existing} is on a kernel pseudo-filesystem, where files cannot be made`;
  try {
    fs.accessSync(existing, fs.constants.W_OK);
  } catch {
    return `${existing} is not writable`;
  }
  return undefined;
}

/** Room asked for beside an environment file: the new file, its temp copy and a recovery file. */
const MARGIN_BYTES = 64 * 1024;

/**
 * Free inodes (file slots) asked for beside an environment file: the temp file of the atomic write,
 * the lock folder, a recovery file, with room to spare. A filesystem out of inodes has free bytes
 * and still cannot make a file, so bytes alone would let a refresh through whose answer is lost.
 */
export const MIN_FREE_INODES = 16;

/**
 * Why the filesystem of `dir` (as `statfs` sees it) cannot take a file of `size` bytes rewritten
 * and a recovery file, or undefined when it can or cannot be told.
 */
function roomProblem(dir: string, size: number, statfs: StatfsFn): string | undefined {
  const s = statfsOrUndefined(statfs, dir);
  if (s === undefined) return undefined;
  const free = s.bavail * s.bsize;
  const need = 3 * size + MARGIN_BYTES;
  if (free < need) return `only ${free} bytes free in ${dir}, ${need} needed to save the new tokens safely`;
  // 0 inodes in all: the filesystem does not count them (btrfs, many network filesystems).
  if (s.files > 0 && s.ffree < MIN_FREE_INODES) {
    return `only ${s.ffree} free inodes (file slots) in ${dir}, ${MIN_FREE_INODES} needed to save the new tokens safely`;
  }
  return undefined;
}

/**
 * Checks, before a token request is sent, that the folder of `file` can take what ANAF's answer
 * will make: the file rewritten (through a temp file) and a recovery file, so a rotated token is
 * not lost to a full disk (bytes or inodes) or a read-only folder; and that `file` has one name.
 *
 * A file with several hard links is refused: its lock is on the name, and the atomic save
 * (a temp file renamed over the name) gives that name a new file while the other names keep the old
 * one, whose refresh token ANAF has just revoked.
 * @param statfs - how the filesystem is asked (tests fake a full one)
 * @throws AnafPostmanError `WRITE_FAILED` (nothing was sent).
 */
export function checkCanSave(file: string, statfs: StatfsFn = fs.statfsSync): void {
  const target = lockTarget(file);
  const dir = path.dirname(target);
  const fail = (why: string) =>
    new AnafPostmanError('WRITE_FAILED', `${file}: ${why}; nothing was sent, the tokens are unchanged`, {
      file,
    });
  const problem = folderProblem(dir, statfs);
  if (problem) throw fail(problem);
  let size = 0;
  let links = 1;
  try {
    const stat = fs.statSync(target);
    size = stat.size;
    links = stat.nlink;
  } catch {
    size = 0;
  }
  if (links > 1) {
    throw fail(
      `the file has ${links} names (hard links): saving gives this name a new file while the others keep the spent refresh token; give it one name (copy it, delete the links) or use a symlink`,
    );
  }
  const room = roomProblem(dir, size, statfs);
  if (room) throw fail(room);
}
