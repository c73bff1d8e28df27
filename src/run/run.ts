/**
 * `run`: the collection through in-process Newman against one environment file, then the changed
 * variables written back into that file (types and order kept), all under the file's lock.
 */
import type { EventEmitter } from 'node:events';
import { DEFAULT_REFRESH_SKEW_SECONDS, Var } from '../anaf';
import { AnafPostmanError, ExitCode, optionError } from '../errors';
import {
  checkCanSave,
  enabledOnly,
  saveMerged,
  valueText,
  varMap,
  withEnvironmentLocked,
  writeRecovery,
  type EnvironmentFile,
  type FileLock,
} from '../store';
import { defaultCollectionPath, loadCollection, resolveFolders } from './collection-file';
import { newmanVariables, startNewman, type NewmanOutcome, type NewmanVariable } from './newman';
import { Redactor } from './redact';
import { refreshLoaded } from '../tokens/refresh-file';
import {
  attachRecorder,
  recordCounts,
  type RunFailure,
  type RunFailureCode,
  type RunRecord,
} from './recorder';
import {
  prepareReportDir,
  reporterOptions,
  writeOwnReports,
  redactReportFiles,
  type ReporterName,
} from './reports';
import type { RetryOptions } from '../tokens/token-client';
import { tokenUpdates } from '../tokens/tokens';
import { newmanError, oneLine, reportError } from './run-errors';
import { iterationLabel, readIterationData, type IterationRow } from './iteration-data';
import { precheckRun } from './precheck';
import { runGlobals, withOverrides } from './run-variables';
import { stopOnAbort } from './stop';
import { saveOnArrival } from './save-on-arrival';
import { untilNewmanEnds } from './newman-guard';
import { newmanTransport } from './newman-transport';

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
  /** Rows (or a CSV/JSON file of rows, like newman's `-d`): one iteration each, its variables set. */
  iterationData?: string | IterationRow[];
  /** Iterations to run (default: one per `iterationData` row, else 1). */
  iterationCount?: number;
  /** Variables set for this run only (`--env-var KEY=VALUE`); saved only if a script changes them. */
  envVars?: Record<string, string>;
  /** Pause between requests (newman's `--delay-request`). */
  delayRequestMs?: number;
  /** Accept any TLS certificate (newman's `--insecure`); prefer `NODE_EXTRA_CA_CERTS` for a proxy's CA. */
  insecure?: boolean;
  /** The collection already loaded (a batch loads it once for every file). */
  collectionData?: Record<string, unknown>;
  /**
   * Called with Newman's emitter before the first request, so a caller sees every event (the
   * answers' bodies included); `download` keeps the messages this way. Secrets pass by: never log them.
   */
  onNewman?: (emitter: EventEmitter) => void;
}

/** What a run did. */
export interface RunSummary {
  requests: number;
  /** Requests that skipped themselves. */
  skipped: number;
  assertions: number;
  /** Counts per iteration (per `iterationData` row). */
  iterations: RunRecord['iterations'];
  failures: RunRecord['failures'];
  /** Uploads not sent to ANAF production because the environment does not allow filing. */
  notFiled: RunRecord['notFiled'];
  /** Variables written back into the environment file. */
  changed: string[];
  /** Report files written. */
  reports: string[];
  /** 0 passed, 1 assertions failed, 3 authorization needed, 4 ANAF unreachable. */
  exitCode: number;
  /** The stable code of the worst failure; absent when everything passed. */
  code?: RunFailureCode;
  /** Set when `signal` stopped the run before its end: how many requests it never reached. */
  interrupted?: RunRecord['interrupted'];
}

/**
 * The variables the run changed, comparing like with like: `before` is exactly what Newman was
 * given (enabled variables only), `after` what its environment scope holds at the end.
 */
function changedVariables(before: Record<string, string>, after: NewmanVariable[]): Record<string, string> {
  const updates: Record<string, string> = {};
  for (const { key, value } of after) {
    const text = valueText(value);
    if (before[key] !== text) updates[key] = text;
  }
  return updates;
}

/**
 * What must be written back: the variables the run changed, or, when Newman cannot tell (no
 * summary), at least the last token pair the recorder saw ANAF hand out.
 */
function updatesAfterRun(
  before: Record<string, string>,
  outcome: NewmanOutcome,
  emitter: EventEmitter,
  record: RunRecord,
): { updates: Record<string, string>; after: Record<string, string> } {
  const vars = newmanVariables(outcome, emitter);
  const answer = record.tokenAnswer;
  const fromAnswer = answer ? tokenUpdates(answer.body, answer.atMs) : {};
  if (!vars) return { updates: fromAnswer, after: { ...before, ...fromAnswer } };
  const updates = changedVariables(before, vars);
  const after = Object.fromEntries(vars.map((v) => [v.key, valueText(v.value)]));
  // A script that failed half-way through storing ANAF's last answer (or never ran) leaves the scope
  // with a pair ANAF no longer honours: the answer itself is what must be saved.
  const last = fromAnswer[Var.refreshToken] ?? fromAnswer[Var.accessToken];
  const held = Var.refreshToken in fromAnswer ? after[Var.refreshToken] : after[Var.accessToken];
  if (last !== undefined && held !== last) {
    Object.assign(updates, fromAnswer);
    Object.assign(after, fromAnswer);
  }
  return { updates, after };
}

/**
 * Saves what the run changed, and only that, into the file as it is now (re-read under the lock):
 * a token another process saved meanwhile is not overwritten by this run's stale snapshot. Any
 * failure on the way, even computing the changes, puts the last token answer in a recovery file.
 */
async function saveRunChanges(
  lock: FileLock,
  env: EnvironmentFile,
  before: Record<string, string>,
  outcome: NewmanOutcome,
  emitter: EventEmitter,
  record: RunRecord,
): Promise<{ updates: Record<string, string>; after: Record<string, string> }> {
  let computed: { updates: Record<string, string>; after: Record<string, string> };
  try {
    computed = updatesAfterRun(before, outcome, emitter, record);
  } catch (err) {
    if (!record.tokenAnswer) throw err;
    const answer = record.tokenAnswer.body;
    const tokens = { [Var.accessToken]: answer.access_token, [Var.refreshToken]: answer.refresh_token ?? '' };
    throw await writeRecovery(env, tokens, `${env.path}: the run's variables could not be read`, err);
  }
  await saveMerged(lock, env, computed.updates);
  return computed;
}

async function runLocked(env: EnvironmentFile, options: RunOptions, lock: FileLock): Promise<RunSummary> {
  const collection =
    options.collectionData ?? loadCollection(options.collection ?? defaultCollectionPath(), options.folders);
  // Nothing is sent for an environment that was never set up: one line saying what to do.
  precheckRun({ ...varMap(env.data), ...options.envVars }, env.path);
  const rows =
    typeof options.iterationData === 'string'
      ? readIterationData(options.iterationData)
      : options.iterationData;
  const reporters = options.reporters ?? ['cli'];
  const reportDir = options.reportDir ?? 'reports';
  // Before anything is sent: a report that cannot be written must not cost a rotated token.
  await prepareReportDir(reporters, reportDir);
  checkCanSave(env.path);
  // Refresh first with retries, so a transient ANAF failure is retried here rather than failing a test.
  const skewText = varMap(env.data)[Var.tokenRefreshSkewSeconds];
  const skew =
    skewText !== '' && Number.isFinite(Number(skewText)) ? Number(skewText) : DEFAULT_REFRESH_SKEW_SECONDS;
  // Variables the refresh before the run saved: part of what this run changed in the file.
  let savedBefore: string[] = [];
  if (varMap(env.data)[Var.refreshToken]) {
    const refreshed = await refreshLoaded(env, { ...options, ifExpiringWithinMs: skew * 1000 }, lock);
    const was = varMap(env.data);
    const now = varMap(refreshed.env.data);
    savedBefore = Object.keys(now).filter((key) => now[key] !== was[key]);
    env = { ...refreshed.env, ...(env.bom ? { bom: true } : {}) };
  }
  // Newman 6.2.2 reads (and sends) disabled variables, and the last of two equal keys: it is given
  // the enabled ones only, and the changes are judged against exactly those.
  const given = withOverrides(enabledOnly(env.data), options.envVars);
  const before = varMap(given);
  const redactor = new Redactor();
  redactor.addVariables(before);
  // `--folder` as Newman needs it: a name two items share, or a printed `Folder / request`, by id (#27).
  const folders = resolveFolders(collection, options.folders);
  const newmanOptions = {
    collection,
    environment: given,
    folder: folders.length ? folders : undefined,
    bail: options.bail ?? false,
    timeoutRequest: options.timeoutRequestMs ?? 30_000,
    // A redirect must never carry a token request's body (a refresh token) to another host.
    ignoreRedirects: true,
    globals: runGlobals(folders),
    ...(rows ? { iterationData: rows } : {}),
    ...(options.iterationCount !== undefined ? { iterationCount: options.iterationCount } : {}),
    ...(options.delayRequestMs ? { delayRequest: options.delayRequestMs } : {}),
    ...(options.insecure ? { insecure: true } : {}),
    // Every request through the process's transport: its proxy, rate limit and deadline.
    ...newmanTransport(options.timeoutRequestMs ?? 30_000),
    ...reporterOptions(reporters, reportDir),
  };
  const { emitter, done } = startNewman(newmanOptions);
  if (!emitter) {
    const { err } = await done;
    throw new AnafPostmanError('INTERNAL', `Newman did not start: ${oneLine(err?.message ?? '?', redactor)}`);
  }
  options.onNewman?.(emitter);
  const arrivals = saveOnArrival(lock, env);
  const record = attachRecorder(
    emitter,
    redactor,
    (line) => {
      if (reporters.includes('cli')) options.onLine?.(line);
    },
    (rows ?? []).map(iterationLabel),
    (answer, atMs) => arrivals.add(answer, atMs),
  );
  // A signal stops the run after the request under way; what it changed is saved below as usual.
  const stop = stopOnAbort(emitter, options.signal);
  // From here on a token answer may have arrived: whatever happened, the variables are saved first.
  const outcome = await untilNewmanEnds(done);
  stop.release();
  await arrivals.settled();
  const interrupted = stop.interrupted();
  if (interrupted) record.interrupted = interrupted;
  const { updates, after } = await saveRunChanges(lock, env, before, outcome, emitter, record);
  redactor.addVariables(after);
  const changed = [...new Set([...savedBefore, ...Object.keys(updates)])];
  if (outcome.err) throw newmanError(outcome.err, env.path, changed, redactor);
  let reports: string[];
  try {
    reports = [
      ...(await writeOwnReports(reporters, reportDir, record, redactor)),
      ...(await redactReportFiles(reporters, reportDir, redactor)),
    ];
  } catch (err) {
    throw reportError(err, env.path, changed, redactor);
  }
  const worst = record.failures.reduce<RunFailure | undefined>(
    (w, f) => (w === undefined || f.exitCode > w.exitCode ? f : w),
    undefined,
  );
  return {
    ...recordCounts(record),
    changed,
    reports,
    exitCode: worst?.exitCode ?? ExitCode.ok,
    code: worst?.code,
  };
}

/**
 * Runs the collection against `environment` and saves the variables the run changed.
 * Failing assertions are reported in the summary (`exitCode` 1, or 3/4 when they say the token was
 * refused or ANAF was unreachable), not thrown. Once Newman has started, the changed variables are
 * saved before any error is thrown, so a rotated refresh token is never lost to a failing report.
 * When `signal` aborts, no new token attempt starts and the run stops after the request under way
 * (its scripts included); its variables are saved and `interrupted` says how many requests it
 * never reached.
 * @throws AnafPostmanError `BAD_FILE`, `USAGE` (an unknown folder, an empty `reportDir`),
 *   `WRITE_FAILED` (a report folder that cannot be written, checked before the run; a report that
 *   failed after it, variables saved; or tokens in a recovery file), `AUTH_REQUIRED` / `UNAVAILABLE`
 *   (the pre-run refresh; file unchanged), `INTERNAL` (Newman failed; variables saved).
 */
export async function run(options: RunOptions): Promise<RunSummary> {
  if (options.reportDir !== undefined && options.reportDir.trim() === '') {
    throw optionError(
      'USAGE',
      'reportDir',
      'empty; give the folder for junit.xml, report.json and report.html (default: reports)',
    );
  }
  return withEnvironmentLocked(options.environment, (env, lock) => runLocked(env, options, lock));
}
