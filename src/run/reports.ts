/**
 * Report files of a run. JUnit and HTML come from Newman's reporters and are then scrubbed of
 * every secret value; the JSON report is our own (no headers, no bodies), never Newman's raw one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AnafPostmanError } from '../errors';
import { writeTextAtomic } from '../store/atomic';
import type { RunRecord } from './recorder';
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
  if (reporters.includes('junit')) {
    names.push('junit');
    reporter.junit = { export: path.join(dir, FILES.junit) };
  }
  if (reporters.includes('html')) {
    names.push('htmlextra');
    reporter.htmlextra = {
      export: path.join(dir, FILES.html),
      title: 'anaf-postman run',
      browserTitle: 'anaf-postman run',
      skipHeaders: 'Authorization',
      hideRequestBody: ['Exchange authorization code', 'Refresh access token'],
      hideResponseBody: ['Exchange authorization code', 'Refresh access token'],
      skipEnvironmentVars: ['clientSecret', 'accessToken', 'refreshToken', 'authorizationCode'],
    };
  }
  return { reporters: names, reporter };
}

/** Creates the report folder when a file report was asked for. */
export async function prepareReportDir(reporters: ReporterName[], dir: string): Promise<void> {
  if (!reporters.some((r) => r !== 'cli')) return;
  try {
    await fs.promises.mkdir(dir, { recursive: true });
  } catch (err) {
    throw new AnafPostmanError(
      'WRITE_FAILED',
      `--report-dir: cannot create ${dir} (${(err as NodeJS.ErrnoException).code})`,
    );
  }
}

/** Writes the JSON report from what the recorder saw. */
export async function writeOwnReports(
  reporters: ReporterName[],
  dir: string,
  record: RunRecord,
  redactor: Redactor,
): Promise<string[]> {
  if (!reporters.includes('json')) return [];
  const file = path.join(dir, FILES.json);
  const report = {
    requests: record.requests,
    assertions: record.assertions,
    failures: record.failures,
    executions: record.executions,
  };
  await writeTextAtomic(file, redactor.redact(`${JSON.stringify(report, null, 2)}\n`), 0o644);
  return [file];
}

/** Replaces every known secret in the files Newman's reporters wrote. */
export async function redactReportFiles(
  reporters: ReporterName[],
  dir: string,
  redactor: Redactor,
): Promise<string[]> {
  const files = (['junit', 'html'] as const)
    .filter((r) => reporters.includes(r))
    .map((r) => path.join(dir, FILES[r]));
  for (const file of files) {
    const text = await fs.promises.readFile(file, 'utf8');
    const clean = redactor.redact(text);
    if (clean !== text) await writeTextAtomic(file, clean, 0o644);
  }
  return files;
}
