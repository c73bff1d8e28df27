/**
 * Every spelling a secret can take on its way to an output: a server echoes the form body
 * (`+` for a space, `%27` for `'`), a JSON report escapes `"` and `\`, an HTML report escapes `=`
 * as `&#x3D;`, a Basic header carries base64 of `id:secret`. Redaction that knows only the raw
 * value misses all of them; this module lists them, for the token client and the run's redactor.
 */

/** `value` as `application/x-www-form-urlencoded` writes it (`+` for a space, `%27` for `'`…). */
function formEncoded(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/** `value` inside a JSON string, as JSON.stringify writes it. */
function jsonEscaped(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** `value` inside a JSON string by serialisers that escape every non-ASCII character (and `/`). */
function jsonAscii(value: string, upper: boolean): string {
  return jsonEscaped(value).replace(/[\u007f-\uffff]/g, (c) => {
    const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
    return `\\u${upper ? hex.toUpperCase() : hex}`;
  });
}

const HTML_NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** `value` HTML-escaped: as Handlebars does (`&#x3D;`, `&#x27;`, `&#x60;`) and as other escapers do. */
function htmlForms(value: string): string[] {
  const base = (c: string) => HTML_NAMED[c] ?? c;
  const handlebars = value.replace(/[&<>"'`=]/g, (c) =>
    c === "'" ? '&#x27;' : c === '`' ? '&#x60;' : c === '=' ? '&#x3D;' : base(c),
  );
  const common = value.replace(/[&<>"']/g, (c) => (c === "'" ? '&#39;' : base(c)));
  const numeric = value.replace(/[&<>"']/g, (c) => (c === "'" ? '&#039;' : base(c)));
  const apos = value.replace(/[&<>"']/g, (c) => (c === "'" ? '&apos;' : base(c)));
  return [handlebars, common, numeric, apos];
}

/**
 * The spellings of `value` worth hiding: raw, URL- and form-encoded, JSON-escaped (also with
 * `\uXXXX` and `\/`, and escaped twice, as a JSON string holding JSON), and each of those
 * HTML-escaped.
 */
export function secretForms(value: string): string[] {
  const text = [
    value,
    encodeURIComponent(value),
    encodeURI(value),
    formEncoded(value),
    jsonEscaped(value),
    jsonAscii(value, false),
    jsonAscii(value, true),
    jsonEscaped(value).replace(/\//g, '\\/'),
    jsonEscaped(jsonEscaped(value)),
    jsonEscaped(formEncoded(value)),
  ];
  const all = new Set<string>();
  for (const form of text) for (const html of [form, ...htmlForms(form)]) all.add(html);
  return [...all];
}

/**
 * The credentials of a Basic header for `id` and `secret`: base64 of `id:secret`, and of the
 * form-encoded pair that RFC 6749 §2.3.1 asks for.
 */
export function basicCredentials(id: string, secret: string): string[] {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  return [...new Set([b64(`${id}:${secret}`), b64(`${formEncoded(id)}:${formEncoded(secret)}`)])];
}

/** Values shorter than this are not hidden: they would blank out ordinary text. */
export const MIN_SECRET_LENGTH = 4;

/** A function replacing every form of every secret in a text with `replacement`. */
export function secretRedactor(secrets: Iterable<string>, replacement: string): (text: string) => string {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s && s.length >= MIN_SECRET_LENGTH) for (const f of secretForms(s)) forms.add(f);
  }
  if (forms.size === 0) return (text) => text;
  const pattern = new RegExp(
    [...forms]
      .sort((a, b) => b.length - a.length)
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|'),
    'g',
  );
  return (text) => text.replace(pattern, replacement);
}

/**
 * Text from outside (a server's `error_description`, a redirect's parameters) made safe to show on
 * one line: control characters (terminal escape sequences included) become spaces, runs of
 * whitespace one space, and at most `max` characters are kept.
 */
export function oneLine(text: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g, ' ');
  const collapsed = clean.replace(/\s+/g, ' ').trim();
  return collapsed.length > max ? `${collapsed.slice(0, max)}…` : collapsed;
}
