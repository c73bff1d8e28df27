/**
 * ANAF's clock as it quotes it: `YYYYMMDDHHmm` timestamps and `dd-MM-yyyy HH:mm:ss` times, in
 * Romania's wall time like the real service (never UTC).
 */

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
      second: '2-digit',
      hourCycle: 'h23',
    });
    return format;
  } catch {
    // A Node built without time-zone data: fall back to UTC below.
    return undefined;
  }
}

type Part = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';

/** The parts of `ms` on Romania's wall clock (UTC on a Node without time-zone data). */
function wallClock(ms: number): Record<Part, string> {
  const date = new Date(ms);
  const fmt = formatter();
  const parts = fmt
    ? fmt.formatToParts(date).map((p) => [p.type, p.value] as const)
    : date
        .toISOString()
        .split(/\D/)
        .slice(0, 6)
        .map(
          (value, i) => [(['year', 'month', 'day', 'hour', 'minute', 'second'] as const)[i], value] as const,
        );
  const part = new Map<string, string>(parts.map(([type, value]) => [String(type), value]));
  const get = (name: Part) => part.get(name) ?? '00';
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** `ms` as `YYYYMMDDHHmm`. */
export function anafTimestamp(ms: number): string {
  const t = wallClock(ms);
  return `${t.year}${t.month}${t.day}${t.hour}${t.minute}`;
}

/**
 * `ms` as `dd-MM-yyyy HH:mm:ss`, the way the e-Factura lists quote a time back, ANAF's own request
 * moment included (`… fata de momentul requestului = 30-07-2026 15:15:27`, Romania's wall time).
 */
export function anafDateTime(ms: number): string {
  const t = wallClock(ms);
  return `${t.day}-${t.month}-${t.year} ${t.hour}:${t.minute}:${t.second}`;
}

/** Romania's calendar day of `ms`, `YYYYMMDD`: ANAF's "in cursul zilei". */
export function romanianDay(ms: number): string {
  return anafTimestamp(ms).slice(0, 8);
}

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;
