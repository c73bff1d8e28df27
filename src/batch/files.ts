/** Expanding `--environment` arguments (paths or globs) into files. */
import path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { optionError } from '../errors';
import { lockTarget } from '../store';

/**
 * Paths and glob matches, in argument order, without duplicates. A plain path is kept even when
 * missing (its own error says so); a glob that matches nothing is a usage error.
 */
export function expandFiles(patterns: string[] | string): string[] {
  if (typeof patterns === 'string') patterns = [patterns];
  if (patterns.length === 0) throw optionError('USAGE', 'environments', 'give at least one file or glob');
  const seen = new Map<string, string>();
  // The same file named twice (`a.json ./a.json`, or a symlink and its target) is refreshed once:
  // the second refresh would send the refresh token the first one just spent.
  const add = (file: string) => {
    const key = lockTarget(file);
    if (!seen.has(key)) seen.set(key, file);
  };
  for (const pattern of patterns) {
    if (pattern === '') throw optionError('USAGE', 'environments', 'an empty file name');
    if (!isDynamicPattern(pattern)) {
      add(pattern);
      continue;
    }
    const matches = globSync(pattern, {
      onlyFiles: true,
      expandDirectories: false,
      absolute: path.isAbsolute(pattern),
    }).sort();
    if (matches.length === 0) throw optionError('USAGE', 'environments', `no file matches ${pattern}`);
    for (const m of matches) add(m);
  }
  return [...seen.values()];
}
