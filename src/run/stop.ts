/**
 * Stopping a Newman run soon after Ctrl-C / SIGTERM. postman-runtime's `Run#abort()` is queued as
 * an interrupt that empties its instruction queue: called while a request is in flight, it would
 * also drop that request's test script, the one that puts a rotated token into the variables. So
 * the run is aborted between two items: at once when none is under way, else as soon as the item
 * under way (its scripts and its request) has finished.
 */
import type { EventEmitter } from 'node:events';
import type { RunInterruption } from './recorder';

/** Where the run is, as postman-runtime's events hand it over (`cursor.current()`). */
interface Cursor {
  position?: number;
  iteration?: number;
  length?: number;
  cycles?: number;
}

/** What {@link stopOnAbort} tells once the run is over. */
export interface RunStop {
  /** Set when the signal stopped the run before its last request; undefined when it ran to the end. */
  interrupted(): RunInterruption | undefined;
  /** Stops listening to the signal. */
  release(): void;
}

/**
 * The items after `last` (the last one started) in collection order, over the iterations left:
 * those a stopped run never reached. Counted from where the run was, so an item that ran again
 * (`setNextRequest`: a list's next page) does not skew it.
 */
function itemsAfter(bounds: Cursor, last: Cursor | undefined): number {
  const length = bounds.length ?? 0;
  const cycles = bounds.cycles ?? 1;
  if (!last) return length * cycles;
  const left = (cycles - (last.iteration ?? 0) - 1) * length + (length - (last.position ?? 0) - 1);
  return Math.max(0, left);
}

/**
 * Aborts the Newman run behind `emitter` when `signal` aborts, between two items (see above). Attach
 * it before Newman starts (right after `startNewman`): it learns the run from the `start` event.
 */
export function stopOnAbort(emitter: EventEmitter, signal: AbortSignal | undefined): RunStop {
  let run: { abort(): void } | undefined;
  let bounds: Cursor = {};
  let last: Cursor | undefined;
  let inItem = false;
  // Newman 6.2.2 does not pass the runtime's own `abort` event on: this flag stands for it.
  let aborted = false;
  // A run already over (a bail, or its last item done) is not aborted, nor said to be interrupted.
  let finished = false;
  const abortNow = () => {
    if (!run || aborted || finished || !signal?.aborted) return;
    aborted = true;
    run.abort();
  };
  emitter.on('start', (_err: unknown, args: { cursor?: Cursor; run?: { abort(): void } }) => {
    run = args.run;
    bounds = args.cursor ?? {};
    abortNow(); // a signal that came before the run started: nothing is sent
  });
  emitter.on('beforeItem', (_err: unknown, args: { cursor?: Cursor }) => {
    inItem = true;
    last = args.cursor;
  });
  emitter.on('item', () => {
    inItem = false;
    abortNow();
  });
  emitter.on('beforeDone', () => (finished = true));
  emitter.on('done', () => (finished = true));
  const onSignal = () => {
    if (!inItem) abortNow();
  };
  signal?.addEventListener('abort', onSignal, { once: true });
  return {
    interrupted() {
      if (!aborted) return undefined;
      const notRun = itemsAfter(bounds, last);
      // Aborted right after its last item, the run did everything: nothing to report.
      return notRun > 0 ? { notRun } : undefined;
    },
    release: () => signal?.removeEventListener('abort', onSignal),
  };
}
