/** The worker pool every batch over environment files shares: concurrency, rate limit, progress. */
import type { BatchOptions, Progress } from './progress';
import { DEFAULT_RATE } from '../transport/rate';
import { useRateLimit } from '../transport/rate-limit';

/**
 * Calls `handle` for each file, `options.concurrency` (default 8) at a time, every request of the
 * process under one rate limit, and records its result in `progress`; a file the progress file says
 * was done today gets `resumed(index)` instead. After an abort no file is started; the files never
 * started have no result.
 */
export async function eachFile<R extends { exitCode: number }>(
  files: string[],
  options: BatchOptions<R>,
  progress: Progress,
  handle: (index: number) => Promise<R>,
  resumed: (index: number) => R,
): Promise<(R | undefined)[]> {
  const results: (R | undefined)[] = new Array<R | undefined>(files.length).fill(undefined);
  let next = 0;
  let finished = 0;
  const worker = async () => {
    while (next < files.length && !options.signal?.aborted) {
      const index = next++;
      const file = files[index] ?? '';
      const done = progress.isDone(file);
      const result = done ? resumed(index) : await handle(index);
      results[index] = result;
      if (!done) await progress.record(file, result.exitCode);
      options.onResult?.(result, ++finished, files.length);
    }
  };
  const release = useRateLimit(options.rate ?? DEFAULT_RATE);
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, files.length) }, worker));
  } finally {
    release();
    await progress.flush();
  }
  return results;
}
