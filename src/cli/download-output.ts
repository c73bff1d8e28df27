/** What `download` prints: a row per company, totals that add up, then ANAF's words and warnings. */
import type { DownloadSummary } from '../receive/download';
import { listBelow, table, withFile } from './table';

/** The report of a download: the table, the totals, the error messages kept, failures, warnings. */
export function downloadReport(summary: DownloadSummary): string {
  const rows = summary.results.map((r) => [
    r.cif ?? '',
    r.outcome,
    String(r.listed),
    String(r.new),
    String(r.already),
    String(r.failed),
    r.folder ?? r.file,
  ]);
  let text = table(['cif', 'outcome', 'listed', 'new', 'already there', 'failed', 'folder'], rows);
  const t = summary.totals;
  text +=
    `${summary.results.length} company(ies), filter ${summary.filter}: ${t.listed} listed = ${t.new} new + ` +
    `${t.already} already there + ${t.failed} failed` +
    `${t.notToday ? ` (${t.notToday} not retried today: ANAF's 10 downloads a day)` : ''}\n`;
  const errors = summary.results.flatMap((r) =>
    r.errors.map(
      (e) =>
        `${r.cif ?? r.file}: upload ${e.uploadIndex} (download ${e.downloadId}): ${e.messages.join(' | ') || 'no error text in the file'}`,
    ),
  );
  text += listBelow("ANAF's errors of refused uploads (kept this run)", errors);
  const failures = summary.results.flatMap((r) =>
    r.failures.map((f) => `${r.cif ?? r.file}: ${f.downloadId}: ${f.reason}`),
  );
  text += listBelow('not downloaded', failures);
  const problems = summary.results
    .filter((r) => r.outcome === 'error' || r.outcome === 'interrupted')
    .map((r) => withFile(r.file, r.message ?? r.outcome));
  text += listBelow('companies not done', problems);
  const warnings = summary.results.flatMap((r) => r.warnings.map((w) => `${r.cif ?? r.file}: ${w}`));
  text += listBelow('warnings', warnings);
  return text;
}
