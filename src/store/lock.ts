/** One lock per environment file, so two runs never refresh the same token pair at once. */
import lockfile from 'proper-lockfile';
import { AnafPostmanError } from '../errors';

/** How long a lock left by a killed process blocks others before it counts as stale. */
const STALE_MS = 10_000;

/**
 * Runs `fn` while holding the lock of `file` (a `FILE.lock` folder beside it). A second caller
 * waits for the first to finish, then reads what the first saved.
 */
export async function withFileLock<T>(file: string, fn: () => Promise<T>, waitMs = 120_000): Promise<T> {
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(file, {
      stale: STALE_MS,
      update: STALE_MS / 2,
      retries: {
        retries: Math.ceil(waitMs / 250),
        factor: 1,
        minTimeout: 50,
        maxTimeout: 250,
        randomize: true,
      },
      realpath: false,
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ELOCKED' ? 'another run holds its lock' : (code ?? (err as Error).message);
    throw new AnafPostmanError('UNAVAILABLE', `cannot lock ${file}: ${why}`, { file });
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}
