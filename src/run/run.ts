/**
 * `run`: the collection through in-process Newman against one environment file, then the changed
 * variables written back into that file (types and order kept), all under the file's lock.
 */
import type { EventEmitter } from 'node:events';
import type { NewmanRunOptions, NewmanRunSummary } from 'newman';
import { DEFAULT_REFRESH_SKEW_SECONDS, Var } from '../anaf';
import { ExitCode } from '../errors';
import { readEnvironmentFile, saveUpdates, varMap, withFileLock, type EnvironmentFile } from '../store';
import { defaultCollectionPath, loadCollection } from './collection-file';
import { Redactor } from './redact';
import { refreshLoaded } from './refresh-file';
import { attachRecorder, type RunRecord } from './recorder';
import {
  prepareReportDir,
  reporterOptions,
  writeOwnReports,
  redactReportFiles,
  type ReporterName,
} from './reports';
import type { RetryOptions } from './token-client';

/** Options of {@link run}. */
export interface RunOptions extends RetryOptions {
  /** The environment file; read before and written after the run. */
  environment: string;
  /** Collection file (default: the committed English collection). */
  collection?: string;
  /** Folders or requests to run (default: all). */
  folders?: string[];
  /** Reports to produce (default `['cli']`): `cli` lines via `onLine`, files for the others. */
  reporters?: ReporterName[];
  /** Folder for junit/json/html reports (default `reports`). */
  reportDir?: string;
  /** Stop at the first failure. */
  bail?: boolean;
  /** Newman's per-request timeout (default 30 s). */
  timeoutRequestMs?: number;
  /** Receives the run's progress lines, secrets already redacted. */
  onLine?: (line: string) => void;
}

/** What a run did. */
export interface RunSummary {
  requests: number;
  assertions: number;
  failures: RunRecord['failures'];
  /** Variables written back into the environment file. */
  changed: string[];
  /** Report files written. */
  reports: string[];
  /** 0 passed, 1 assertions failed, 3 authorization needed, 4 ANAF unreachable. */
  exitCode: number;
}

function changedVariables(
  before: Record<string, string>,
  after: { key: string; value: unknown }[],
): Record<string, string> {
  const updates: Record<string, string> = {};
  for (const { key, value } of after) {
    const text = value === undefined || value === null ? '' : String(value);
    if (before[key] !== text) updates[key] = text;
  }
  return updates;
}

/** Starts Newman in-process; the emitter is returned at once so listeners see every event. */
function startNewman(options: object): { emitter: EventEmitter; done: Promise<NewmanRunSummary> } {
  const newman = require('newman') as typeof import('newman');
  let emitter!: EventEmitter;
  const done = new Promise<NewmanRunSummary>((resolve, reject) => {
    emitter = newman.run(options as NewmanRunOptions, (err, summary) =>
      err ? reject(err) : resolve(summary),
    );
  });
  return { emitter, done };
}

async function runLocked(env: EnvironmentFile, options: RunOptions): Promise<RunSummary> {
  const collection = loadCollection(options.collection ?? defaultCollectionPath(), options.folders);
  // Refresh first with retries, so a transient ANAF failure is retried here rather than failing a test.
  const skewText = varMap(env.data)[Var.tokenRefreshSkewSeconds];
  const skew =
    skewText !== '' && Number.isFinite(Number(skewText)) ? Number(skewText) : DEFAULT_REFRESH_SKEW_SECONDS;
  if (varMap(env.data)[Var.refreshToken]) {
    env = (await refreshLoaded(env, { ...options, ifExpiringWithinMs: skew * 1000 })).env;
  }
  const before = varMap(env.data);
  const redactor = new Redactor();
  redactor.addVariables(before);
  const reporters = options.reporters ?? ['cli'];
  const reportDir = options.reportDir ?? 'reports';
  const newmanOptions = {
    collection,
    environment: env.data,
    folder: options.folders?.length ? options.folders : undefined,
    bail: options.bail ?? false,
    timeoutRequest: options.timeoutRequestMs ?? 30_000,
    ...reporterOptions(reporters, reportDir),
  };
  await prepareReportDir(reporters, reportDir);
  const { emitter, done } = startNewman(newmanOptions);
  const record = attachRecorder(emitter, redactor, (line) => {
    if (reporters.includes('cli')) options.onLine?.(line);
  });
  const summary = await done;
  const values =
    (summary.environment.toJSON() as { values?: { key?: string; value?: unknown }[] }).values ?? [];
  const after = values.map((v) => ({ key: String(v.key), value: v.value }));
  const updates = changedVariables(before, after);
  redactor.addVariables(Object.fromEntries(after.map((v) => [v.key, String(v.value ?? '')])));
  await saveUpdates(env, updates);
  const reports = [
    ...(await writeOwnReports(reporters, reportDir, record, redactor)),
    ...(await redactReportFiles(reporters, reportDir, redactor)),
  ];
  return {
    requests: record.requests,
    assertions: record.assertions,
    failures: record.failures,
    changed: Object.keys(updates),
    reports,
    exitCode: Math.max(ExitCode.ok, ...record.failures.map((f) => f.exitCode)),
  };
}

/**
 * Runs the collection against `environment` and saves the variables the run changed.
 * Failing assertions are reported in the summary (`exitCode` 1, or 3/4 when they say the token was
 * refused or ANAF was unreachable), not thrown.
 * @throws AnafPostmanError `BAD_FILE`, `USAGE`, `AUTH_REQUIRED` / `UNAVAILABLE` (the pre-run refresh;
 *   file unchanged) or `WRITE_FAILED` (tokens in a recovery file).
 */
export async function run(options: RunOptions): Promise<RunSummary> {
  readEnvironmentFile(options.environment);
  return withFileLock(options.environment, () =>
    runLocked(readEnvironmentFile(options.environment), options),
  );
}
