/**
 * Writing new variable values into an environment file by splicing them into its original bytes.
 * Re-serialising the parsed JSON would rewrite what we do not own: invalid UTF-8 in a name becomes
 * U+FFFD, `12345678901234567890123` becomes `1.2345678901234568e+22`, `1.10` becomes `1.1`. Here only
 * the spans of the changed values move; every other byte stays as it was.
 *
 * The bytes are handled as a `latin1` string (one character per byte): JSON's structure is ASCII,
 * so positions found in it are byte offsets, and anything else passes through untouched.
 */
import { SECRET_VARS, type VarName } from '../anaf';
import type { TextFormat } from './update';

interface Node {
  start: number;
  end: number;
  kind: 'object' | 'array' | 'string' | 'other';
  members?: { key: string; value: Node }[];
  elements?: Node[];
}

class Scanner {
  pos = 0;
  constructor(private readonly s: string) {}

  private ws(): void {
    while (this.pos < this.s.length && ' \t\r\n'.includes(this.s.charAt(this.pos))) this.pos++;
  }

  private expect(c: string): void {
    this.ws();
    if (this.s[this.pos] !== c) throw new Error(`expected ${c} at ${this.pos}`);
    this.pos++;
  }

  value(): Node {
    this.ws();
    const start = this.pos;
    const c = this.s[this.pos];
    if (c === '{') {
      this.pos++;
      const members: { key: string; value: Node }[] = [];
      const names = new Set<string>();
      this.ws();
      if (this.s[this.pos] === '}') this.pos++;
      else {
        for (;;) {
          const keyNode = this.value();
          if (keyNode.kind !== 'string') throw new Error('object key is not a string');
          this.expect(':');
          const key = this.decode(keyNode);
          // JSON.parse reads the last of two equal members; splicing into the first would write
          // where no reader looks. The reader refuses such files; this keeps the writer agreeing.
          if (names.has(key)) throw new Error(`member ${key} given twice`);
          names.add(key);
          members.push({ key, value: this.value() });
          this.ws();
          const next = this.s[this.pos++];
          if (next === '}') break;
          if (next !== ',') throw new Error(`expected , or } at ${this.pos - 1}`);
        }
      }
      return { start, end: this.pos, kind: 'object', members };
    }
    if (c === '[') {
      this.pos++;
      const elements: Node[] = [];
      this.ws();
      if (this.s[this.pos] === ']') this.pos++;
      else {
        for (;;) {
          elements.push(this.value());
          this.ws();
          const next = this.s[this.pos++];
          if (next === ']') break;
          if (next !== ',') throw new Error(`expected , or ] at ${this.pos - 1}`);
        }
      }
      return { start, end: this.pos, kind: 'array', elements };
    }
    if (c === '"') {
      this.pos++;
      while (this.pos < this.s.length && this.s[this.pos] !== '"')
        this.pos += this.s[this.pos] === '\\' ? 2 : 1;
      if (this.pos >= this.s.length) throw new Error('unterminated string');
      this.pos++;
      return { start, end: this.pos, kind: 'string' };
    }
    while (this.pos < this.s.length && !',]} \t\r\n'.includes(this.s.charAt(this.pos))) this.pos++;
    if (this.pos === start) throw new Error(`unexpected ${c ?? 'end'} at ${start}`);
    return { start, end: this.pos, kind: 'other' };
  }

  /** The JavaScript value of a string node (its bytes decoded as UTF-8). */
  decode(node: Node): string {
    return JSON.parse(Buffer.from(this.s.slice(node.start, node.end), 'latin1').toString('utf8')) as string;
  }
}

/** A JSON value as UTF-8 bytes in a latin1 string, ready to splice. */
function bytesOf(value: unknown, indent = ''): string {
  return Buffer.from(JSON.stringify(value, null, indent), 'utf8').toString('latin1');
}

/**
 * `raw` (a file's bytes, byte-order mark included) with `updates` written into its `values`
 * array: an existing variable gets its `value` replaced (and `enabled: false` turned to `true`,
 * as {@link applyUpdates} does); a missing one is appended. Returns undefined when the layout is not
 * one this can splice, an object naming a member twice included (the caller then re-serialises
 * what `JSON.parse` read).
 */
export function spliceUpdates(
  raw: Buffer,
  updates: Record<string, string>,
  format: TextFormat,
): Buffer | undefined {
  const text = raw.toString('latin1');
  const bomBytes = text.startsWith('\xEF\xBB\xBF') ? 3 : 0;
  let root: Node;
  const scanner = new Scanner(text);
  try {
    scanner.pos = bomBytes;
    root = scanner.value();
  } catch {
    return undefined;
  }
  const values = root.members?.find((m) => m.key === 'values')?.value;
  if (root.kind !== 'object' || values?.kind !== 'array' || !values.elements) return undefined;
  // Edits as [start, end, replacement], applied from the end so earlier offsets stay valid.
  const edits: [number, number, string][] = [];
  const pending = new Map(Object.entries(updates));
  for (const element of values.elements) {
    const keyMember = element.members?.find((m) => m.key === 'key');
    if (!keyMember || keyMember.value.kind !== 'string') continue;
    const key = scanner.decode(keyMember.value);
    const value = pending.get(key);
    if (value === undefined) continue;
    pending.delete(key);
    const members = element.members ?? [];
    const valueMember = members.find((m) => m.key === 'value');
    if (valueMember) edits.push([valueMember.value.start, valueMember.value.end, bytesOf(value)]);
    else {
      // keyMember is one of the members, so there is a last one.
      const last = (members[members.length - 1] ?? keyMember).value;
      edits.push([last.end, last.end, `,${bytesOf('value')}:${bytesOf(value)}`]);
    }
    const enabled = members.find((m) => m.key === 'enabled');
    if (enabled && text.slice(enabled.value.start, enabled.value.end) === 'false') {
      edits.push([enabled.value.start, enabled.value.end, 'true']);
    }
  }
  if (pending.size > 0) {
    const inner = format.indent ? `${format.eol}${format.indent.repeat(2)}` : '';
    const added = [...pending].map(([key, value]) => {
      const variable = {
        key,
        value,
        type: SECRET_VARS.includes(key as VarName) ? 'secret' : 'default',
        enabled: true,
      };
      return bytesOf(variable, format.indent).replace(/\n/g, inner || '');
    });
    const lastElement = values.elements[values.elements.length - 1];
    if (lastElement) {
      const at = lastElement.end;
      edits.push([at, at, added.map((a) => `,${inner}${a}`).join('')]);
    } else {
      const outer = format.indent ? `${format.eol}${format.indent}` : '';
      edits.push([values.start + 1, values.end - 1, `${added.map((a) => `${inner}${a}`).join(',')}${outer}`]);
    }
  }
  let out = text;
  for (const [start, end, replacement] of edits.sort((a, b) => b[0] - a[0])) {
    out = out.slice(0, start) + replacement + out.slice(end);
  }
  return Buffer.from(out, 'latin1');
}
