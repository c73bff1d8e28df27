/**
 * Report files of a run. JUnit and HTML come from Newman's reporters and are then scrubbed of
 * every secret value; the JSON report is our own (no headers, no bodies), never Newman's raw one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SECRET_VARS, TOKEN_REQUEST_NAMES } from '../anaf';
import { AnafPostmanError, optionError } from '../errors';
import { writeTextAtomic } from '../store/atomic';
import { folderProblem } from '../store/writable';
import { junitDocument, junitSuites } from './junit';
import { recordCounts, type RunRecord } from './recorder';
import type { Redactor } from './redact';

/** Reporters `run` offers. */
export type ReporterName = 'cli' | 'junit' | 'json' | 'html';

/** Accepted `--reporters` values. */
export const REPORTERS: readonly ReporterName[] = ['cli', 'junit', 'json', 'html'];

const FILES = { junit: 'junit.xml', json: 'report.json', html: 'report.html' } as const;

/** Newman's `reporters`/`reporter` options for the chosen reports. */
export function reporterOptions(
  reporters: ReporterName[],
  dir: string,
): { reporters: string[]; reporter: object } {
  const names: string[] = [];
  const reporter: Record<string, object> = {};
  // JUnit is ours (junit.ts): Newman's names suites by the bare request name.
  if (reporters.includes('html')) {
    names.push('htmlextra');
    reporter.htmlextra = {
      export: path.join(dir, FILES.html),
      title: 'anaf-postman run',
      browserTitle: 'anaf-postman run',
      skipHeaders: 'Authorization',
      hideRequestBody: [...TOKEN_REQUEST_NAMES],
      hideResponseBody: [...TOKEN_REQUEST_NAMES],
      skipEnvironmentVars: [...SECRET_VARS],
    };
  }
  return { reporters: names, reporter };
}

/**
 * Creates the report folder when a file report was asked for, and checks that the reports can be
 * written there: the folder is writable and no report file name is taken by a folder (Newman would
 * write its report inside it, where it would not be redacted). Called before anything is sent, so
 * that a report that cannot be written fails the run before a token can rotate.
 * @throws AnafPostmanError `WRITE_FAILED` about the `reportDir` option.
 */
export async function prepareReportDir(reporters: ReporterName[], dir: string): Promise<void> {
  const files = (['junit', 'json', 'html'] as const)
    .filter((r) => reporters.includes(r))
    .map((r) => FILES[r]);
  if (files.length === 0) return;
  const fail = (why: string) => optionError('WRITE_FAILED', 'reportDir', why, { file: dir });
  // mkdir -p below /proc/1 never returns: refuse a folder that cannot be made before trying.
  const problem = fs.existsSync(dir) ? undefined : folderProblem(dir);
  if (problem) throw fail(`cannot create ${dir}: ${problem}`);
  try {
    await fs.promises.mkdir(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw fail(`${dir} is not a folder`);
    throw fail(`cannot create ${dir} (${code ?? (err as Error).message})`);
  }
  try {
    await fs.promises.access(dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch (err) {
    throw fail(`cannot write in ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  for (const name of files) {
    const file = path.join(dir, name);
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(file);
    } catch {
      continue; // not there yet: the folder is writable
    }
    if (stat.isDirectory()) throw fail(`${file} is a folder, not a report file`);
    if (name !== FILES.html) continue; // ours, replaced atomically (a rename), never written in place
    try {
      await fs.promises.access(file, fs.constants.W_OK);
    } catch (err) {
      throw fail(
        `cannot overwrite ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
    }
  }
}

/** The JSON report of one run: counts, per-iteration counts, failures, every request sent. */
export function jsonReport(record: RunRecord): object {
  return { ...recordCounts(record), executions: record.executions };
}

/** Writes the JSON and JUnit reports from what the recorder saw. */
export async function writeOwnReports(
  reporters: ReporterName[],
  dir: string,
  record: RunRecord,
  redactor: Redactor,
): Promise<string[]> {
  const written: string[] = [];
  if (reporters.includes('junit')) {
    const file = path.join(dir, FILES.junit);
    await writeTextAtomic(file, redactor.redact(junitDocument([junitSuites(record)])), 'umask');
    written.push(file);
  }
  if (reporters.includes('json')) {
    const file = path.join(dir, FILES.json);
    await writeTextAtomic(file, redactor.redact(`${JSON.stringify(jsonReport(record), null, 2)}\n`), 'umask');
    written.push(file);
  }
  return written;
}

/**
 * Replaces every known secret in the files Newman's reporters wrote.
 * @throws AnafPostmanError `WRITE_FAILED` naming a report that cannot be read or rewritten.
 */
export async function redactReportFiles(
  reporters: ReporterName[],
  dir: string,
  redactor: Redactor,
): Promise<string[]> {
  const files = (['html'] as const).filter((r) => reporters.includes(r)).map((r) => path.join(dir, FILES[r]));
  for (const file of files) {
    let text: string;
    try {
      text = await fs.promises.readFile(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new AnafPostmanError('WRITE_FAILED', `cannot redact ${file} (${code})`, { file });
    }
    const clean = redactor.redact(text);
    if (clean !== text) await writeTextAtomic(file, clean, 'umask');
  }
  return files;
}
