/**
 * The variables of an environment file already on disk, Postman JSON or Bruno `.bru`, read only
 * to tell whether someone filled it in before `generate` replaces it.
 */
import { isAnafError } from '../errors';
import { parseEnvironmentText, valueText } from '../store/environment-file';

/** One variable found in an existing file, its value as text ('' for none). */
export interface ExistingValue {
  key: string;
  value: string;
}

/**
 * The variables of a Postman environment (any byte-order mark, disabled ones included: a value
 * switched off is still somebody's value).
 * @throws Error saying why the text is not an environment.
 */
function postmanValues(text: string): ExistingValue[] {
  try {
    return parseEnvironmentText('', text).data.values.map((v) => ({ key: v.key, value: valueText(v.value) }));
  } catch (err) {
    // The message starts with the file name given, here ''.
    throw new Error(isAnafError(err) ? err.message.replace(/^: /, '') : String(err));
  }
}

/** `key: value` in a `vars` block; `~` marks a disabled one, a quoted key may hold `:`. */
const BRU_VAR = /^\s+~?("(?:[^"\\]|\\.)*"|[^\s:"][^:]*):(.*)$/;

/**
 * The variables of a Bruno environment: the `vars { … }` block (`vars:secret [ … ]` lists names
 * only, the app keeps those values elsewhere). Bruno ends a block at `}` or `]` in the first column.
 * @throws Error for any other block or line: what it holds is unknown, so it may be somebody's.
 */
function bruValues(text: string): ExistingValue[] {
  const values: ExistingValue[] = [];
  let block: 'vars' | 'vars:secret' | undefined;
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    if (block === undefined) {
      if (/^vars \{\s*$/.test(line)) block = 'vars';
      else if (/^vars:secret \[\s*$/.test(line)) block = 'vars:secret';
      else throw new Error(`line ${i + 1} is not a vars block Bruno environments hold`);
    } else if (line.trimEnd() === (block === 'vars' ? '}' : ']')) {
      block = undefined;
    } else if (block === 'vars') {
      const m = BRU_VAR.exec(line);
      if (!m) throw new Error(`line ${i + 1} is not a key: value line`);
      const key = m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/\\"/g, '"') : m[1]!.trim();
      values.push({ key, value: m[2]!.trim() });
    }
  }
  if (block !== undefined) throw new Error(`the ${block} block is not closed`);
  return values;
}

/**
 * The variables of the environment file `relativePath` (Bruno for `.bru`, else Postman) holding `text`.
 * @throws Error saying why `text` cannot be read as that kind of environment.
 */
export function existingValues(relativePath: string, text: string): ExistingValue[] {
  return relativePath.endsWith('.bru') ? bruValues(text) : postmanValues(text);
}
