/**
 * Parsing JSON files defensively, before anything is sent: a file we would read one way and write
 * another, an encoding we cannot read, or nesting deep enough to overflow the stack of whatever
 * walks the value later (a save, Newman) is refused then, instead of failing after ANAF has
 * rotated a token.
 *
 * Errors say where (line and column) and what, never what the file holds there: V8's own
 * `JSON.parse` message quotes the text around the error, which in an environment file is the start
 * of a pasted secret.
 */

/** Deepest nesting of objects and arrays accepted in any JSON file we read. */
export const MAX_JSON_DEPTH = 64;

/** How {@link parseJsonText} and {@link checkJsonText} judge a text. */
export interface JsonTextOptions {
  /** Deepest nesting of objects and arrays accepted (default {@link MAX_JSON_DEPTH}). */
  maxDepth?: number;
  /**
   * Refuse an object naming a member twice. `JSON.parse` keeps the last one, a writer that splices
   * values into the text finds the first: for an environment file, the one place a rotated token
   * is saved must be the one the next read sees.
   */
  uniqueMembers?: boolean;
}

/** A JSON text refused by {@link checkJsonText}: one line naming the reason and the position. */
export class JsonTextError extends SyntaxError {
  /**
   * @param message - one line, without the file's content
   * @param line - 1-based line of the problem
   * @param column - 1-based column (UTF-16 code units, as editors count them)
   */
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'JsonTextError';
  }
}

/** Line and column (both 1-based) of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

// Sticky expressions: each matches at `lastIndex` only, so one scan walks the text once.
const WHITESPACE = /[ \t\n\r]*/y;
// JSON strings may not hold U+0000–U+001F raw: the control characters are the point here.
// eslint-disable-next-line no-control-regex
const PLAIN_CHARS = /[^"\\\u0000-\u001f]*/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
/**
 * Member names a message repeats: short, letters and `_` only, as Postman's are (`values`, `key`,
 * `_postman_variable_scope`). Anything else could be content (a token pasted as a name).
 */
const SHOWABLE_NAME = /^[A-Za-z_$]{1,32}$/;

/** A recursive-descent check of ECMA-404 JSON; recursion is bounded by the depth limit. */
class Checker {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    private readonly uniqueMembers: boolean,
  ) {}

  check(): void {
    const nul = this.text.indexOf('\0');
    if (nul !== -1) this.fail('a NUL character (a UTF-16 file?); save it as UTF-8', nul);
    this.skipWhitespace();
    if (this.pos === this.text.length) this.fail('the file holds no JSON value');
    this.value(0);
    this.skipWhitespace();
    if (this.pos < this.text.length) this.fail('more text after the end of the JSON value');
  }

  private where(offset: number): { line: number; column: number; at: string } {
    const { line, column } = lineColumn(this.text, offset);
    return { line, column, at: `line ${line}, column ${column}` };
  }

  private fail(reason: string, offset = this.pos): never {
    const { line, column, at } = this.where(offset);
    throw new JsonTextError(`malformed JSON at ${at}: ${reason}`, line, column);
  }

  private skipWhitespace(): void {
    WHITESPACE.lastIndex = this.pos;
    WHITESPACE.test(this.text);
    this.pos = WHITESPACE.lastIndex;
  }

  /** Why the character at `pos` cannot start a value: named only when it is JSON punctuation. */
  private unexpected(): never {
    const c = this.text[this.pos];
    if (c === undefined) this.fail('the file ends in the middle of a value');
    if (c === '\uFEFF')
      this.fail('a byte-order mark (U+FEFF) inside the JSON: keep at most one, at the start');
    this.fail('{}[]:,'.includes(c) ? `unexpected "${c}" where a value belongs` : 'unexpected character');
  }

  private value(depth: number): void {
    this.skipWhitespace();
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x7b || c === 0x5b) {
      if (depth + 1 > this.maxDepth) this.fail(`nested deeper than ${this.maxDepth} levels`);
      if (c === 0x7b) this.object(depth + 1);
      else this.array(depth + 1);
    } else if (c === 0x22) this.string();
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = this.pos;
      if (!NUMBER.test(this.text)) this.fail('an invalid number');
      this.pos = NUMBER.lastIndex;
    } else {
      const literal = ['true', 'false', 'null'].find((word) => this.text.startsWith(word, this.pos));
      if (literal === undefined) this.unexpected();
      this.pos += literal.length;
    }
  }

  private object(depth: number): void {
    this.pos++; // {
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    const seen = this.uniqueMembers ? new Map<string, number>() : undefined;
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail('expected a member name in double quotes');
      const start = this.pos;
      this.string();
      if (seen) this.remember(seen, start);
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.fail('expected ":" after a member name');
      this.pos++;
      this.value(depth);
      this.skipWhitespace();
      const next = this.text[this.pos++];
      if (next === '}') return;
      if (next !== ',') this.fail('expected "," or "}" after a member', this.pos - 1);
    }
  }

  /** Records the member name whose string starts at `start`; a second one is refused. */
  private remember(seen: Map<string, number>, start: number): void {
    const raw = this.text.slice(start, this.pos);
    const name = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
    const first = seen.get(name);
    if (first === undefined) {
      seen.set(name, start);
      return;
    }
    const here = this.where(start);
    const shown = SHOWABLE_NAME.test(name) ? `"${name}"` : '(name not shown)';
    throw new JsonTextError(
      `duplicate member ${shown} at ${here.at} (first at ${this.where(first).at}); keep only one`,
      here.line,
      here.column,
    );
  }

  private array(depth: number): void {
    this.pos++; // [
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      this.value(depth);
      this.skipWhitespace();
      const next = this.text[this.pos++];
      if (next === ']') return;
      if (next !== ',') this.fail('expected "," or "]" after an element', this.pos - 1);
    }
  }

  private string(): void {
    const start = this.pos;
    this.pos++; // "
    for (;;) {
      PLAIN_CHARS.lastIndex = this.pos;
      PLAIN_CHARS.test(this.text);
      this.pos = PLAIN_CHARS.lastIndex;
      const c = this.text.charCodeAt(this.pos);
      if (Number.isNaN(c)) this.fail('a string that is never closed', start);
      if (c === 0x22) {
        this.pos++;
        return;
      }
      if (c === 0x5c) {
        ESCAPE.lastIndex = this.pos;
        if (!ESCAPE.test(this.text)) this.fail('an invalid escape in a string');
        this.pos = ESCAPE.lastIndex;
      } else this.fail('a control character inside a string (a line break or tab must be escaped)');
    }
  }
}

/**
 * Checks that `text` is JSON we accept: UTF-8 text (no NUL), valid JSON, nested at most
 * `maxDepth` levels, and, with `uniqueMembers`, no object naming a member twice.
 * @throws JsonTextError naming the first problem and its line and column, never the content.
 */
export function checkJsonText(text: string, options: JsonTextOptions = {}): void {
  new Checker(text, options.maxDepth ?? MAX_JSON_DEPTH, options.uniqueMembers ?? false).check();
}

/** The message of {@link checkJsonText}'s refusal of `text`, or undefined when it may be parsed. */
export function jsonTextProblem(text: string, maxDepth = MAX_JSON_DEPTH): string | undefined {
  try {
    checkJsonText(text, { maxDepth });
    return undefined;
  } catch (err) {
    if (err instanceof JsonTextError) return err.message;
    throw err;
  }
}

/**
 * `JSON.parse` after {@link checkJsonText}; every refusal is a {@link JsonTextError} whose message
 * gives the position and never the content.
 */
export function parseJsonText(text: string, options: JsonTextOptions = {}): unknown {
  checkJsonText(text, options);
  try {
    return JSON.parse(text);
  } catch {
    // Not expected after the check; V8's message would quote the text, so it is not passed on.
    throw new JsonTextError('malformed JSON', 1, 1);
  }
}
