/**
 * The single encodings a secret goes through on its way to an output, one function each. A server
 * or a proxy echoes it URL- or form-encoded (maybe twice, hex digits in either case), JSON- or
 * HTML-escaped (named, decimal or hex entities), upper-cased, as base64, base64url or hex, or its
 * UTF-8 bytes read as Latin-1. `secret-forms.ts` combines them.
 */

/** `value` as `application/x-www-form-urlencoded` writes it (`+` for a space, `%27` for `'`…). */
export function formEncoded(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/** `value` inside a JSON string, as JSON.stringify writes it. */
export function jsonEscaped(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** `value` inside a JSON string by serialisers that escape every non-ASCII character. */
export function jsonAscii(value: string): string {
  return jsonEscaped(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The URL encodings, once and twice over: a proxy that encodes a query again, or a server that
 * puts an encoded value into a URL it returns, makes `%2F` into `%252F`.
 */
export function urlForms(value: string): string[] {
  const once = [encodeURIComponent(value), encodeURI(value), formEncoded(value)];
  const twice = once.flatMap((v) => [encodeURIComponent(v), formEncoded(v)]);
  return [...once, ...twice];
}

const NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const dec = (c: string) => `&#${c.codePointAt(0)};`;
const hex = (c: string) => `&#x${(c.codePointAt(0) ?? 0).toString(16)};`;

/**
 * `value` HTML- or XML-escaped by the escapers in use: named entities with `'` as `&#39;`,
 * `&#039;`, `&apos;` or `&#x27;` (Handlebars also turns `` ` `` and `=` into `&#x60;` and
 * `&#x3D;`), the five special characters (or those seven) as decimal (`&#34;`) or hex (`&#x22;`)
 * entities. {@link htmlEntitiesEverywhere} adds OWASP-style encoders.
 */
export function htmlForms(value: string): string[] {
  if (!/[&<>"'`=]/.test(value)) return [value]; // most tokens: nothing to escape
  const named = (apos: string) => (c: string) => (c === "'" ? apos : (NAMED[c] ?? c));
  const special = /[&<>"']/g;
  const handlebars = value.replace(/[&<>"'`=]/g, (c) =>
    c === '`' || c === '=' ? hex(c) : named('&#x27;')(c),
  );
  const forms = [
    handlebars,
    ...['&#39;', '&#039;', '&apos;'].map((apos) => value.replace(special, named(apos))),
    value.replace(special, dec),
    value.replace(special, hex),
    value.replace(/[&<>"'`=]/g, dec),
    value.replace(/[&<>"'`=]/g, hex),
  ];
  return forms;
}

/** `value` with every character but ASCII letters and digits as a decimal and as a hex entity. */
export function htmlEntitiesEverywhere(value: string): string[] {
  const other = /[^A-Za-z0-9]/gu;
  return [value.replace(other, dec), value.replace(other, hex)];
}

/** Windows-1252's characters for the bytes 0x80–0x9F (the five it leaves undefined stay C1 controls). */
const CP1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * `value`'s UTF-8 bytes read as ISO-8859-1 and as Windows-1252 (`ț` → `È›`): what a server or a
 * proxy that assumed the wrong charset echoes. Empty for ASCII, which reads the same in all three.
 */
export function mojibake(value: string): string[] {
  if (!/[^\u0000-\u007f]/.test(value)) return []; // eslint-disable-line no-control-regex
  const latin1 = Buffer.from(value, 'utf8').toString('latin1');
  const cp1252 = latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80] ?? c);
  return [latin1, cp1252];
}

/** Shorter cores than this are not hidden: a few base64 characters match ordinary text by chance. */
const MIN_CORE = 8;

/**
 * Base64 and base64url of `bytes`, with and without `=` padding; and, for the secret inside a
 * longer encoded text (`id:secret` in a Basic header, a JSON document encoded whole), the
 * characters that depend on its bytes alone at each of the three alignments: the one or two
 * characters at each end that mix in neighbouring bytes are left out.
 */
export function base64Forms(bytes: Buffer): string[] {
  const forms: string[] = [];
  const full = bytes.toString('base64');
  const url = bytes.toString('base64url');
  forms.push(full, full.replace(/=+$/, ''), url, url + '='.repeat((4 - (url.length % 4)) % 4));
  for (let shift = 0; shift < 3; shift++) {
    const shifted = Buffer.concat([Buffer.alloc(shift), bytes]);
    const bits = shifted.length * 8;
    for (const alphabet of ['base64url', 'base64'] as const) {
      const text = shifted.toString(alphabet).replace(/=+$/, '');
      // A character is the secret's own once its 6 bits start after the shift's bytes, and not the
      // last one when that one is completed with the bits of whatever follows.
      const core = text.slice(Math.ceil((shift * 8) / 6), bits % 6 === 0 ? text.length : text.length - 1);
      if (core.length >= MIN_CORE) forms.push(core);
    }
  }
  return forms;
}

/**
 * The binary spellings of `value`: base64 forms and hex of its UTF-8 bytes, and of its Latin-1
 * bytes when it has non-ASCII characters that fit one byte (`btoa()` takes those as they are).
 */
export function binaryForms(value: string): string[] {
  const encodings: Buffer[] = [Buffer.from(value, 'utf8')];
  // eslint-disable-next-line no-control-regex
  if (/[^\u0000-\u007f]/.test(value) && !/[^\u0000-\u00ff]/.test(value)) {
    encodings.push(Buffer.from(value, 'latin1'));
  }
  return encodings.flatMap((bytes) => [...base64Forms(bytes), bytes.toString('hex')]);
}
