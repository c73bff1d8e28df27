/**
 * The variables of an environment file already on disk, Postman JSON, Bruno `.bru` or Bruno YAML,
 * read only to tell whether someone filled it in before `generate` replaces it.
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

/** A one-line YAML scalar: plain, "double-quoted" (JSON's escapes) or 'single-quoted'. */
function yamlScalar(raw: string, line: number): string {
  const text = raw.trim();
  if (text.startsWith('"')) {
    try {
      return String(JSON.parse(text));
    } catch {
      throw new Error(`line ${line} holds a double-quoted value this reader does not know`);
    }
  }
  if (/^'(?:[^']|'')*'$/.test(text)) return text.slice(1, -1).replace(/''/g, "'");
  // A block, an anchor, a tag, a flow collection or a comment: not what Bruno writes for a variable.
  if (/^[|>&*!{[#'%@`]/.test(text) || / #/.test(text)) {
    throw new Error(`line ${line} holds a value this reader does not know`);
  }
  return text;
}

/**
 * The variables of a Bruno YAML environment (`name:`, `color:`, `variables:` as a list of `name`,
 * `value`, `secret`, `disabled`, `description`), written by `generate` or by Bruno. A secret's value
 * is not in the file (Bruno keeps it elsewhere).
 * @throws Error for anything else: what it holds is unknown, so it may be somebody's.
 */
function ymlValues(text: string): ExistingValue[] {
  const values: ExistingValue[] = [];
  let inList = false;
  let current: ExistingValue | undefined;
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    const top = /^(name|color|variables):(.*)$/.exec(line);
    if (top) {
      inList = top[1] === 'variables';
      if (inList && top[2]!.trim() !== '' && top[2]!.trim() !== '[]') {
        throw new Error(`line ${i + 1}: variables is not a list this reader knows`);
      }
      continue;
    }
    const field = inList
      ? /^ {2}(- | {2})(name|value|secret|disabled|description|type):(.*)$/.exec(line)
      : null;
    if (!field) throw new Error(`line ${i + 1} is not a variable of a Bruno environment`);
    if (field[1] === '- ') {
      current = { key: '', value: '' };
      values.push(current);
    }
    if (!current) throw new Error(`line ${i + 1} is not inside a variable`);
    if (field[2] === 'name') current.key = yamlScalar(field[3]!, i + 1);
    if (field[2] === 'value') current.value = yamlScalar(field[3]!, i + 1);
  }
  return values;
}

/**
 * The variables of the environment file `relativePath` (Bruno for `.bru` and `.yml`, else Postman)
 * holding `text`.
 * @throws Error saying why `text` cannot be read as that kind of environment.
 */
export function existingValues(relativePath: string, text: string): ExistingValue[] {
  if (relativePath.endsWith('.bru')) return bruValues(text);
  if (relativePath.endsWith('.yml')) return ymlValues(text);
  return postmanValues(text);
}
