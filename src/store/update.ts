/** Applying new variable values to an environment without disturbing anything else. */
import { SECRET_VARS, type VarName } from '../anaf';
import { BOM, valueText, type RawEnvironment } from './environment-file';

/**
 * The part of `updates` that would change `env`: a value that differs from the variable's, a
 * variable that is missing, or one that is disabled (writing it enables it: see {@link applyUpdates}).
 */
export function effectiveUpdates(
  env: RawEnvironment,
  updates: Record<string, string>,
): Record<string, string> {
  const byKey = new Map(env.values.map((v) => [v.key, v]));
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(updates)) {
    const v = byKey.get(key);
    if (!v || v.enabled === false || valueText(v.value) !== value) out[key] = value;
  }
  return out;
}

/**
 * Returns a copy of `env` with `updates` applied: existing variables keep their position, type
 * and unknown fields (Newman's own export would turn `secret` into `any`); new ones are appended,
 * typed `secret` when the contract says so.
 *
 * A disabled variable that receives a value is enabled: every reader (this tool, Postman, a run,
 * which hides disabled variables from Newman) ignores a disabled entry, so a rotated refresh token
 * saved there would never be used and the next refresh would send the old one, which ANAF has
 * already revoked (`invalid_grant`: a person would have to authorize again).
 */
export function applyUpdates(env: RawEnvironment, updates: Record<string, string>): RawEnvironment {
  const pending = new Map(Object.entries(updates));
  const values = env.values.map((v) => {
    if (!pending.has(v.key)) return v;
    const value = pending.get(v.key) as string;
    pending.delete(v.key);
    return v.enabled === false ? { ...v, value, enabled: true } : { ...v, value };
  });
  for (const [key, value] of pending) {
    values.push({
      key,
      value,
      type: SECRET_VARS.includes(key as VarName) ? 'secret' : 'default',
      enabled: true,
    });
  }
  return { ...env, values };
}

/** How an environment file is laid out, so that writing it back changes only values. */
export interface TextFormat {
  /** A UTF-8 byte-order mark at the start. */
  bom: boolean;
  /** One level of indentation (`'  '`, `'    '`, `'\t'`…); `''` for JSON on a single line. */
  indent: string;
  /** Line ending: `'\n'` or `'\r\n'`. */
  eol: '\n' | '\r\n';
  /** Whitespace after the closing brace (`'\n'`, `'\r\n'`, `''`…), kept as it was. */
  trailing: string;
}

/** Postman's own layout: 2 spaces, LF, a final newline. */
export const POSTMAN_FORMAT: TextFormat = { bom: false, indent: '  ', eol: '\n', trailing: '\n' };

/** The layout of `text` (an environment file's content, byte-order mark included if any). */
export function textFormat(text: string): TextFormat {
  const bom = text.startsWith(BOM);
  const body = bom ? text.slice(BOM.length) : text;
  const eol = body.includes('\r\n') && !/(^|[^\r])\n/.test(body) ? '\r\n' : '\n';
  const trimmed = body.trimEnd();
  const trailing = body.slice(trimmed.length);
  // One line: minified JSON stays minified. Several lines: the first indented line gives the unit.
  const indent = /\n/.test(trimmed) ? (/\n([ \t]+)\S/.exec(trimmed)?.[1] ?? POSTMAN_FORMAT.indent) : '';
  return { bom, indent: indent.slice(0, 10), eol, trailing };
}

/**
 * Serializes an environment: in the layout of `original` (the file's text: indentation, line
 * endings, final newline or not, byte-order mark) when given, else as Postman does (2-space JSON,
 * LF, final newline). Pure: no file is read.
 */
export function environmentText(env: RawEnvironment, original?: string): string {
  const format = original === undefined ? POSTMAN_FORMAT : textFormat(original);
  let json = JSON.stringify(env, null, format.indent);
  if (format.eol === '\r\n') json = json.replace(/\n/g, '\r\n');
  return `${format.bom ? BOM : ''}${json}${format.trailing}`;
}
