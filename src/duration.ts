/** Durations as people type them on the command line: `90d`, `12h`, `30m`, `90s`, `50ms`. */
import { AnafPostmanError } from './errors';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The units a duration flag accepts, for `--help` texts. */
export const DURATION_UNITS = 'd (days), h (hours), m (minutes), s (seconds), ms';

/** How a flag reads a duration beyond `N<unit>`. */
export interface DurationFlag {
  /** Examples named when the text is refused (default `7d, 12h, 30m or 90s`). */
  examples?: string;
  /**
   * A bare number is milliseconds, as newman reads `--timeout-request` and `--delay-request`;
   * below `bareMinMs` it is refused, saying what it would have meant (`30` = 30 ms is a typo for 30s).
   */
  bareMs?: boolean;
  bareMinMs?: number;
}

/**
 * Parses `N<unit>` (`ms`, `s`, `m`, `h`, `d`) into milliseconds. A bare number is refused unless
 * the flag reads it as milliseconds (`bareMs`, newman's flags): whether `7` meant seconds or days
 * cannot be known, and guessing seconds made `--if-expiring-within 7` refresh almost nothing.
 * @throws AnafPostmanError `USAGE` naming `flag` when the text is not a duration with a unit.
 */
export function parseDuration(text: string | number, flag: string, how: DurationFlag = {}): number {
  const shown = String(text);
  const examples = how.examples ?? '7d, 12h, 30m or 90s';
  if (/^\s*\d+(?:\.\d+)?\s*$/.test(shown)) {
    const ms = Number(shown);
    // 0 is newman's "no timeout".
    if (how.bareMs && (ms === 0 || ms >= (how.bareMinMs ?? 0))) return Math.round(ms);
    if (how.bareMs) {
      throw new AnafPostmanError(
        'USAGE',
        `${flag}: "${shown.trim()}" would be ${shown.trim()} ms (a bare number is milliseconds, as in newman); ` +
          `say ${shown.trim()}s for seconds, or ${shown.trim()}ms if you mean it`,
      );
    }
    throw new AnafPostmanError(
      'USAGE',
      `${flag}: "${shown}" has no unit; say ${examples} (units: ${DURATION_UNITS})`,
    );
  }
  const [, amount, unit] = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(shown) ?? [];
  const unitMs = unit === undefined ? undefined : UNIT_MS[unit];
  if (amount === undefined || unitMs === undefined) {
    throw new AnafPostmanError('USAGE', `${flag} must be a duration like ${examples}, not "${shown}"`);
  }
  return Math.round(Number(amount) * unitMs);
}
