/** ANAF's `YYYYMMDDHHmm` timestamps, in Romania's time zone like the real service. */

let format: Intl.DateTimeFormat | undefined;

function formatter(): Intl.DateTimeFormat | undefined {
  try {
    format ??= new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Bucharest',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    return format;
  } catch {
    // A Node built without time-zone data: fall back to UTC below.
    return undefined;
  }
}

/** `ms` as `YYYYMMDDHHmm`. */
export function anafTimestamp(ms: number): string {
  const date = new Date(ms);
  const fmt = formatter();
  if (!fmt) return date.toISOString().replace(/\D/g, '').slice(0, 12);
  const part = Object.fromEntries(fmt.formatToParts(date).map((p) => [p.type, p.value]));
  return `${part.year}${part.month}${part.day}${part.hour}${part.minute}`;
}

/** Romania's calendar day of `ms`, `YYYYMMDD`: ANAF's "in cursul zilei". */
export function romanianDay(ms: number): string {
  return anafTimestamp(ms).slice(0, 8);
}

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;
