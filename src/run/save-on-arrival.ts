/**
 * Saves each token answer of a run the moment it arrives, while Newman goes on. ANAF rotates the
 * refresh token on every refresh: a pair held only in Newman's memory until the end of a long suite
 * is lost to a kill, a crash inside Newman or a power cut. Saves are chained (one at a time, in
 * the order the answers came) under the run's lock; a save that fails leaves a recovery file.
 */
import { isAnafError, type AnafPostmanError } from '../errors';
import { saveMerged, writeRecovery, type EnvironmentFile, type FileLock } from '../store';
import { tokenUpdates, type TokenResponse } from '../tokens/tokens';

/** The saves of one run's token answers. */
export interface ArrivalSaver {
  /** Queues the save of a token answer ANAF gave at `atMs`. */
  add(answer: TokenResponse, atMs: number): void;
  /** Resolves when every queued save has ended (it never rejects). */
  settled(): Promise<void>;
  /** The recovery error of the last save that failed, if one did. */
  failure(): AnafPostmanError | undefined;
}

/** An {@link ArrivalSaver} writing into `env`'s file under `lock`. */
export function saveOnArrival(lock: FileLock, env: EnvironmentFile): ArrivalSaver {
  let chain: Promise<void> = Promise.resolve();
  let failed: AnafPostmanError | undefined;
  return {
    add(answer, atMs) {
      const updates = tokenUpdates(answer, atMs);
      chain = chain.then(async () => {
        try {
          await saveMerged(lock, env, updates);
          failed = undefined;
        } catch (err) {
          failed = isAnafError(err)
            ? err
            : await writeRecovery(env, updates, `${env.path}: the new tokens could not be saved`, err);
        }
      });
    },
    settled: () => chain,
    failure: () => failed,
  };
}
