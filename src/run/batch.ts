/**
 * Batch `run`: one collection, many environment files (one per company), in one process. The
 * collection is read once; requests share the process's keep-alive agents and its rate limit;
 * `concurrency` runs overlap to hide ANAF's latency. Memory stays bounded: each file's reports are
 * written when it finishes and only a small summary of it is kept.
 *
 * Each file's run is Newman's own: it builds a fresh script sandbox, so nothing one company's
 * scripts leave behind (globals, built-ins, script libraries' state) reaches the next company.
 * Reusing sandboxes between files was tried and removed (issue #26): it did not make a real folder
 * faster under the rate limit, and putting a realm back cannot reach every library's hidden state.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ExitCode, asAnafError, optionError, type ErrorCode } from '../errors';
import { expandFiles } from '../batch/files';
import { Progress, type BatchOptions } from '../batch/progress';
import { eachFile } from '../batch/pool';
import { defaultCollectionPath, loadCollection } from './collection-file';
import { writeTextAtomic } from '../store';
import { readIterationData } from './iteration-data';
import { junitDocument } from './junit';
import type { RunIteration } from './recorder';
import { run, type RunOptions, type RunSummary } from './run';

/** Options of {@link runBatch}: those of {@link run}, for many files. */
export interface BatchRunOptions
  extends Omit<RunOptions, 'environment' | 'collectionData'>, BatchOptions<BatchFileResult> {}

/** One file's outcome: counts only, so ten thousand of them stay small. */
export interface BatchFileResult {
  file: string;
  /** Its reports' folder (`reportDir/<file name>`). */
  reportDir: string;
  /**
   * `stopped`: under way when the signal came, stopped after its request in flight, variables saved;
   * `interrupted`: never started, the file unchanged.
   */
  outcome: 'passed' | 'failed' | 'error' | 'resumed' | 'stopped' | 'interrupted';
  exitCode: number;
  code?: ErrorCode;
  requests: number;
  skipped: number;
  assertions: number;
  failed: number;
  /** Uploads not sent to ANAF production for want of the filing allowance (skipped, not failed). */
  notFiled: number;
  iterations: RunIteration[];
  /** The first failure (`Folder / request: test: ANAF's words`), or the error. */
  message?: string;
  reports: string[];
}

/** Every file's outcome and the worst exit code among them. */
export interface BatchSummary {
  results: BatchFileResult[];
  exitCode: number;
  counts: Record<BatchFileResult['outcome'], number>;
}

/** A report folder per file, named after it (`clients/acme.json` → `acme`), made unique. */
function reportDirs(files: string[], root: string): string[] {
  const taken = new Map<string, number>();
  return files.map((file) => {
    const stem = path.basename(file).replace(/(\.postman_environment)?\.json$/i, '') || 'environment';
    const n = (taken.get(stem) ?? 0) + 1;
    taken.set(stem, n);
    return path.join(root, n === 1 ? stem : `${stem}-${n}`);
  });
}

/**
 * The batch's own reports beside the per-file folders: `junit.xml` with one suite per file (its
 * requests' assertions as counts, the first failure as the message) and `summary.json`.
 */
async function writeBatchReports(summary: BatchSummary, reporters: string[], dir: string): Promise<void> {
  if (reporters.includes('junit') || reporters.includes('json'))
    await fs.promises.mkdir(dir, { recursive: true });
  if (reporters.includes('junit')) {
    const suites = summary.results.map((r) => {
      const failure =
        r.exitCode === ExitCode.ok ? '' : `\n      <failure message="${xmlText(r.message ?? r.outcome)}"/>`;
      return (
        `  <testsuite name="${xmlText(r.file)}" tests="1" failures="${r.exitCode === ExitCode.ok ? 0 : 1}">\n` +
        `    <testcase name="${r.outcome}: ${r.requests} sent, ${r.assertions} assertions, ${r.failed} failed" classname="${xmlText(r.file)}">${failure}${failure ? '\n    ' : ''}</testcase>\n  </testsuite>`
      );
    });
    await writeTextAtomic(path.join(dir, 'junit.xml'), junitDocument(suites), 'umask');
  }
  if (reporters.includes('json')) {
    await writeTextAtomic(path.join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`, 'umask');
  }
}

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A file's outcome from its run's summary. */
function fileResult(s: RunSummary): Omit<BatchFileResult, 'file' | 'reportDir'> {
  const f = s.failures[0];
  const first = f && `${f.item}: ${f.test}: ${f.message}`;
  const counts = {
    requests: s.requests,
    skipped: s.skipped,
    assertions: s.assertions,
    failed: s.failures.length,
    notFiled: s.notFiled.length,
    iterations: s.iterations,
    reports: s.reports,
  };
  const notFiled = s.notFiled.length ? `${s.notFiled.length} not filed (no allowFilingForCif)` : undefined;
  if (s.interrupted) {
    // Exit 130, never 0: `resume` must run this file again, as it did not run every request.
    const note = `${s.interrupted.notRun} request(s) not run (interrupted); variables saved`;
    return {
      outcome: 'stopped',
      exitCode: ExitCode.interrupted,
      code: 'INTERRUPTED',
      ...counts,
      message: first ? `${note}; first failure: ${first}` : note,
    };
  }
  return {
    outcome: s.exitCode === ExitCode.ok ? 'passed' : 'failed',
    exitCode: s.exitCode,
    ...(s.code ? { code: s.code } : {}),
    ...counts,
    ...(first || notFiled ? { message: first ?? notFiled } : {}),
  };
}

/**
 * Runs the collection against every file, `concurrency` at a time, each under its own lock with
 * its variables saved. Per-file failures are outcomes, not exceptions; `exitCode` is the worst.
 * When `signal` aborts, no file starts; each file under way stops after its request in flight and
 * is saved (`stopped`); the files never started are `interrupted`.
 * @throws AnafPostmanError `USAGE` (no file, a glob matching nothing, bad `concurrency`), `BAD_FILE`
 *   (the collection or `iterationData`), before anything is sent.
 */
export async function runBatch(options: BatchRunOptions): Promise<BatchSummary> {
  const files = expandFiles(options.environments);
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw optionError('USAGE', 'concurrency', 'must be a whole number from 1 up');
  }
  // Read once for every file: the collection and the data rows.
  const collectionData = loadCollection(options.collection ?? defaultCollectionPath(), options.folders);
  const iterationData =
    typeof options.iterationData === 'string'
      ? readIterationData(options.iterationData)
      : options.iterationData;
  const dirs = reportDirs(files, options.reportDir ?? 'reports');
  const progress = Progress.open('run', options);
  const empty = {
    requests: 0,
    skipped: 0,
    assertions: 0,
    failed: 0,
    notFiled: 0,
    iterations: [],
    reports: [],
  };
  const base = (index: number) => ({ file: files[index] ?? '', reportDir: dirs[index] ?? '' });
  const one = async (index: number): Promise<BatchFileResult> => {
    const file = files[index] ?? '';
    try {
      const s = await run({
        ...options,
        environment: file,
        collectionData,
        iterationData,
        reportDir: dirs[index],
        onLine: undefined,
      });
      return { ...base(index), ...fileResult(s) };
    } catch (err) {
      const e = asAnafError(err);
      return {
        ...base(index),
        ...empty,
        outcome: 'error',
        exitCode: e.exitCode,
        code: e.code,
        message: e.message,
      };
    }
  };
  const done = await eachFile(files, options, progress, one, (index) => ({
    ...base(index),
    ...empty,
    outcome: 'resumed' as const,
    exitCode: ExitCode.ok,
    message: 'passed earlier today',
  }));
  const results = files.map(
    (_file, i): BatchFileResult =>
      done[i] ?? {
        ...base(i),
        ...empty,
        outcome: 'interrupted',
        exitCode: ExitCode.interrupted,
        code: 'INTERRUPTED',
        message: 'not run (interrupted before it started); the file is unchanged',
      },
  );
  const counts = { passed: 0, failed: 0, error: 0, resumed: 0, stopped: 0, interrupted: 0 };
  for (const r of results) counts[r.outcome]++;
  const summary = { results, counts, exitCode: Math.max(ExitCode.ok, ...results.map((r) => r.exitCode)) };
  await writeBatchReports(summary, options.reporters ?? ['cli'], options.reportDir ?? 'reports');
  return summary;
}
