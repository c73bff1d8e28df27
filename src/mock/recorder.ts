/** The requests the mock received, for tests to inspect. */
import type { IncomingHttpHeaders } from 'node:http';
import type { RecordedRequest } from './types';

/** Kept requests; the oldest are dropped past this, so a long-running mock does not grow without end. */
export const MAX_RECORDED = 10_000;

/** Flattens Node's headers into lower-case name → string. */
export function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** First value of each query key. */
export function queryObject(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of query) if (!(key in out)) out[key] = value;
  return out;
}

/** Recorded requests, oldest first. */
export class Recorder {
  private list: RecordedRequest[] = [];

  add(request: RecordedRequest): void {
    this.list.push(request);
    if (this.list.length > MAX_RECORDED) this.list.splice(0, this.list.length - MAX_RECORDED);
  }

  /** Copies, so a test cannot change what the mock recorded. */
  get(path?: string): RecordedRequest[] {
    return this.list
      .filter((r) => path === undefined || r.path === path)
      .map((r) => ({ ...r, query: { ...r.query }, headers: { ...r.headers } }));
  }

  clear(): void {
    this.list = [];
  }
}
