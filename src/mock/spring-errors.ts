/**
 * ANAF's own HTTP error bodies (its services run on Spring): a missing required parameter or an
 * empty body is HTTP 400 `{timestamp, status, error, message}`; an unknown path is HTTP 404
 * `{timestamp, status, error, path}`.
 */
import { json, type Reply } from './http';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `dd-MM-yyyy HH:mm:ss`, the 400 answers' timestamp format (UTC here; ANAF's is local time). */
function dayTime(ms: number): string {
  const d = new Date(ms);
  return (
    `${pad(d.getUTCDate())}-${pad(d.getUTCMonth() + 1)}-${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

/** HTTP 400 with ANAF's wording of what is missing. */
export function badRequest(now: number, message: string): Reply {
  return json(400, { timestamp: dayTime(now), status: 400, error: 'Bad Request', message });
}

/** HTTP 404 for a path ANAF does not serve. */
export function notFound(now: number, path: string): Reply {
  return json(404, { timestamp: new Date(now).toISOString(), status: 404, error: 'Not Found', path });
}

/** True when a required query parameter is absent or empty. */
export function missing(query: URLSearchParams, ...names: string[]): boolean {
  return names.some((n) => (query.get(n) ?? '') === '');
}
