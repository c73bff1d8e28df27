/** One lock per environment file, so two runs never refresh the same token pair at once. */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { AnafPostmanError } from '../errors';

/**
 * How long a lock left by a killed process blocks others before it counts as stale.
 * `ANAF_POSTMAN_LOCK_STALE_MS` shortens it for tests (proper-lockfile accepts 2 s at least).
 */
function staleMs(): number {
  const fromEnv = Number(process.env.ANAF_POSTMAN_LOCK_STALE_MS);
  return Number.isFinite(fromEnv) && fromEnv >= 2000 ? fromEnv : 10_000;
}

/**
 * The file a lock protects: the resolved path, so a symlink and its target (or `a.json` and
 * `./dir/../a.json`) share one lock. A file that does not exist yet is locked by its absolute path.
 */
export function lockTarget(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** The lock held while `fn` of {@link withFileLock} runs. */
export interface FileLock {
  /** The resolved file the lock is on. */
  readonly target: string;
  /**
   * True once the lock may have been taken over (this process was paused past the stale time, or
   * its lock folder was replaced): another process may have written the file since.
   */
  readonly compromised: boolean;
  /**
   * Takes the lock again if it was compromised (waiting for whoever holds it now).
   * @returns true when it was taken again (so the file may have changed meanwhile), false when it
   *   was never lost.
   */
  regain(): Promise<boolean>;
}

/**
 * Takes the lock of `target` (a `FILE.lock` folder beside it), waiting while another run holds it.
 * Only "already locked" is waited for: any other error (a read-only folder) fails at once.
 */
async function acquire(
  target: string,
  file: string,
  waitMs: number,
  onCompromised: (err: Error) => void,
): Promise<() => Promise<void>> {
  const stale = staleMs();
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await lockfile.lock(target, {
        stale,
        update: stale / 2,
        retries: 0,
        realpath: false,
        onCompromised,
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ELOCKED') {
        throw new AnafPostmanError(
          'WRITE_FAILED',
          `cannot lock ${file}: ${code ?? (err as Error).message} (is its folder writable?)`,
          { file },
          { cause: err },
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
 * Runs `fn` while holding the lock of `file` (on its resolved path). A second caller waits for the
 * first to finish, then reads what the first saved; a lock left by a killed process is taken over
 * after 10 s. A lock taken over while this process was paused is never an uncaught error: `fn`
 * sees {@link FileLock.compromised} and can {@link FileLock.regain} it before writing.
 */
export async function withFileLock<T>(
  file: string,
  fn: (lock: FileLock) => Promise<T>,
  waitMs = 120_000,
): Promise<T> {
  const target = lockTarget(file);
  const stale = staleMs();
  let compromised = false;
  let lastBeat = Date.now();
  // proper-lockfile notices a takeover only when its timer runs; a paused process may write before
  // that. The gap between two beats of this timer tells at once that the stale time has passed.
  const beat = setInterval(() => {
    if (Date.now() - lastBeat > stale) compromised = true;
    lastBeat = Date.now();
  }, 250);
  beat.unref();
  const onCompromised = () => {
    compromised = true;
  };
  let release: (() => Promise<void>) | undefined;
  const lock: FileLock = {
    target,
    get compromised() {
      return compromised || Date.now() - lastBeat > stale;
    },
    async regain() {
      if (!lock.compromised) return false;
      const old = release;
      release = undefined;
      await old?.().catch(() => undefined);
      release = await acquire(target, file, waitMs, onCompromised);
      compromised = false;
      lastBeat = Date.now();
      return true;
    },
  };
  try {
    release = await acquire(target, file, waitMs, onCompromised);
    return await fn(lock);
  } finally {
    clearInterval(beat);
    await release?.().catch(() => undefined);
  }
}
