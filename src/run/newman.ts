/**
 * The one place Newman is started in-process (the run and the demo both use it), and the one
 * reading of the variables it ends with.
 */
import type { EventEmitter } from 'node:events';
import type { NewmanRunOptions, NewmanRunSummary } from 'newman';

/** A variable as Newman's environment scope holds it after the run. */
export interface NewmanVariable {
  key: string;
  value: unknown;
}

/** What Newman's callback gave: the error if any, and the summary (also passed after most errors). */
export interface NewmanOutcome {
  err?: Error;
  summary?: NewmanRunSummary;
}

/**
 * Starts Newman in-process; the emitter is returned at once so listeners see every event. `done`
 * never rejects: an error comes with the summary, because the variables must be saved either way.
 */
export function startNewman(options: object): { emitter?: EventEmitter; done: Promise<NewmanOutcome> } {
  const newman = require('newman') as typeof import('newman');
  let emitter: EventEmitter | undefined;
  const done = new Promise<NewmanOutcome>((resolve) => {
    try {
      emitter = newman.run(options as NewmanRunOptions, (err, summary) =>
        resolve({ err: err ?? undefined, summary }),
      );
    } catch (err) {
      resolve({ err: err instanceof Error ? err : new Error(String(err)) });
    }
  });
  return { emitter, done };
}

/** The variables in Newman's environment scope at the end, or undefined when there is no scope. */
export function newmanVariables(outcome: NewmanOutcome, emitter: EventEmitter): NewmanVariable[] | undefined {
  try {
    // Newman keeps the summary on its emitter too, with the live environment scope of the run.
    const summary = outcome.summary ?? (emitter as { summary?: NewmanRunSummary }).summary;
    const json = summary?.environment?.toJSON() as { values?: unknown } | undefined;
    if (!json || !Array.isArray(json.values)) return undefined;
    return (json.values as { key?: unknown; value?: unknown; disabled?: boolean; enabled?: boolean }[])
      .filter((v) => typeof v?.key === 'string' && v.disabled !== true && v.enabled !== false)
      .map((v) => ({ key: v.key as string, value: v.value }));
  } catch {
    return undefined;
  }
}
