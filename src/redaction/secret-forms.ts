/**
 * Every spelling a secret can take on its way to an output: a server echoes the form body
 * (`+` for a space, `%27` for `'`), a JSON report escapes `"` and `\`, an HTML report escapes `=`
 * as `&#x3D;`, a Basic header carries base64 of `id:secret`; a proxy encodes twice, upper-cases,
 * or reads UTF-8 as Latin-1. Redaction that knows only the raw value misses all of them; this
 * module lists them (from the encodings of `spellings.ts`), for the token client and the run's
 * redactor, which match them ignoring case (`matcher.ts`).
 */
import {
  base64Forms,
  binaryForms,
  formEncoded,
  htmlEntitiesEverywhere,
  htmlForms,
  jsonAscii,
  jsonEscaped,
  mojibake,
  urlForms,
} from './spellings';
import { caseKey } from './case-key';
import { SpellingMatcher } from './matcher';

/** Adds `forms` to `into`, one per spelling that case-insensitive matching tells apart. */
function addForms(into: Map<string, string>, forms: Iterable<string>): void {
  for (const form of forms) {
    const key = caseKey(form);
    if (!into.has(key)) into.set(key, form);
  }
}

/**
 * The text spellings of `value`: raw, URL- and form-encoded (also twice), JSON-escaped (also with
 * `\uXXXX` and `\/`, escaped twice as a JSON string holding JSON, and the form body inside
 * JSON), each of those HTML-escaped in the ways escapers do it.
 */
function encodedForms(value: string): string[] {
  const text = [
    value,
    ...urlForms(value),
    jsonEscaped(value),
    jsonAscii(value),
    jsonEscaped(value).replace(/\//g, '\\/'),
    jsonEscaped(jsonEscaped(value)),
    jsonEscaped(formEncoded(value)),
  ];
  const all = new Map<string, string>();
  for (const form of text) addForms(all, [form, ...htmlForms(form)]);
  addForms(all, htmlEntitiesEverywhere(value));
  return [...all.values()];
}

/** The last {@link RECENT} values' forms: they take a millisecond or two for a long token. */
const recent = new Map<string, readonly string[]>();
const RECENT = 64;

/**
 * The spellings of `value` worth hiding, matched ignoring case: the {@link encodedForms} of the
 * value, of its upper- and lower-case forms (their non-ASCII letters encode to other bytes) and of
 * its UTF-8 read as Latin-1 / Windows-1252; base64, base64url and hex of it (alone, or inside a
 * longer base64 text), each as it appears in a URL, JSON or HTML.
 */
export function secretForms(value: string): readonly string[] {
  const cached = recent.get(value);
  if (cached) return cached;
  const forms = spellingsOf(value);
  // A batch meets the same client secret in every file: its forms are worked out once.
  if (recent.size >= RECENT) recent.delete(recent.keys().next().value as string);
  recent.set(value, forms);
  return forms;
}

/** {@link secretForms}, worked out. */
function spellingsOf(value: string): string[] {
  const all = new Map<string, string>();
  // The case of ASCII letters is ignored by the matching; only non-ASCII ones encode differently.
  const cased = /[^\u0000-\u007f]/.test(value) ? [value.toUpperCase(), value.toLowerCase()] : []; // eslint-disable-line no-control-regex
  for (const variant of new Set([value, ...cased, ...mojibake(value)])) addForms(all, encodedForms(variant));
  for (const binary of binaryForms(value)) addForms(all, binarySpellings(binary));
  return [...all.values()];
}

/** A base64 or hex text as a URL, JSON or HTML holds it (only `+`, `/` and `=` change). */
function binarySpellings(text: string): string[] {
  const forms = [text, encodeURIComponent(text), text.replace(/\//g, '\\/')];
  return forms.flatMap((form) => [form, ...htmlForms(form)]);
}

/**
 * The credentials of a Basic header for `id` and `secret`: base64 of `id:secret`, and of the
 * form-encoded pair that RFC 6749 §2.3.1 asks for, with and without `=` padding.
 */
export function basicCredentials(id: string, secret: string): string[] {
  const pairs = [`${id}:${secret}`, `${formEncoded(id)}:${formEncoded(secret)}`];
  return [...new Set(pairs.flatMap((pair) => base64Forms(Buffer.from(pair, 'utf8')).slice(0, 2)))];
}

/** The spellings of a Basic header's credentials (see {@link basicCredentials}). */
export function credentialForms(credentials: string): string[] {
  return binarySpellings(credentials);
}

/** Values shorter than this are not hidden: they would blank out ordinary text. */
export const MIN_SECRET_LENGTH = 4;

/**
 * A function replacing every form of every secret in a text with `replacement`, ignoring case.
 * The forms are worked out on the first call: most requests never need them.
 */
export function secretRedactor(secrets: Iterable<string>, replacement: string): (text: string) => string {
  const values = [...secrets].filter((s) => s && s.length >= MIN_SECRET_LENGTH);
  let matcher: SpellingMatcher | undefined;
  return (text) => {
    if (values.length === 0) return text;
    matcher ??= new SpellingMatcher(values.flatMap((v) => secretForms(v)));
    return matcher.replace(text, replacement);
  };
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
