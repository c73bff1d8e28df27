/** Saving new variable values into an environment file, never losing a rotated token. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AnafPostmanError, isAnafError } from '../errors';
import { writeTextAtomic } from './atomic';
import {
  BOM,
  isUnchanged,
  parseEnvironmentText,
  readEnvironmentFile,
  type EnvironmentFile,
} from './environment-file';
import { trustedStamp } from './input-file';
import type { FileLock } from './lock';
import { spliceUpdates } from './splice';
import { applyUpdates, effectiveUpdates, environmentText, textFormat } from './update';

/** Where new tokens go when the environment file itself cannot be written. */
export function recoveryPath(file: string, now = new Date(), dir = path.dirname(file)): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const base = path.basename(file).replace(/\.json$/, '');
  return path.join(dir, `${base}.recovered-${stamp}.json`);
}

/**
 * The file's content with `updates` in it: spliced into the bytes read when there are some (every
 * other byte kept), else serialised in the file's layout.
 */
function updatedContent(env: EnvironmentFile, updates: Record<string, string>): string | Buffer {
  if (env.raw) {
    const spliced = spliceUpdates(env.raw, updates, textFormat(env.text));
    if (spliced) return spliced;
  }
  const text = environmentText(applyUpdates(env.data, updates), env.text);
  return env.bom ? BOM + text : text;
}

/**
 * Writes `env` with `updates` applied to a recovery file beside it (or, when that folder cannot
 * take it, in the system's temporary folder), mode 0600, and returns the error to throw, which names
 * that file: the one place a rotated token goes when its own file cannot take it.
 * @returns `TOKENS_NOT_SAVED`, with `details.recoveryFile` when the recovery file was written.
 */
export async function writeRecovery(
  env: EnvironmentFile,
  updates: Record<string, string>,
  reason: string,
  cause?: unknown,
): Promise<AnafPostmanError> {
  const now = new Date();
  for (const dir of [path.dirname(env.path), os.tmpdir()]) {
    const recovery = recoveryPath(env.path, now, dir);
    try {
      await writeTextAtomic(recovery, updatedContent(env, updates), 0o600);
    } catch {
      continue;
    }
    return new AnafPostmanError(
      'TOKENS_NOT_SAVED',
      `${reason}; the new tokens are safe in ${recovery}: use that file as the environment`,
      { file: env.path, recoveryFile: recovery },
      { cause },
    );
  }
  return new AnafPostmanError(
    'TOKENS_NOT_SAVED',
    `${reason}; no recovery file could be written either: the new tokens are lost, authorize again`,
    { file: env.path },
    { cause },
  );
}

/**
 * The file as just written: its content parsed in memory, and the stamp of what the name holds now
 * when it is the very inode written (`identity`, taken from the temporary file before the rename):
 * a stat, not a read. When another writer already replaced it, or the stamp cannot be trusted,
 * there is none and the next save reads the file again.
 */
function written(file: string, content: string | Buffer, identity: string | undefined): EnvironmentFile {
  const raw = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const env = parseEnvironmentText(file, raw.toString('utf8'));
  let stamp: string | undefined;
  try {
    const stat = fs.statSync(file, { bigint: true });
    const same = identity === `${stat.dev}:${stat.ino}` && Number(stat.size) === raw.length;
    stamp = same ? trustedStamp(stat, Date.now(), true) : undefined;
  } catch {
    stamp = undefined;
  }
  return { ...env, raw, ...(stamp ? { stamp } : {}) };
}

/** Device and inode of `file`, or undefined. */
function identityOf(file: string): string | undefined {
  try {
    const stat = fs.statSync(file, { bigint: true });
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Writes `updates` into `env`'s file atomically, changing only the bytes of the changed values
 * (layout, byte-order mark, unknown fields, big numbers and even invalid UTF-8 elsewhere stay as
 * they were), and returns the file as written (parsed from what was written, not read back). When
 * nothing would change the file is not touched and `env` is returned. If the write fails, the
 * updated environment goes to a recovery file and the error names it, so a rotated refresh token
 * is never lost.
 * @throws AnafPostmanError `TOKENS_NOT_SAVED`.
 */
export async function saveUpdates(
  env: EnvironmentFile,
  updates: Record<string, string>,
): Promise<EnvironmentFile> {
  const changes = effectiveUpdates(env.data, updates);
  if (Object.keys(changes).length === 0) return env;
  const content = updatedContent(env, changes);
  let identity: string | undefined;
  try {
    await writeTextAtomic(env.path, content, 0o600, (temp) => {
      identity = identityOf(temp);
    });
  } catch (err) {
    throw await writeRecovery(env, changes, isAnafError(err) ? err.message : String(err), err);
  }
  return written(env.path, content, identity);
}

/** What each lock's holder last wrote: the next save under the same lock need not read it back. */
const lastSaved = new WeakMap<FileLock, EnvironmentFile>();

/**
 * Saves `updates` (only the variables this process changed) into the file as it is now: the lock
 * is taken again if it was compromised, and the updates are written over what the file holds, so a
 * change another process made to other variables is kept. "What it holds" is read from disk only
 * when it is neither `original` nor what this lock's holder last saved (compared by
 * {@link isUnchanged}, without a read). Any failure (the lock, the read, the write) puts the
 * updates, applied to `original`, in a recovery file.
 * @returns the file as saved.
 * @throws AnafPostmanError `TOKENS_NOT_SAVED`.
 */
export async function saveMerged(
  lock: FileLock,
  original: EnvironmentFile,
  updates: Record<string, string>,
): Promise<EnvironmentFile> {
  let current: EnvironmentFile;
  try {
    // A lock taken over and taken back: someone else held it, and may have written; read.
    const retaken = await lock.regain();
    const known = retaken
      ? undefined
      : [lastSaved.get(lock), original].find(
          (env) => env !== undefined && env.path === original.path && isUnchanged(env),
        );
    current = known ?? readEnvironmentFile(original.path);
  } catch (err) {
    throw await writeRecovery(original, updates, isAnafError(err) ? err.message : String(err), err);
  }
  const saved = await saveUpdates(current, updates);
  lastSaved.set(lock, saved);
  return saved;
}
