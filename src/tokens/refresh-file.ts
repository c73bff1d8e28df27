/** Refreshing the token pair of one environment file, under its lock. */
import { Var } from '../anaf';
import { AnafPostmanError, isAnafError } from '../errors';
import {
  checkCanSave,
  leftoverPairs,
  readEnvironmentFile,
  varMap,
  withEnvironmentLocked,
  type EnvironmentFile,
  type FileLock,
} from '../store';
import { saveTokenAnswer } from './save-answer';
import { checkClientVars, refreshTokenOf, requestRefresh, type RetryOptions } from './token-client';
import { safeIso, tokenExpiryMs } from './tokens';

/** Options of one refresh. */
export interface RefreshFileOptions extends RetryOptions {
  /** Refresh only when the access token expires within this many ms (default: always refresh). */
  ifExpiringWithinMs?: number;
  /** Clock, for tests (default `Date.now`). */
  now?: () => number;
}

/** What happened to one file. */
export interface RefreshFileResult {
  file: string;
  outcome: 'refreshed' | 'skipped';
  accessTokenExpiresAt?: string;
  refreshTokenExpiresAt?: string;
}

function required(vars: Record<string, string>, file: string): void {
  checkClientVars(vars, file);
  refreshTokenOf(vars, file);
}

function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : safeIso(ms) || undefined;
}

function isInvalidGrant(err: unknown): err is AnafPostmanError {
  return isAnafError(err) && err.code === 'AUTH_REQUIRED' && err.details?.error === 'invalid_grant';
}

/**
 * ANAF refused the refresh token this process read, but the file now holds another one: a process
 * that took over this file's stale lock (this one was paused) refreshed and saved meanwhile. The
 * pair in the file is the valid one: nothing to authorize again.
 */
function rotatedMeanwhile(
  read: EnvironmentFile,
  sent: string,
): { result: RefreshFileResult; env: EnvironmentFile } | undefined {
  const file = read.path;
  let now: EnvironmentFile;
  try {
    // Read, not trusted to a stat: this is the path of a lock taken over while this process slept.
    now = readEnvironmentFile(file);
  } catch {
    return undefined;
  }
  const vars = varMap(now.data);
  const held = vars[Var.refreshToken] ?? '';
  if (held === '' || held === sent) return undefined;
  const result: RefreshFileResult = {
    file,
    outcome: 'skipped',
    accessTokenExpiresAt: iso(tokenExpiryMs(vars[Var.accessToken], vars[Var.accessTokenExpiresAt])),
    refreshTokenExpiresAt: iso(tokenExpiryMs(held, vars[Var.refreshTokenExpiresAt])),
  };
  return { result, env: now };
}

/**
 * ANAF refused the refresh token as used or unknown: if an earlier process left a newer pair beside
 * the file (a recovery or temporary file), say where before sending a person to the certificate.
 */
function withLeftoverHint(err: unknown, file: string, current: string): unknown {
  if (!isInvalidGrant(err)) return err;
  const newest = leftoverPairs(file, current)[0];
  if (!newest) return err;
  const at = new Date(newest.mtimeMs).toISOString();
  return new AnafPostmanError(
    'AUTH_REQUIRED',
    `${err.message}; but ${newest.file} (written ${at}) holds another refresh token, perhaps the newer one: check it with anaf-postman status --environment ${newest.file} and use it as the environment before authorizing again`,
    { ...err.details, leftover: newest.file },
    { cause: err },
  );
}

/**
 * The refresh itself, for an environment already read under its lock: checks (the file's folder
 * can take the answer included), the request, the atomic save (re-read under `lock` when given).
 * Returns the outcome and the environment as it now is on disk.
 */
export async function refreshLoaded(
  env: EnvironmentFile,
  options: RefreshFileOptions = {},
  lock?: FileLock,
): Promise<{ result: RefreshFileResult; env: EnvironmentFile }> {
  const now = options.now ?? Date.now;
  const file = env.path;
  const vars = varMap(env.data);
  required(vars, file);
  const refreshExpiry = tokenExpiryMs(vars[Var.refreshToken], vars[Var.refreshTokenExpiresAt]);
  if (refreshExpiry !== undefined && refreshExpiry <= now()) {
    throw new AnafPostmanError(
      'AUTH_REQUIRED',
      `${file}: the refresh token expired on ${iso(refreshExpiry)}; authorize again with the certificate: anaf-postman login --environment ${file}`,
      { file },
    );
  }
  const accessExpiry = tokenExpiryMs(vars[Var.accessToken], vars[Var.accessTokenExpiresAt]);
  if (
    options.ifExpiringWithinMs !== undefined &&
    vars[Var.accessToken] &&
    accessExpiry !== undefined &&
    accessExpiry - now() > options.ifExpiringWithinMs
  ) {
    const result: RefreshFileResult = {
      file,
      outcome: 'skipped',
      accessTokenExpiresAt: iso(accessExpiry),
      refreshTokenExpiresAt: iso(refreshExpiry),
    };
    return { result, env };
  }
  checkCanSave(file);
  let answer;
  try {
    answer = await requestRefresh(vars, file, options);
  } catch (err) {
    const moved = isInvalidGrant(err) ? rotatedMeanwhile(env, vars[Var.refreshToken] ?? '') : undefined;
    if (moved) return moved;
    throw withLeftoverHint(err, file, vars[Var.refreshToken] ?? '');
  }
  const saved = await saveTokenAnswer(env, answer, now(), lock);
  const updates = saved.updates;
  const result: RefreshFileResult = {
    file,
    outcome: 'refreshed',
    accessTokenExpiresAt: updates[Var.accessTokenExpiresAt] || undefined,
    refreshTokenExpiresAt:
      (updates[Var.refreshTokenExpiresAt] ?? vars[Var.refreshTokenExpiresAt]) || undefined,
  };
  return { result, env: saved.env };
}

/**
 * Refreshes `file`'s tokens (or skips when not expiring soon) and saves the answer atomically.
 * Holds the file's lock from the read to the write: a concurrent run waits, then reads these tokens.
 * @throws AnafPostmanError `BAD_FILE`, `AUTH_REQUIRED` (file unchanged), `UNAVAILABLE` (file unchanged),
 *   `WRITE_FAILED` (the folder cannot take the answer; nothing sent) or `TOKENS_NOT_SAVED` (tokens in
 *   a recovery file).
 */
export async function refreshFile(
  file: string,
  options: RefreshFileOptions = {},
): Promise<RefreshFileResult> {
  return withEnvironmentLocked(file, async (env, lock) => (await refreshLoaded(env, options, lock)).result);
}
