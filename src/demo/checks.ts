/** Turning one request's outcome into a demo step: passed only when it was sent and every assertion held. */
import type { ItemOutcome } from './newman-items';
import type { DemoStep } from './types';

/** Why an item failed, in one line, or undefined when it passed. */
export function itemProblem(item: ItemOutcome): string | undefined {
  const failed = item.assertions.filter((a) => !a.passed);
  if (failed.length > 0) {
    return failed
      .map((a) => (a.message && a.message !== a.name ? `${a.name}: ${a.message}` : a.name))
      .join('; ');
  }
  if (item.error) return `no answer (${item.error})`;
  if (!item.sent) return `skipped${item.console.length ? `: ${item.console.join('; ')}` : ''}`;
  return undefined;
}

/** The step of one request; `detail` is shown when it passed. */
export function itemStep(label: string, item: ItemOutcome | undefined, detail = ''): DemoStep {
  if (!item) return { name: label, ok: false, detail: 'not run', ms: 0 };
  const problem = itemProblem(item);
  const passed = item.assertions.length;
  const base = `${item.status} · ${passed} assertion${passed === 1 ? '' : 's'} passed`;
  return {
    name: label,
    ok: problem === undefined,
    detail: problem ?? (detail ? `${base} · ${detail}` : base),
    ms: item.ms,
  };
}
