/** Offline token status of environment files: what exists, when it expires, what to do. */
import { REFRESH_WARNING_DAYS, Var } from '../anaf';
import { ExitCode, isAnafError, type ErrorCode } from '../errors';
import { exposedMode, readEnvironmentFile, varMap } from '../store';
import { expandFiles } from './files';
import { tokenExpiryMs } from './tokens';

/** Status of one file. */
export interface StatusEntry {
  file: string;
  hasAccessToken: boolean;
  hasRefreshToken: boolean;
  accessTokenExpiresAt?: string;
  refreshTokenExpiresAt?: string;
  accessDaysLeft?: number;
  refreshDaysLeft?: number;
  warnings: string[];
  /**
   * The file's permission bits (e.g. `0o644`) when it holds a secret or a token and group or
   * others can access it: `chmod 600` it. Not an error, and the file is not changed.
   */
  exposedMode?: number;
  /** 0 fine, 3 a person must authorize, 2 the file is unusable. */
  exitCode: number;
  code?: ErrorCode;
}

/** Every file's status and the worst exit code. */
export interface StatusSummary {
  entries: StatusEntry[];
  exitCode: number;
}

const DAY_MS = 86_400_000;

function daysLeft(ms: number | undefined, now: number): number | undefined {
  return ms === undefined ? undefined : Math.floor(((ms - now) / DAY_MS) * 10) / 10;
}

function entryFor(file: string, now: number): StatusEntry {
  const env = readEnvironmentFile(file).data;
  const vars = varMap(env);
  const access = tokenExpiryMs(vars[Var.accessToken], vars[Var.accessTokenExpiresAt]);
  const refresh = tokenExpiryMs(vars[Var.refreshToken], vars[Var.refreshTokenExpiresAt]);
  const entry: StatusEntry = {
    file,
    hasAccessToken: Boolean(vars[Var.accessToken]),
    hasRefreshToken: Boolean(vars[Var.refreshToken]),
    accessTokenExpiresAt: access === undefined ? undefined : new Date(access).toISOString(),
    refreshTokenExpiresAt: refresh === undefined ? undefined : new Date(refresh).toISOString(),
    accessDaysLeft: daysLeft(access, now),
    refreshDaysLeft: daysLeft(refresh, now),
    warnings: [],
    exposedMode: exposedMode(file, env),
    exitCode: ExitCode.ok,
  };
  if (!entry.hasRefreshToken) {
    entry.warnings.push('no refresh token: authorize with the certificate (anaf-postman login)');
    entry.exitCode = ExitCode.authorizationNeeded;
  } else if (refresh !== undefined && refresh <= now) {
    entry.warnings.push('refresh token expired: authorize again with the certificate (anaf-postman login)');
    entry.exitCode = ExitCode.authorizationNeeded;
  } else if (refresh !== undefined && refresh - now < REFRESH_WARNING_DAYS * DAY_MS) {
    entry.warnings.push(`refresh token expires in under ${REFRESH_WARNING_DAYS} days: authorize again soon`);
  }
  for (const key of [Var.accessTokenExpiresAt, Var.refreshTokenExpiresAt]) {
    if (vars[key] && !Number.isFinite(Date.parse(vars[key])))
      entry.warnings.push(`${key} is not a date: ignored`);
  }
  if (entry.hasAccessToken && access !== undefined && access <= now && entry.exitCode === ExitCode.ok) {
    entry.warnings.push('access token expired: the next run or refresh renews it');
  }
  return entry;
}

/**
 * Reads each file (no network) and reports its tokens. Unusable files are entries with exit code 2.
 * @throws AnafPostmanError `USAGE` when no file is given or a glob matches nothing.
 */
export function status(options: { environments: string[] | string; now?: number }): StatusSummary {
  const now = options.now ?? Date.now();
  const entries = expandFiles(options.environments).map((file) => {
    try {
      return entryFor(file, now);
    } catch (err) {
      if (!isAnafError(err)) throw err;
      return {
        file,
        hasAccessToken: false,
        hasRefreshToken: false,
        warnings: [err.message],
        exitCode: err.exitCode,
        code: err.code,
      };
    }
  });
  return { entries, exitCode: Math.max(ExitCode.ok, ...entries.map((e) => e.exitCode)) };
}
