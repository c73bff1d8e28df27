/** Where `generate` and `docs` write, and how they name what they wrote. */
import path from 'node:path';
import { AnafPostmanError } from '../errors';

/**
 * The output folder: `--out`, else the current folder. Never the package's own folder: installed
 * globally or as a dependency, that is inside node_modules.
 */
export function resolveOutDir(out: string | undefined): string {
  if (out !== undefined && out.trim() === '') {
    // path.resolve('') is the current folder: an empty --out must not quietly become the default.
    throw new AnafPostmanError(
      'USAGE',
      '--out: give a folder (or leave --out out to write into the current folder)',
    );
  }
  return path.resolve(out ?? '.');
}

/** A path as the user sees it: relative to the current folder when inside it, else absolute. */
export function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  if (relative === '') return '.';
  const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  return outside ? file : relative;
}
