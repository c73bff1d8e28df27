/** Reading and validating a Postman environment file, keeping everything we do not touch. */
import { AnafPostmanError } from '../errors';
import { currentStamp, InputFileError, MAX_ENVIRONMENT_BYTES, readStampedFile } from './input-file';
import { JsonTextError, parseJsonText } from './json-text';

/** A UTF-8 byte-order mark, as some Windows editors put at the start of a file. */
export const BOM = '\uFEFF';

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
  /**
   * The exact text read, without a leading byte-order mark: to tell whether anything changed and
   * to write back in the same format.
   */
  text: string;
  data: RawEnvironment;
  /** The file started with a UTF-8 byte-order mark; it is written back with it. */
  bom?: boolean;
  /**
   * The bytes as read (byte-order mark included), when read from disk: a save splices the changed
   * values into them, so bytes it does not own (invalid UTF-8, big numbers) stay as they were.
   */
  raw?: Buffer;
  /**
   * Which version of the file on disk this is (`fileStamp`), when read from or written to disk and
   * trusted (`trustedStamp`: not taken within a tick of the file's last change by someone else):
   * {@link isUnchanged} tells without reading again whether the file is still this one.
   */
  stamp?: string;
}

function bad(file: string, why: string): AnafPostmanError {
  return new AnafPostmanError('BAD_FILE', `${file}: ${why}`, { file });
}

/**
 * Checks that `data` is a Postman environment (an object with a `values` array of `{key}`, each
 * key once).
 *
 * A key given twice is refused: Postman, Newman and this tool do not agree on which entry wins
 * (Newman 6.2.2 takes the last one, disabled or not), so a rotated token could be saved into an
 * entry the next run does not read.
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
  const seen = new Map<string, number>();
  obj.values.forEach((v, i) => {
    if (typeof v !== 'object' || v === null || typeof (v as RawVariable).key !== 'string') {
      throw bad(file, `variable #${i + 1} has no "key"`);
    }
    const key = (v as RawVariable).key;
    const first = seen.get(key);
    if (first !== undefined) {
      throw bad(
        file,
        `duplicate variable ${key} (variables #${first + 1} and #${i + 1}); keep only one of them`,
      );
    }
    seen.set(key, i);
  });
  return obj as RawEnvironment;
}

/**
 * Parses the text of an environment file; a leading UTF-8 byte-order mark is accepted.
 *
 * A member named twice in one object (`"values"`, or `"value"` or `"key"` of a variable) is
 * refused: `JSON.parse` reads the last one while a save splices into the first, so a rotated token
 * would be written where the next read does not look.
 * @throws AnafPostmanError `BAD_FILE` for malformed JSON (with its line and column, never the
 *   content: it may be a secret), a duplicate member or a non-environment.
 */
export function parseEnvironmentText(file: string, raw: string): EnvironmentFile {
  const bom = raw.startsWith(BOM);
  const text = bom ? raw.slice(BOM.length) : raw;
  let data: unknown;
  try {
    data = parseJsonText(text, { uniqueMembers: true });
  } catch (err) {
    throw bad(file, err instanceof JsonTextError ? err.message : 'malformed JSON');
  }
  return { path: file, text, data: validateEnvironment(file, data), ...(bom ? { bom } : {}) };
}

/**
 * Reads and validates an environment file: a regular file of at most {@link MAX_ENVIRONMENT_BYTES}.
 * @throws AnafPostmanError `BAD_FILE` for a missing file, a FIFO or device, one too large,
 *   malformed JSON or a non-environment.
 */
export function readEnvironmentFile(file: string): EnvironmentFile {
  let read: { bytes: Buffer; stamp?: string };
  try {
    read = readStampedFile(file, MAX_ENVIRONMENT_BYTES);
  } catch (err) {
    throw bad(file, err instanceof InputFileError ? err.message : String(err));
  }
  const env = parseEnvironmentText(file, read.bytes.toString('utf8'));
  return { ...env, raw: read.bytes, ...(read.stamp ? { stamp: read.stamp } : {}) };
}

/**
 * True when `env`'s file on disk is still the version `env` was read from or written as (same
 * device, inode, size and times): then `env` is what a new read would give, and no read is needed.
 */
export function isUnchanged(env: EnvironmentFile): boolean {
  return env.stamp !== undefined && currentStamp(env.path) === env.stamp;
}

/** The string form of a variable's value ('' for none). */
export function valueText(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/** The string value of an enabled variable, or '' when absent. */
export function getVar(env: RawEnvironment, key: string): string {
  return valueText(env.values.find((v) => v.key === key && v.enabled !== false)?.value);
}

/** All enabled variables as a plain map. */
export function varMap(env: RawEnvironment): Record<string, string> {
  const map: Record<string, string> = {};
  for (const v of env.values) if (v.enabled !== false) map[v.key] = valueText(v.value);
  return map;
}

/** `env` with its disabled variables left out: what a run may show Newman. */
export function enabledOnly(env: RawEnvironment): RawEnvironment {
  return { ...env, values: env.values.filter((v) => v.enabled !== false) };
}
