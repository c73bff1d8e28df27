/**
 * A small YAML writer for JSON data. The document is plain data (objects, arrays, strings, numbers,
 * booleans, null), so a full YAML library is not needed at generate time and the production install
 * stays as it is. Output is deterministic: key order is the object's, strings that could be read as
 * anything else are written JSON-quoted (a JSON string is a valid YAML double-quoted scalar), and
 * readable multi-line text (descriptions, XML examples without CR) becomes a literal block.
 */

/** Words YAML 1.1 or 1.2 readers could take for a boolean, null, number or merge key. */
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~|=|<<|[-+]?(?:\.inf|\.nan)|[-+.\d].*)$/i;
/** A YAML indicator, or white space, at the start. */
const INDICATOR_START = /^[\s\-?:,[\]{}#&*!|>'"%@`]/;
/** Characters a plain scalar cannot hold, or that readers treat as line breaks. */
// Control characters are exactly what this must find.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f\u0085\u2028\u2029\ufeff]/;

/** A string as a plain scalar when it reads back the same, else JSON-quoted. */
function scalarString(value: string): string {
  const plain =
    value !== '' &&
    !INDICATOR_START.test(value) &&
    !UNSAFE.test(value) &&
    !RESERVED.test(value) &&
    !value.includes(': ') &&
    !value.includes(' #') &&
    !value.endsWith(':') &&
    !value.endsWith(' ');
  return plain ? value : JSON.stringify(value);
}

/** A multi-line string as a literal block, or undefined when a block cannot hold it exactly. */
function blockString(value: string, indent: string): string | undefined {
  if (!value.includes('\n') || /[\r\t\u0085\u2028\u2029]/.test(value)) return undefined;
  const body = value.endsWith('\n') ? value.slice(0, -1) : value;
  if (body.endsWith('\n') || body.startsWith(' ') || body.startsWith('\n')) return undefined;
  const lines = body.split('\n');
  if (lines.some((l) => /\s$/.test(l))) return undefined;
  const chomp = value.endsWith('\n') ? '|' : '|-';
  return `${chomp}\n${lines.map((l) => (l === '' ? '' : `${indent}${l}`)).join('\n')}`;
}

function isEmptyCollection(value: unknown): boolean {
  return (
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0)
  );
}

function scalar(value: unknown, indent: string): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return blockString(value, indent) ?? scalarString(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`YAML: cannot write the number ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  throw new Error(`YAML: cannot write a ${typeof value}`);
}

function isNested(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !isEmptyCollection(value);
}

function lines(value: unknown, indent: string): string[] {
  const next = `${indent}  `;
  if (Array.isArray(value)) {
    return value.flatMap((item: unknown) => {
      if (!isNested(item)) return [`${indent}- ${scalar(item, next)}`];
      // The first line of a nested item shares the dash's line.
      const [head = '', ...rest] = lines(item, next);
      return [`${indent}- ${head.slice(next.length)}`, ...rest];
    });
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) => {
    const k = scalarString(key);
    if (!isNested(item)) return [`${indent}${k}: ${scalar(item, next)}`];
    return [`${indent}${k}:`, ...lines(item, next)];
  });
}

/** YAML text of a JSON value whose root is an object, with a final newline. */
export function toYaml(value: Record<string, unknown>): string {
  return `${lines(value, '').join('\n')}\n`;
}
