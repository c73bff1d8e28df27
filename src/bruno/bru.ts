/**
 * Writing Bruno's `.bru` language: named blocks holding `key: value` lines (a dictionary) or
 * free text. Bruno ends a block at a `}` in the first column, so every line inside is indented.
 */

/** One line of a dictionary block; `enabled: false` writes it with Bruno's `~` (off). */
export interface BruEntry {
  key: string;
  value: string;
  enabled?: boolean;
}

/** A key with `:`, quotes, braces or spaces must be quoted, or the parser splits it wrongly. */
function key(name: string): string {
  return /[:"{} ]/.test(name) ? `"${name.replace(/"/g, '\\"')}"` : name;
}

/** Values must fit on one line: Bruno reads a value up to the end of its line. */
function value(text: string): string {
  if (/[\r\n]/.test(text))
    throw new Error(`bruno: a one-line value holds a line break: ${JSON.stringify(text)}`);
  return text;
}

function indent(text: string): string {
  return text
    .replace(/\s+$/, '')
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : `  ${line.replace(/\s+$/, '')}`))
    .join('\n');
}

/** `name { key: value … }`. */
export function dictBlock(name: string, entries: readonly BruEntry[]): string {
  const lines = entries.map((e) =>
    `  ${e.enabled === false ? '~' : ''}${key(e.key)}: ${value(e.value)}`.trimEnd(),
  );
  return `${name} {\n${lines.join('\n')}\n}`;
}

/** `name { text }` (a body, a script, docs); undefined when there is no text. */
export function textBlock(name: string, text: string | undefined): string | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return `${name} {\n${indent(text)}\n}`;
}

/** A whole file: its blocks separated by a blank line, ending in a newline. */
export function bruFile(blocks: readonly (string | undefined)[]): string {
  return `${blocks.filter((b): b is string => b !== undefined).join('\n\n')}\n`;
}
