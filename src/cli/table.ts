/** Plain-text tables for terminal summaries, never wider than a terminal's 100 columns. */
import { AnafPostmanError } from '../errors';

/** The widest table printed: fits a 100-column terminal and a CI log without wrapping. */
export const MAX_TABLE_WIDTH = 100;

/**
 * `text` shortened to `width` characters by cutting out its middle: a path keeps its start (the
 * folder) and its end (the file name), which are the parts that tell files apart.
 */
export function shortenMiddle(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 1) return '…'.slice(0, width);
  // A third from the start, two thirds from the end: a path's file name is what tells rows apart.
  const head = Math.floor((width - 1) / 3);
  const tail = width - 1 - head;
  return `${chars.slice(0, head).join('')}…${tail > 0 ? chars.slice(-tail).join('') : ''}`;
}

/** `text` cut to `width` characters at its end: a note keeps its first words (it is printed whole below). */
export function shortenEnd(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 1) return '…'.slice(0, width);
  return `${chars.slice(0, width - 1).join('')}…`;
}

const length = (text: string) => [...text].length;

/**
 * Renders rows under a header, columns padded to their widest cell, two spaces apart. When the
 * table would be wider than `maxWidth`, the first column and then the last are narrowed until it
 * fits: a path in the first column loses its middle (its folder and file name stay), a note in the
 * last column its end.
 */
export function table(header: string[], rows: string[][], maxWidth = MAX_TABLE_WIDTH): string {
  // Every row gets one cell per column: missing cells are empty, cells beyond the header dropped.
  const body = rows.map((r) => header.map((_, i) => r[i] ?? ''));
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((r) => length(r[i] ?? ''))));
  const total = () => widths.reduce((a, w) => a + w, 0) + 2 * (widths.length - 1);
  /** Narrows column `i` (when there is one) towards `min` until the table fits. */
  const narrow = (i: number, min: number) => {
    let width = widths[i];
    if (width === undefined) return;
    while (total() > maxWidth && width > min) widths[i] = --width;
  };
  // The first column (a file path) gives way first, down to 24 characters, then the last (a note) down to 60,
  // then the note further (its whole text is printed again below the table), then the path; the columns
  // between (dates, counts) are never cut.
  narrow(0, 24);
  narrow(widths.length - 1, 60);
  narrow(widths.length - 1, 16);
  narrow(0, 12);
  const line = (r: string[]) =>
    r
      .map((c, i) => {
        const width = widths[i];
        if (width === undefined) {
          throw new AnafPostmanError(
            'INTERNAL',
            `table: a row of ${r.length} cells for ${widths.length} columns`,
          );
        }
        const last = i === r.length - 1;
        const fitted = last && i > 0 ? shortenEnd(c, width) : shortenMiddle(c, width);
        return last ? fitted : fitted + ' '.repeat(width - length(fitted));
      })
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n') + '\n';
}

/**
 * Texts a table may have had to cut (a failure, a warning), listed whole below it, a line each
 * under `title:`; nothing when there are none.
 */
export function listBelow(title: string, lines: string[]): string {
  return lines.length === 0 ? '' : `\n${title}:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

/** A row's note without the `FILE: ` it may start with: the row's first column names the file already. */
export function noteOf(file: string, text: string): string {
  return text.startsWith(`${file}: `) ? text.slice(file.length + 2) : text;
}

/** `FILE: text`, without naming the file twice when the text already starts with it. */
export function withFile(file: string, text: string): string {
  return text.startsWith(`${file}:`) ? text : `${file}: ${text}`;
}
