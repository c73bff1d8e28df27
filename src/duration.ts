/** Durations as people type them on the command line: `90d`, `1h`, `120s`, `50ms`. */
import { AnafPostmanError } from './errors';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses `N[ms|s|m|h|d]` (a bare number means seconds) into milliseconds.
 * @throws AnafPostmanError `USAGE` naming `flag` when the text is not a duration.
 */
export function parseDuration(text: string | number, flag: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(String(text));
  if (!match) {
    throw new AnafPostmanError(
      'USAGE',
      `${flag} must be a duration like 90d, 12h, 30m, 120s or 50ms, not "${text}"`,
    );
  }
  return Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 's']);
}
