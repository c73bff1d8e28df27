/**
 * Case-insensitive comparison as a regular expression with the `i` flag (and without `u`) does it:
 * each UTF-16 unit compared by ECMAScript's Canonicalize. Upper-cased echoes (`%2F` for `%2f`,
 * `&#X3D;`, a header value shouted back) are then the same spelling.
 */

/** Canonical units worked out so far, plus one (0: not yet). */
const known = new Uint16Array(0x10000);

/**
 * `unit`'s canonical form: its upper case when that is one unit, and not an ASCII one for a
 * non-ASCII unit; else itself. Worked out once per unit and process.
 */
export function canonicalUnit(unit: number): number {
  const cached = known[unit]!;
  if (cached !== 0) return cached - 1;
  const upper = unit >= 0xd800 && unit <= 0xdfff ? '' : String.fromCharCode(unit).toUpperCase();
  const keep = upper.length !== 1 || (unit >= 128 && upper.charCodeAt(0) < 128);
  const result = keep ? unit : upper.charCodeAt(0);
  // 0xffff is its own canonical form and does not fit plus one: it is worked out each time.
  if (result < 0xffff) known[unit] = result + 1;
  return result;
}

/** `text` with each unit in its canonical form (same length): equal keys, same text ignoring case. */
export function caseKey(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u007f]*$/.test(text)) return text.toUpperCase(); // the same for ASCII, much faster
  let key = '';
  for (let i = 0; i < text.length; i++) key += String.fromCharCode(canonicalUnit(text.charCodeAt(i)));
  return key;
}
