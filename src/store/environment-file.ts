/** Reading and validating a Postman environment file, keeping everything we do not touch. */
import fs from 'node:fs';
import { AnafPostmanError } from '../errors';

/** One variable as found in the file; unknown fields are kept as they are. */
export interface RawVariable {
  key: string;
  value?: unknown;
  type?: string;
  enabled?: boolean;
  [field: string]: unknown;
}

/** An environment file's JSON; unknown top-level fields are kept as they are. */
export interface RawEnvironment {
  values: RawVariable[];
  [field: string]: unknown;
}

/** A parsed environment file. */
export interface EnvironmentFile {
  path: string;
  /** The exact text read, to tell whether anything changed. */
  text: string;
  data: RawEnvironment;
}

function bad(file: string, why: string): AnafPostmanError {
  return new AnafPostmanError('BAD_FILE', `${file}: ${why}`, { file });
}

/**
 * Checks that `data` is a Postman environment (an object with a `values` array of `{key}`).
 * @throws AnafPostmanError `BAD_FILE` saying what the file is instead.
 */
export function validateEnvironment(file: string, data: unknown): RawEnvironment {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw bad(file, 'not a Postman environment (expected a JSON object with "values")');
  }
  const obj = data as Record<string, unknown>;
  if ('item' in obj && 'info' in obj) {
    throw bad(file, 'is a Postman collection, not an environment (give the .postman_environment.json file)');
  }
  if (!Array.isArray(obj.values)) throw bad(file, 'not a Postman environment (no "values" array)');
  obj.values.forEach((v, i) => {
    if (typeof v !== 'object' || v === null || typeof (v as RawVariable).key !== 'string') {
      throw bad(file, `variable #${i + 1} has no "key"`);
    }
  });
  return obj as RawEnvironment;
}

/**
 * Reads and validates an environment file.
 * @throws AnafPostmanError `BAD_FILE` for a missing file, malformed JSON or a non-environment.
 */
export function readEnvironmentFile(file: string): EnvironmentFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw bad(file, code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (err as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw bad(file, `malformed JSON (${(err as Error).message})`);
  }
  return { path: file, text, data: validateEnvironment(file, data) };
}

/** The string value of an enabled variable, or '' when absent. */
export function getVar(env: RawEnvironment, key: string): string {
  const found = env.values.find((v) => v.key === key && v.enabled !== false);
  return found?.value === undefined || found.value === null ? '' : String(found.value);
}

/** All enabled variables as a plain map. */
export function varMap(env: RawEnvironment): Record<string, string> {
  const map: Record<string, string> = {};
  for (const v of env.values) if (v.enabled !== false) map[v.key] = v.value == null ? '' : String(v.value);
  return map;
}
