/** Options several commands share. */
import { ANAF_RATE, DEFAULT_RATE, formatRate } from '../transport/rate';

/** `--environment FILE...`: one or many environment files or (quoted) globs. */
export const environmentFilesOption = {
  alias: 'e',
  type: 'string',
  array: true,
  demandOption: true,
  describe: 'Environment file(s) or globs (quote globs)',
} as const;

/**
 * The options of a batch over environment files (`refresh`, batch `run`): how many at once, the
 * process's rate, and resumable progress. `files` says what happens to a file ("refreshed", "run"),
 * `done` what a file that counts as done today did ("refreshed successfully", "passed").
 */
export function batchOptions(words: { prefix: string; files: string; requests: string; done: string }) {
  const { prefix, files, requests, done } = words;
  const say = (text: string) =>
    prefix ? `${prefix}${text}` : `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
  return {
    concurrency: { type: 'number', default: 8, describe: say(`files ${files} at once`) },
    rate: {
      type: 'string',
      default: formatRate(DEFAULT_RATE),
      describe: say(
        `${requests} per window for the whole process, under ANAF’s ${formatRate(ANAF_RATE)} (e.g. 450/min)`,
      ),
    },
    resume: { type: 'boolean', describe: say(`skip the files that ${done} earlier today`) },
    'progress-file': { type: 'string', describe: say('where progress is kept for --resume') },
  } as const;
}
