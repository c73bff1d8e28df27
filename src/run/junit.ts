/**
 * Our JUnit report, written from what the recorder saw: one `<testsuite>` per request and iteration,
 * named `Folder / request` (and `[cif …]` per iteration, `file:` per environment in a batch), one
 * `<testcase>` per assertion. Newman's own reporter names suites by the bare request name, so two
 * `upload`s could not be told apart.
 */
import type { RunExecution, RunFailure, RunRecord } from './recorder';

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ''); // eslint-disable-line no-control-regex
}

/** What names one iteration in a suite name: its label (`cif 123`) or its number when there are several. */
function iterationName(record: RunRecord, iteration: number): string {
  const it = record.iterations.find((i) => i.iteration === iteration);
  if (it?.label) return ` [${it.label}]`;
  return record.iterations.length > 1 ? ` [iteration ${iteration}]` : '';
}

/** The `<testsuite>` elements of one run; `prefix` names the environment file in a batch. */
export function junitSuites(record: RunRecord, prefix = ''): string {
  const parts: string[] = [];
  const failuresOf = (e: RunExecution): RunFailure[] =>
    record.failures.filter((f) => f.item === e.item && f.iteration === e.iteration && f.test === 'request');
  for (const e of record.executions) {
    const name = `${prefix}${e.item}${iterationName(record, e.iteration)}`;
    const requestErrors = failuresOf(e);
    const cases = e.assertions.map((a) => {
      const head = `    <testcase name="${xml(a.name)}" classname="${xml(name)}" time="0">`;
      return a.passed
        ? `${head}</testcase>`
        : `${head}\n      <failure type="AssertionFailure" message="${xml(a.message ?? '')}"/>\n    </testcase>`;
    });
    for (const f of requestErrors) {
      cases.push(
        `    <testcase name="request" classname="${xml(name)}" time="0">\n      <error type="RequestError" message="${xml(f.message)}"/>\n    </testcase>`,
      );
    }
    const failed = e.assertions.filter((a) => !a.passed).length;
    const time = ((e.responseTimeMs ?? 0) / 1000).toFixed(3);
    parts.push(
      `  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${failed}" errors="${requestErrors.length}" time="${time}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return parts.join('\n');
}

/** A whole JUnit document around `suites`. */
export function junitDocument(suites: string[]): string {
  const body = suites.filter((s) => s !== '').join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="anaf-postman">\n${body}${body ? '\n' : ''}</testsuites>\n`;
}
