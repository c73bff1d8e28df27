/** One lock per environment file, so two runs never refresh the same token pair at once. */
import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { AnafPostmanError } from '../errors';

/** How long a lock left by a killed process blocks others before it counts as stale. */
const STALE_MS = 10_000;

/**
 * Takes the lock of `file` (a `FILE.lock` folder beside it), waiting while another run holds it.
 * Only "already locked" is waited for: any other error (a read-only folder) fails at once.
 */
async function acquire(file: string, waitMs: number): Promise<() => Promise<void>> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await lockfile.lock(file, {
        stale: STALE_MS,
        update: STALE_MS / 2,
        retries: 0,
        realpath: false,
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ELOCKED') {
        throw new AnafPostmanError(
          'WRITE_FAILED',
          `cannot lock ${file}: ${code ?? (err as Error).message} (is its folder writable?)`,
          { file },
        );
      }
      if (Date.now() >= deadline) {
        throw new AnafPostmanError('UNAVAILABLE', `cannot lock ${file}: another run still holds its lock`, {
          file,
        });
      }
      await sleep(50 + Math.random() * 200);
    }
  }
}

/**
 * Runs `fn` while holding the lock of `file`. A second caller waits for the first to finish, then
 * reads what the first saved; a lock left by a killed process is taken over after 10 s.
 */
export async function withFileLock<T>(file: string, fn: () => Promise<T>, waitMs = 120_000): Promise<T> {
  const release = await acquire(file, waitMs);
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}
