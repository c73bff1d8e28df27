/** Paste mode: read lines until one holds the redirected URL or the code. */
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { AnafPostmanError } from '../errors';
import { parsePasted, type Callback } from './callback';

/** A read in progress; `stop()` ends it (idempotent) and leaves the stream paused. */
export interface PasteReader {
  result: Promise<Callback>;
  stop(): void;
}

/**
 * Reads `input` line by line (a terminal or a pipe). A line that holds nothing usable is reported
 * through `notice` and the reading goes on; the end of the input without a code rejects with
 * `AUTH_REQUIRED`.
 */
export function readPasted(input: Readable, notice: (text: string) => void): PasteReader {
  const rl = readline.createInterface({ input, terminal: false, crlfDelay: Infinity });
  let settled = false;
  let stop = () => undefined as void;
  const result = new Promise<Callback>((resolve, reject) => {
    const onError = (err: Error) => {
      if (finish())
        reject(new AnafPostmanError('AUTH_REQUIRED', `cannot read the pasted code: ${err.message}`));
    };
    const finish = () => {
      if (settled) return false;
      settled = true;
      input.off('error', onError);
      rl.removeAllListeners('line');
      rl.close();
      input.pause();
      return true;
    };
    stop = () => void finish();
    rl.on('line', (line) => {
      if (settled) return;
      const parsed = parsePasted(line);
      if ('unusable' in parsed) {
        if (line.trim() !== '') notice(`that was ${parsed.unusable}; paste the redirected URL or the code`);
        return;
      }
      if (finish()) resolve(parsed);
    });
    rl.on('close', () => {
      if (finish()) {
        reject(
          new AnafPostmanError('AUTH_REQUIRED', 'the input ended before a code was pasted; run login again'),
        );
      }
    });
    input.on('error', onError);
  });
  return { result, stop: () => stop() };
}
