/**
 * Environment files already on disk that someone filled in (`login` saved tokens there, a person
 * typed a client secret): `generate` must not replace them with empty ones.
 */
import path from 'node:path';
import { InputFileError, MAX_ENVIRONMENT_BYTES, readInputFile } from '../store/input-file';
import { existingValues, type ExistingValue } from './existing-values';
import { isEnvironmentFile, type GeneratedFile } from './index';

/** An environment file below the output folder that holds what the generator did not write. */
export interface FilledEnvironment {
  /** Relative to the output folder, as in {@link GeneratedFile.relativePath}. */
  relativePath: string;
  /** Variables holding a value the generator did not write, in file order: names only, values may be secrets. */
  keys: string[];
  /** Why the file cannot be read as an environment, when it cannot (then it is kept: it may be anything). */
  unreadable?: string;
}

/** What a file at `target` holds that the generator did not write; undefined when nothing (or no file). */
function filledIn(target: string, file: GeneratedFile): FilledEnvironment | undefined {
  let text: string;
  try {
    // A FIFO or a device at that name would block or never end: refused like any unreadable file.
    text = readInputFile(target, MAX_ENVIRONMENT_BYTES).toString('utf8');
  } catch (err) {
    const code = err instanceof InputFileError ? err.errno : undefined;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined; // nothing there to lose
    return {
      relativePath: file.relativePath,
      keys: [],
      unreadable: `cannot read it: ${err instanceof InputFileError ? (code ?? err.message) : String(err)}`,
    };
  }
  if (text.trim() === '') return undefined;
  let values: ExistingValue[];
  try {
    values = existingValues(file.relativePath, text);
  } catch (err) {
    return { relativePath: file.relativePath, keys: [], unreadable: (err as Error).message };
  }
  const ours = file.generatorValues ?? {};
  const keys = values
    .filter((v) => v.value !== '' && !(Object.hasOwn(ours, v.key) && ours[v.key]!.includes(v.value)))
    .map((v) => v.key);
  return keys.length > 0 ? { relativePath: file.relativePath, keys: [...new Set(keys)] } : undefined;
}

/**
 * The environment files among `files` that already exist below `outDir` holding a non-empty value
 * the generator does not write for that variable (a token, a secret, a client id, a variable it
 * does not know), or that cannot be read as an environment. A file holding only generator values
 * and empty ones is not listed, even when the generator has since added or dropped variables.
 */
export function filledEnvironments(outDir: string, files: GeneratedFile[]): FilledEnvironment[] {
  return files
    .filter(isEnvironmentFile)
    .map((f) => filledIn(path.join(outDir, f.relativePath), f))
    .filter((f): f is FilledEnvironment => f !== undefined);
}

/**
 * `a.json (accessToken, refreshToken) holds values generate did not write`, each file shown by
 * `show` (the CLI shows it relative to the current folder). Never a value: they may be secrets.
 */
export function describeFilled(filled: FilledEnvironment[], show: (relativePath: string) => string): string {
  const what = (f: FilledEnvironment) => {
    if (f.unreadable) return f.unreadable;
    const shown = f.keys.slice(0, 4).join(', ');
    return f.keys.length > 4 ? `${shown} and ${f.keys.length - 4} more` : shown;
  };
  const files = filled.map((f) => `${show(f.relativePath)} (${what(f)})`).join(', ');
  return `${files} ${filled.length === 1 ? 'holds' : 'hold'} values that generate did not write`;
}
