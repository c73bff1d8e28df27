/**
 * Colour for terminal output: on a terminal, never when piped (CI logs, files), never with
 * `NO_COLOR`; `FORCE_COLOR` forces it into a pipe.
 */

/** Whether to colour what goes to `stream`. */
export function colourOn(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  // NO_COLOR wins (no-color.org: a user's standing wish); FORCE_COLOR then forces it into a pipe.
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.NODE_DISABLE_COLORS !== undefined && env.NODE_DISABLE_COLORS !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** Colouring functions; each returns its text unchanged when colour is off. */
export interface Palette {
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/** The palette for `on`. */
export function palette(on: boolean): Palette {
  const sgr = (open: number, close: number) => (text: string) =>
    on && text !== '' ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return { red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), dim: sgr(2, 22), bold: sgr(1, 22) };
}

/** A progress line of a run coloured by its mark: ✗ red, ✓ green, notes dim. */
export function colourLine(line: string, p: Palette): string {
  const trimmed = line.trimStart();
  if (trimmed.startsWith('✗')) return p.red(line);
  if (trimmed.startsWith('✓')) return p.green(line);
  if (trimmed.startsWith('[warn]')) return p.yellow(line);
  if (trimmed.startsWith('[')) return p.dim(line);
  return line;
}
