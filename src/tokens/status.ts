/** Offline token status of environment files: what exists, when it expires, what to do. */
import { REFRESH_WARNING_DAYS, Var } from '../anaf';
import { ExitCode, asAnafError, type ErrorCode } from '../errors';
import { exposedMode, readEnvironmentFile, varMap } from '../store';
import { expandFiles } from '../batch/files';
import { safeIso, tokenExpiryMs } from './tokens';

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

/**
 * The expiry of `token` (ms) when a date can hold it; a JWT `exp` of 1e20 gives none and a
 * warning, so one odd token cannot stop the status of every file.
 */
function expiryOf(
  token: string | undefined,
  storedIso: string | undefined,
  name: string,
  warnings: string[],
) {
  const ms = tokenExpiryMs(token, storedIso);
  if (ms === undefined || safeIso(ms) !== '') return ms;
  warnings.push(`${name}'s expiry (its JWT exp) is not a date: unknown`);
  return undefined;
}

function entryFor(file: string, now: number): StatusEntry {
  const env = readEnvironmentFile(file).data;
  const vars = varMap(env);
  const warnings: string[] = [];
  const access = expiryOf(vars[Var.accessToken], vars[Var.accessTokenExpiresAt], Var.accessToken, warnings);
  const refresh = expiryOf(
    vars[Var.refreshToken],
    vars[Var.refreshTokenExpiresAt],
    Var.refreshToken,
    warnings,
  );
  const entry: StatusEntry = {
    file,
    hasAccessToken: Boolean(vars[Var.accessToken]),
    hasRefreshToken: Boolean(vars[Var.refreshToken]),
    accessTokenExpiresAt: access === undefined ? undefined : safeIso(access),
    refreshTokenExpiresAt: refresh === undefined ? undefined : safeIso(refresh),
    accessDaysLeft: daysLeft(access, now),
    refreshDaysLeft: daysLeft(refresh, now),
    warnings,
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
 * Reads each file (no network) and reports its tokens. Unusable files are entries with exit code 2;
 * a file that fails unexpectedly is an entry with exit code 70, and the other files still show.
 * @throws AnafPostmanError `USAGE` when no file is given or a glob matches nothing.
 */
export function status(options: { environments: string[] | string; now?: number }): StatusSummary {
  const now = options.now ?? Date.now();
  const entries = expandFiles(options.environments).map((file) => {
    try {
      return entryFor(file, now);
    } catch (thrown) {
      const err = asAnafError(thrown, file);
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
