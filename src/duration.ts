/** Durations as people type them on the command line: `90d`, `12h`, `30m`, `90s`, `50ms`. */
import { AnafPostmanError } from './errors';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The units a duration flag accepts, for `--help` texts. */
export const DURATION_UNITS = 'd (days), h (hours), m (minutes), s (seconds), ms';

/**
 * Parses `N<unit>` (`ms`, `s`, `m`, `h`, `d`) into milliseconds. A bare number is refused: whether
 * `7` meant seconds or days cannot be known, and guessing seconds made `--if-expiring-within 7`
 * refresh almost nothing.
 * @throws AnafPostmanError `USAGE` naming `flag` when the text is not a duration with a unit.
 */
export function parseDuration(text: string | number, flag: string): number {
  const shown = String(text);
  if (/^\s*\d+(?:\.\d+)?\s*$/.test(shown)) {
    throw new AnafPostmanError(
      'USAGE',
      `${flag}: "${shown}" has no unit; say 7d, 12h, 30m or 90s (units: ${DURATION_UNITS})`,
    );
  }
  const [, amount, unit] = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(shown) ?? [];
  const unitMs = unit === undefined ? undefined : UNIT_MS[unit];
  if (amount === undefined || unitMs === undefined) {
    throw new AnafPostmanError(
      'USAGE',
      `${flag} must be a duration like 7d, 12h, 30m, 90s or 50ms, not "${shown}"`,
    );
  }
  return Math.round(Number(amount) * unitMs);
}
