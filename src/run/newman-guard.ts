/**
 * Newman 6.2.2 can throw from inside its own callbacks (its run summary hashes an async function
 * after some request errors: object-hash's `Unknown object type "asyncfunction"`), which Node turns
 * into an uncaught exception that ends the process with a stack trace, before the run's variables
 * (a rotated refresh token) are saved. While a run is under way such an exception ends the run
 * instead, as an error, so the usual save and one-line error follow.
 */
import type { NewmanOutcome } from './newman';

/** Waits for Newman's outcome; an uncaught exception meanwhile becomes the outcome's error. */
export async function untilNewmanEnds(done: Promise<NewmanOutcome>): Promise<NewmanOutcome> {
  let onCrash: ((err: unknown) => void) | undefined;
  const crashed = new Promise<NewmanOutcome>((resolve) => {
    onCrash = (err: unknown) => resolve({ err: err instanceof Error ? err : new Error(String(err)) });
    process.on('uncaughtException', onCrash);
  });
  try {
    return await Promise.race([done, crashed]);
  } finally {
    if (onCrash) process.off('uncaughtException', onCrash);
  }
}
