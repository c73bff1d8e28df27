/**
 * A request rate (`900/min`) as the CLI takes it, and ANAF's: plain values, so `--help` can show
 * them without loading the limiter and its agents.
 */
import { optionError } from '../errors';

/** At most `limit` requests in any window of `windowMs`. */
export interface Rate {
  limit: number;
  windowMs: number;
}

/** ANAF's documented limit: 1000 requests a minute. */
export const ANAF_RATE: Rate = { limit: 1000, windowMs: 60_000 };

/** The default: 10 % under ANAF's limit, for clock skew and requests from elsewhere. */
export const DEFAULT_RATE: Rate = { limit: 900, windowMs: 60_000 };

const UNITS: Record<string, number> = { s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/**
 * Parses `900/min`, `60/s`, `15/sec`, `50000/h`.
 * @throws AnafPostmanError `USAGE` about the `rate` option.
 */
export function parseRate(text: string): Rate {
  const [, count, unit] = /^\s*(\d+)\s*\/\s*(s|sec|m|min|h)\s*$/.exec(text) ?? [];
  const limit = count === undefined ? NaN : Number(count);
  const windowMs = unit === undefined ? undefined : UNITS[unit];
  if (windowMs === undefined || !Number.isSafeInteger(limit) || limit < 1 || limit > 1_000_000) {
    throw optionError('USAGE', 'rate', `"${text}" is not a rate; say 900/min or 15/s`);
  }
  return { limit, windowMs };
}

/** `900/min`. */
export function formatRate(rate: Rate): string {
  const unit = ['s', 'min', 'h'].find((u) => UNITS[u] === rate.windowMs);
  return unit ? `${rate.limit}/${unit}` : `${rate.limit}/${rate.windowMs}ms`;
}
