/** What `run` prints after the progress lines: the numbered failures, then tables whose counts add up. */
import type { BatchSummary } from '../run/batch';
import type { RunSummary } from '../run/run';
import type { Palette } from './colour';
import { listBelow, noteOf, table, withFile } from './table';

/** The failures, numbered, each with its request (and iteration) and ANAF's words. */
export function failureList(summary: Pick<RunSummary, 'failures' | 'iterations'>, p: Palette): string {
  if (summary.failures.length === 0) return '';
  const many = summary.iterations.length > 1;
  const lines = [p.bold(p.red(`${summary.failures.length} failure(s):`))];
  summary.failures.forEach((f, i) => {
    const it = summary.iterations.find((x) => x.iteration === f.iteration);
    const where = many || it?.label ? ` [${it?.label ?? `iteration ${f.iteration}`}]` : '';
    lines.push(`${String(i + 1).padStart(3)}. ${p.bold(f.item)}${where}`);
    lines.push(`     ${f.test}: ${p.red(f.message)}`);
  });
  return `${lines.join('\n')}\n`;
}

/** `1 request`, `2 requests`. */
function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * The counts of one run: requests sent + skipped, assertions passed + failed; per iteration when
 * several; and, when a signal stopped it, how many requests it never reached.
 */
export function summaryTable(summary: RunSummary): string {
  const failedAssertions = summary.failures.filter((f) => f.test !== 'request' && f.test !== 'script').length;
  const failedRequests = summary.failures.filter((f) => f.test === 'request').length;
  const scriptErrors = summary.failures.length - failedAssertions - failedRequests;
  const rows = [
    ['requests sent', String(summary.requests), String(failedRequests)],
    ['requests skipped', String(summary.skipped), '-'],
    ['assertions', String(summary.assertions), String(failedAssertions)],
    ...(scriptErrors ? [['script errors', String(scriptErrors), String(scriptErrors)]] : []),
  ];
  let text = table(['', 'total', 'failed'], rows);
  text +=
    `${counted(summary.requests + summary.skipped, 'request')}: ${summary.requests} sent + ${summary.skipped} skipped; ` +
    `${counted(summary.assertions, 'assertion')}: ${summary.assertions - failedAssertions} passed + ${failedAssertions} failed; ` +
    `${summary.failures.length} failure(s) listed\n`;
  if (summary.interrupted) {
    text += `interrupted: stopped after the request in flight; ${summary.interrupted.notRun} request(s) not run\n`;
  }
  text += notFiledList(summary);
  if (summary.iterations.length > 1) {
    text += `\n${table(
      ['iteration', 'data', 'sent', 'skipped', 'assertions', 'failed'],
      summary.iterations.map((i) => [
        String(i.iteration),
        i.label ?? '',
        String(i.requests),
        String(i.skipped),
        String(i.assertions),
        String(i.failed),
      ]),
    )}`;
  }
  return text;
}

/** The uploads a production run did not file (no allowance), each with the script's reason. */
export function notFiledList(summary: Pick<RunSummary, 'notFiled' | 'iterations'>): string {
  const many = summary.iterations.length > 1;
  return listBelow(
    `not filed with ANAF production (${summary.notFiled.length}; skipped, not failed)`,
    summary.notFiled.map((n) => `${n.item}${many ? ` [iteration ${n.iteration}]` : ''}: ${n.reason}`),
  );
}

/** One row per environment file of a batch, then the totals. */
export function batchTable(summary: BatchSummary, p: Palette): string {
  const rows = summary.results.map((r) => [
    r.file,
    r.outcome,
    String(r.requests),
    String(r.assertions),
    String(r.failed),
    noteOf(r.file, r.message ?? ''),
  ]);
  const text = table(['file', 'outcome', 'sent', 'assertions', 'failed', 'first failure / note'], rows);
  const coloured = text
    .split('\n')
    .map((line) => (/\s(failed|error)\s/.test(line) ? p.red(line) : line))
    .join('\n');
  const { passed, failed, error, resumed, stopped, interrupted } = summary.counts;
  const total = summary.results.length;
  const failures = summary.results
    .filter((r) => (r.outcome === 'failed' || r.outcome === 'error') && r.message)
    .map((r) => withFile(r.file, r.message ?? ''));
  return (
    `${coloured}${total} file(s): ${passed} passed, ${failed} failed, ${error} not run (error)` +
    `${resumed ? `, ${resumed} passed earlier today (resume)` : ''}` +
    `${stopped ? `, ${stopped} stopped (interrupted; saved)` : ''}` +
    `${interrupted ? `, ${interrupted} not run (interrupted before they started)` : ''}\n` +
    listBelow('failures', failures)
  );
}
