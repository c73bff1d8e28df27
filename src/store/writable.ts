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

/** Free bytes on the filesystem of `dir` for this user, or undefined when unknown. */
function freeBytes(dir: string): number | undefined {
  try {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

function pseudoFs(dir: string): boolean {
  try {
    return PSEUDO_FS.has(fs.statfsSync(dir).type);
  } catch {
    return false;
  }
}

/**
 * Why folder `dir` cannot be created (or written, if it exists), or undefined when it can: the
 * nearest existing ancestor must be a writable folder on an ordinary filesystem. Nothing is created.
 */
export function folderProblem(dir: string): string | undefined {
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
  if (pseudoFs(existing)) return `${existing} is on a kernel pseudo-filesystem, where files cannot be made`;
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
 * Checks, before a token request is sent, that the folder of `file` can take what ANAF's answer
 * will make: the file rewritten (through a temp file) and a recovery file, so a rotated token is
 * not lost to a full disk or a read-only folder.
 * @throws AnafPostmanError `WRITE_FAILED` (nothing was sent).
 */
export function checkCanSave(file: string): void {
  const target = lockTarget(file);
  const dir = path.dirname(target);
  const fail = (why: string) =>
    new AnafPostmanError('WRITE_FAILED', `${file}: ${why}; nothing was sent, the tokens are unchanged`, {
      file,
    });
  const problem = folderProblem(dir);
  if (problem) throw fail(problem);
  let size = 0;
  try {
    size = fs.statSync(target).size;
  } catch {
    size = 0;
  }
  const free = freeBytes(dir);
  const need = 3 * size + MARGIN_BYTES;
  if (free !== undefined && free < need) {
    throw fail(`only ${free} bytes free in ${dir}, ${need} needed to save the new tokens safely`);
  }
}
