/**
 * Ctrl-C / SIGTERM handling for commands that hold tokens in flight. Kept apart from `main.ts` so
 * that commands can use it without importing the module that loads every command.
 */
import { ExitCode } from '../errors';

/** Options of {@link onInterrupt}. */
export interface InterruptOptions {
  /**
   * After the first signal, stop anyway once this many ms have passed (default: wait for the work
   * in flight, however long). A command whose work in flight is bounded (a token request has its own
   * deadline) sets it, so that a stuck server cannot make a SIGTERM be ignored.
   */
  deadlineMs?: number;
  /** Ends the process (default `process.exit`); for tests. */
  exit?: (code: number) => void;
}

/**
 * The first signal calls `onFirst` (the command stops starting new work and saves what is under
 * way); a second one, or the deadline, exits at once. Returns a function that removes the handlers.
 */
export function onInterrupt(onFirst: () => void, options: InterruptOptions = {}): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let signalled = false;
  let timer: NodeJS.Timeout | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (signalled) {
      process.stderr.write(`anaf-postman: ${signal} again: stopping now; tokens in flight may be lost\n`);
      exit(ExitCode.interrupted);
      return;
    }
    signalled = true;
    process.stderr.write(
      `anaf-postman: ${signal}: finishing and saving the work in flight (send it again to stop at once)\n`,
    );
    if (options.deadlineMs !== undefined) {
      timer = setTimeout(() => {
        process.stderr.write(
          `anaf-postman: still busy ${Math.round(options.deadlineMs! / 1000)} s after ${signal}: stopping now; tokens in flight may be lost\n`,
        );
        exit(ExitCode.interrupted);
      }, options.deadlineMs);
      timer.unref(); // never keeps a finished command alive
    }
    onFirst();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    if (timer) clearTimeout(timer);
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
