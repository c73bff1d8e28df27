/**
 * Shell words for the guide's curl commands. A word is literal text and shell variables
 * (`$ACCESS_TOKEN`), quoted so that a POSIX shell reads back exactly that text with the variables
 * expanded, whatever characters the reader's values hold.
 */

/** Part of a word: literal text, or a shell variable to expand. */
export type WordPart = { text: string } | { shellVar: string };

const BARE = /^[A-Za-z0-9_./:=@%+,-]+$/;
const NAME_CHAR = /^[A-Za-z0-9_]/;

function singleQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** One shell word. Literal text is left bare when safe, else quoted; variables keep their `$`. */
export function shellWord(parts: WordPart[]): string {
  const merged: WordPart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if ('text' in part && last && 'text' in last) merged[merged.length - 1] = { text: last.text + part.text };
    else if (!('text' in part) || part.text !== '') merged.push(part);
  }
  if (merged.length === 0) return "''";
  if (merged.every((p) => 'text' in p)) {
    const text = (merged[0] as { text: string }).text;
    return BARE.test(text) ? text : singleQuoted(text);
  }
  const varRef = (name: string, next: WordPart | undefined) =>
    next && 'text' in next && NAME_CHAR.test(next.text) ? `\${${name}}` : `$${name}`;
  // `!` means history expansion inside double quotes in an interactive bash: quote such text apart.
  if (merged.some((p) => 'text' in p && p.text.includes('!'))) {
    return merged
      .map((p, i) => ('text' in p ? singleQuoted(p.text) : `"${varRef(p.shellVar, merged[i + 1])}"`))
      .join('');
  }
  const body = merged
    .map((p, i) => ('text' in p ? p.text.replace(/[\\"$`]/g, '\\$&') : varRef(p.shellVar, merged[i + 1])))
    .join('');
  return `"${body}"`;
}

/** A curl option and its argument (or a lone flag, or the URL when `flag` is empty). */
export interface CurlArg {
  flag: string;
  value?: WordPart[];
}

/**
 * A curl command, one option per line. Only `-sS`, `-X`, `-H`, `-u`, `--data-urlencode`,
 * `--data-binary @file` and the URL are used, so the tests can run it with or without curl.
 */
export function curlCommand(method: string, args: CurlArg[], url: WordPart[]): string {
  const first = method === 'GET' ? 'curl -sS' : `curl -sS -X ${method}`;
  const lines = [
    first,
    ...args.map((a) => (a.value ? `${a.flag} ${shellWord(a.value)}` : a.flag)),
    shellWord(url),
  ];
  return lines.map((line, i) => (i === 0 ? line : `  ${line}`)).join(' \\\n');
}
