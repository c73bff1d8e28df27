/** Writing and checking generated files (the CLI's side of `generate`). */
import fs from 'node:fs';
import path from 'node:path';
import { optionError } from '../errors';
import { writeTextAtomic } from '../store/atomic';
import { folderProblem } from '../store/writable';
import { describeFilled, filledEnvironments } from './filled-environments';
import type { GeneratedFile } from './index';

/** Options of {@link writeGeneratedFiles}. */
export interface WriteOptions {
  /**
   * Replace environment files that hold values the generator did not write (tokens, a secret, a
   * client id: see {@link filledEnvironments}). Default false: such a file stops the whole write.
   */
  overwriteEnvironments?: boolean;
}

/**
 * Writes every file below `outDir`. Targets are checked and folders created and probed first, so
 * a filled-in environment or an unwritable destination fails before any file is touched; each
 * file is then replaced atomically. Generated files are meant to be shared, so new ones get mode
 * 0644 (an existing file keeps its mode).
 * @returns the relative paths written (files already identical are not).
 * @throws AnafPostmanError `OVERWRITE_REFUSED` about `overwriteEnvironments` naming each filled-in
 *   environment file (`details.files`); `WRITE_FAILED` about `out`.
 */
export async function writeGeneratedFiles(
  outDir: string,
  files: GeneratedFile[],
  options: WriteOptions = {},
): Promise<string[]> {
  checkTargets(outDir, files);
  if (!options.overwriteEnvironments) refuseFilledEnvironments(outDir, files);
  const dirs = [...new Set(files.map((f) => path.dirname(path.join(outDir, f.relativePath))))];
  for (const dir of dirs) {
    // mkdir -p below /proc/1 never returns: a folder that cannot be made is refused before trying.
    const problem = folderProblem(dir);
    if (problem) throw optionError('WRITE_FAILED', 'out', `cannot write to ${dir} (${problem})`, { dir });
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.accessSync(dir, fs.constants.W_OK);
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw optionError('WRITE_FAILED', 'out', `cannot write to ${dir} (${reason})`, { dir }, err);
    }
  }
  const written: string[] = [];
  for (const file of files) {
    const target = path.join(outDir, file.relativePath);
    if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === file.text) continue;
    await writeTextAtomic(target, file.text, 0o644);
    written.push(file.relativePath);
  }
  return written;
}

/**
 * Throws when an environment file below `outDir` holds what the generator did not write: writing
 * would destroy it. Called before anything is written, so a refusal leaves every file as it was.
 * @throws AnafPostmanError `OVERWRITE_REFUSED` about `overwriteEnvironments`.
 */
function refuseFilledEnvironments(outDir: string, files: GeneratedFile[]): void {
  const filled = filledEnvironments(outDir, files);
  if (filled.length === 0) return;
  throw optionError(
    'OVERWRITE_REFUSED',
    'overwriteEnvironments',
    `${describeFilled(filled, (f) => f)}; nothing was written (leave the environment files out, or set overwriteEnvironments to replace them)`,
    { files: filled.map((f) => ({ ...f, file: path.join(outDir, f.relativePath) })) },
  );
}

/**
 * Refuses a destination that is taken by something other than a file (a folder, a socket), before
 * anything is written or compared.
 * @throws AnafPostmanError `WRITE_FAILED` about the `out` option.
 */
export function checkTargets(outDir: string, files: GeneratedFile[]): void {
  for (const file of files) {
    const target = path.join(outDir, file.relativePath);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(target);
    } catch {
      stat = undefined; // absent, or below something that is not a folder: writing says so
    }
    if (stat && !stat.isFile()) {
      throw optionError('WRITE_FAILED', 'out', `${target} exists and is not a file`, { file: target });
    }
  }
}

/** Relative paths of files below `outDir` that are missing or differ from `files`. */
export function staleFiles(outDir: string, files: GeneratedFile[]): string[] {
  return files
    .filter((f) => {
      const target = path.join(outDir, f.relativePath);
      return (
        !fs.existsSync(target) || !fs.statSync(target).isFile() || fs.readFileSync(target, 'utf8') !== f.text
      );
    })
    .map((f) => f.relativePath);
}
