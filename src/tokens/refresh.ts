/** Refreshing many environment files concurrently, each under its own lock. */
import { AnafPostmanError, ExitCode, asAnafError, optionError, type ErrorCode } from '../errors';
import { expandFiles } from '../batch/files';
import { Progress, type BatchOptions } from '../batch/progress';
import { eachFile } from '../batch/pool';
import { refreshFile, type RefreshFileOptions } from './refresh-file';

/** Options of {@link refresh}. */
export interface RefreshOptions extends RefreshFileOptions, BatchOptions<RefreshResult> {}

/** One file's outcome. */
export interface RefreshResult {
  file: string;
  /** `interrupted`: never started, because the run was interrupted (the file is unchanged). */
  outcome: 'refreshed' | 'skipped' | 'failed' | 'interrupted';
  exitCode: number;
  code?: ErrorCode;
  message?: string;
  accessTokenExpiresAt?: string;
  refreshTokenExpiresAt?: string;
  recoveryFile?: string;
  /** The failure itself (with its `cause`), for debugging; left out of JSON output. */
  error?: AnafPostmanError;
}

/** All outcomes and the worst exit code among them. */
export interface RefreshSummary {
  results: RefreshResult[];
  exitCode: number;
  counts: Record<RefreshResult['outcome'], number>;
}

async function one(file: string, options: RefreshOptions): Promise<RefreshResult> {
  try {
    return { ...(await refreshFile(file, options)), exitCode: ExitCode.ok };
  } catch (err) {
    const e = asAnafError(err);
    const recoveryFile = typeof e.details?.recoveryFile === 'string' ? e.details.recoveryFile : undefined;
    return {
      file,
      outcome: 'failed',
      exitCode: e.exitCode,
      code: e.code,
      message: e.message,
      recoveryFile,
      error: e,
    };
  }
}

/**
 * Refreshes every file (or only those expiring within `ifExpiringWithinMs`), `concurrency` at a
 * time. Per-file failures are outcomes, not exceptions; `exitCode` is the worst of them.
 * @throws AnafPostmanError `USAGE` when no file is given or a glob matches nothing.
 */
export async function refresh(options: RefreshOptions): Promise<RefreshSummary> {
  const files = expandFiles(options.environments);
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw optionError('USAGE', 'concurrency', 'must be a whole number from 1 up');
  }
  const progress = Progress.open('refresh', options);
  const done = await eachFile(
    files,
    options,
    progress,
    (index) => one(files[index] ?? '', options),
    (index) => ({
      file: files[index] ?? '',
      outcome: 'skipped' as const,
      exitCode: ExitCode.ok,
      message: 'done earlier today (resume)',
    }),
  );
  const results = files.map(
    (file, i): RefreshResult =>
      done[i] ?? {
        file,
        outcome: 'interrupted',
        exitCode: ExitCode.interrupted,
        code: 'INTERRUPTED',
        message: `${file}: not refreshed (interrupted); the file is unchanged`,
      },
  );
  const counts = { refreshed: 0, skipped: 0, failed: 0, interrupted: 0 };
  for (const r of results) counts[r.outcome]++;
  return { results, counts, exitCode: Math.max(ExitCode.ok, ...results.map((r) => r.exitCode)) };
}
