/**
 * The one path from a token answer to the environment file. Once ANAF has answered, the old refresh
 * token is spent: whatever fails from here on (a date, the lock, the re-read, the write) must end
 * with the new tokens in the file or in a recovery file, never only in memory.
 */
import { Var } from '../anaf';
import { asAnafError, isAnafError } from '../errors';
import { saveMerged, saveUpdates, writeRecovery, type EnvironmentFile, type FileLock } from '../store';
import { tokenUpdates, type TokenResponse } from './tokens';

/** The bare tokens of an answer, for when even computing their expiries failed. */
function bareTokens(body: TokenResponse): Record<string, string> {
  const out: Record<string, string> = { [Var.accessToken]: String(body.access_token) };
  if (typeof body.refresh_token === 'string' && body.refresh_token !== '') {
    out[Var.refreshToken] = body.refresh_token;
  }
  return out;
}

/**
 * Saves the variables of token answer `body` into `env`'s file: merged into the file as it is now
 * when `lock` is given (see `saveMerged`), else written over `env`.
 * @returns the variables saved and the file as it now is.
 * @throws AnafPostmanError `TOKENS_NOT_SAVED` (with the recovery file when one could be written).
 */
export async function saveTokenAnswer(
  env: EnvironmentFile,
  body: TokenResponse,
  nowMs: number,
  lock?: FileLock,
): Promise<{ updates: Record<string, string>; env: EnvironmentFile }> {
  let updates = bareTokens(body);
  try {
    updates = tokenUpdates(body, nowMs);
    if (lock) return { updates, env: await saveMerged(lock, env, updates) };
    return { updates, env: await saveUpdates(env, updates) };
  } catch (err) {
    if (isAnafError(err, 'TOKENS_NOT_SAVED')) throw err;
    const e = asAnafError(err);
    throw await writeRecovery(env, updates, `${env.path}: saving the new tokens failed (${e.message})`, err);
  }
}
