/**
 * Parsing JSON files defensively: an encoding we cannot read, or nesting deep enough to overflow
 * the stack of whatever walks the value later (a save, Newman), is refused while nothing has been
 * sent yet, instead of failing after ANAF has rotated a token.
 */

/** Deepest nesting of objects and arrays accepted in any JSON file we read. */
export const MAX_JSON_DEPTH = 64;

/**
 * Why `text` is not JSON we accept, before parsing: NUL characters (a UTF-16 file read as UTF-8)
 * or nesting deeper than {@link MAX_JSON_DEPTH}. Returns undefined when it may be parsed.
 */
export function jsonTextProblem(text: string, maxDepth = MAX_JSON_DEPTH): string | undefined {
  if (text.includes('\0')) return 'holds NUL characters (a UTF-16 file?); save it as UTF-8';
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return `nested deeper than ${maxDepth} levels`;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return undefined;
}

/**
 * `JSON.parse` after {@link jsonTextProblem}; throws a `SyntaxError` whose message says what is
 * wrong, so callers report every refusal the same way.
 */
export function parseJsonText(text: string): unknown {
  const problem = jsonTextProblem(text);
  if (problem) throw new SyntaxError(problem);
  return JSON.parse(text);
}
