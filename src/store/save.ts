/** Saving new variable values into an environment file, never losing a rotated token. */
import path from 'node:path';
import { AnafPostmanError, isAnafError } from '../errors';
import { writeTextAtomic } from './atomic';
import { BOM, type EnvironmentFile } from './environment-file';
import { applyUpdates, effectiveUpdates, environmentText } from './update';

/** Where new tokens go when the environment file itself cannot be written. */
export function recoveryPath(file: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const base = path.basename(file).replace(/\.json$/, '');
  return path.join(path.dirname(file), `${base}.recovered-${stamp}.json`);
}

/**
 * Writes `env` with `updates` applied to a recovery file beside it (mode 0600) and returns the
 * error to throw, which names that file; the one place a rotated token goes when its own file
 * cannot take it.
 */
export async function writeRecovery(
  env: EnvironmentFile,
  updates: Record<string, string>,
  reason: string,
  cause?: unknown,
): Promise<AnafPostmanError> {
  const text = environmentText(applyUpdates(env.data, updates), env.text);
  const recovery = recoveryPath(env.path);
  try {
    await writeTextAtomic(recovery, env.bom ? BOM + text : text, 0o600);
  } catch {
    return new AnafPostmanError(
      'WRITE_FAILED',
      `${reason}; the recovery file ${recovery} could not be written either: the new tokens are lost, authorize again`,
      { file: env.path },
      { cause },
    );
  }
  return new AnafPostmanError(
    'WRITE_FAILED',
    `${reason}; the new tokens are safe in ${recovery}: use that file as the environment`,
    { file: env.path, recoveryFile: recovery },
    { cause },
  );
}

/**
 * Writes `updates` into `env`'s file atomically, in the file's own layout (indentation, line
 * endings, final newline, byte-order mark), and returns the new text (without a byte-order mark,
 * like {@link EnvironmentFile.text}). When nothing would change (no updates, or every value already
 * there) the file is not touched and `env.text` is returned. If the write fails, the whole updated
 * environment goes to a recovery file beside it (mode 0600) and the error names that file, so a
 * rotated refresh token is never lost.
 * @throws AnafPostmanError `WRITE_FAILED`.
 */
export async function saveUpdates(env: EnvironmentFile, updates: Record<string, string>): Promise<string> {
  const changes = effectiveUpdates(env.data, updates);
  if (Object.keys(changes).length === 0) return env.text;
  const text = environmentText(applyUpdates(env.data, changes), env.text);
  const full = env.bom ? BOM + text : text;
  try {
    await writeTextAtomic(env.path, full);
    return text;
  } catch (err) {
    throw await writeRecovery(env, changes, isAnafError(err) ? err.message : String(err), err);
  }
}
