/** How `generate` says it refused to replace filled-in environment files: paths as the user sees them, flags. */
import path from 'node:path';
import { AnafPostmanError, isAnafError } from '../errors';
import { describeFilled, type FilledEnvironment } from '../generate/filled-environments';
import { shownPath } from './out-dir';

/**
 * `err` reworded for the command line when it is `OVERWRITE_REFUSED` (the library's message names
 * its options and paths below `outDir`); any other error unchanged.
 */
export function filledForCli(err: unknown, outDir: string): unknown {
  if (!isAnafError(err, 'OVERWRITE_REFUSED')) return err;
  const filled = (err.details?.files ?? []) as FilledEnvironment[];
  const them = filled.length === 1 ? 'it' : 'them';
  const files = describeFilled(filled, (relative) => shownPath(path.join(outDir, relative)));
  return new AnafPostmanError(
    'OVERWRITE_REFUSED',
    `${files}; nothing was written. To keep ${them}, add --no-environments (everything else is written); ` +
      `to replace ${them}, add --overwrite-environments`,
    err.details,
    { cause: err },
  );
}
