/**
 * The guide's final layout, and which template each of its lines came from. Both come from the same
 * line-based pass, so the attributed lines are exactly the lines written.
 */
import { MARK } from './renderer';

/** A line of the guide and the template (path) it came from, when known. */
export interface SourcedLine {
  text: string;
  origin?: string;
}

/** Splits a rendering (with or without {@link MARK}s) into lines, each with its innermost template. */
export function sourcedLines(rendered: string): SourcedLine[] {
  const lines: SourcedLine[] = [];
  const stack: string[] = [];
  let text = '';
  let origin: string | undefined;
  for (let i = 0; i < rendered.length; i++) {
    const c = rendered[i];
    if (c === MARK.open) {
      const close = rendered.indexOf(MARK.close, i);
      stack.push(rendered.slice(i + 1, close));
      i = close;
    } else if (c === MARK.end) {
      stack.pop();
    } else if (c === '\n') {
      lines.push({ text, origin });
      text = '';
      origin = undefined;
    } else {
      // A line belongs to the template that wrote its first visible character.
      if (origin === undefined && c !== ' ' && c !== '\t') origin = stack[stack.length - 1];
      text += c;
    }
  }
  lines.push({ text, origin });
  return lines;
}

/** Trailing blanks removed, runs of blank lines collapsed to one, none at either end. */
export function layout(lines: SourcedLine[]): SourcedLine[] {
  const out: SourcedLine[] = [];
  for (const line of lines) {
    const text = line.text.replace(/[ \t]+$/, '');
    if (text === '' && (out.at(-1)?.text ?? '') === '') continue;
    out.push({ text, origin: line.origin });
  }
  while (out.at(-1)?.text === '') out.pop();
  return out;
}

/** The lines as the file's text, ending with one newline. */
export function joinLines(lines: SourcedLine[]): string {
  return `${lines.map((l) => l.text).join('\n')}\n`;
}

/** The template of the first line where `actual` differs from `expected`, or undefined when equal. */
export function firstChangedOrigin(expected: SourcedLine[], actual: string): string | undefined {
  const got = actual.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  const n = Math.max(expected.length, got.length);
  for (let i = 0; i < n; i++) {
    if (expected[i]?.text !== got[i]) {
      const at = expected[Math.min(i, expected.length - 1)];
      // A blank or unattributed line: the nearest attributed line above it.
      for (let j = Math.min(i, expected.length - 1); j >= 0; j--) {
        const origin = expected[j]?.origin;
        if (origin) return origin;
      }
      return at?.origin;
    }
  }
  return undefined;
}
