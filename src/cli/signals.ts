/**
 * Ctrl-C / SIGTERM handling for commands that hold tokens in flight. Kept apart from `main.ts` so
 * that commands can use it without importing the module that loads every command.
 */
import { ExitCode } from '../errors';

/**
 * The first signal calls `onFirst` (the command stops starting new work and saves what is under
 * way); a second one exits at once. Returns a function that removes the handlers.
 */
export function onInterrupt(onFirst: () => void): () => void {
  let signalled = false;
  const handler = (signal: NodeJS.Signals) => {
    if (signalled) {
      process.stderr.write(`anaf-postman: ${signal} again: stopping now; tokens in flight may be lost\n`);
      process.exit(ExitCode.interrupted);
    }
    signalled = true;
    process.stderr.write(
      `anaf-postman: ${signal}: finishing and saving the work in flight (send it again to stop at once)\n`,
    );
    onFirst();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
