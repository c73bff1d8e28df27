/** The requests the mock received, for tests to inspect. */
import type { IncomingHttpHeaders } from 'node:http';
import type { RecordedRequest } from './types';

/** Kept requests; the oldest are dropped past this, so a long-running mock does not grow without end. */
export const MAX_RECORDED = 10_000;

/** Bytes of a body the log keeps; the rest is dropped (`bodySize` still says how much came). */
export const RECORDED_BODY_LIMIT = 64 * 1024;

/** Bytes of bodies the whole log keeps; the oldest requests are dropped past this. */
export const RECORDED_BYTES_LIMIT = 32 * 1024 * 1024;

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
  private bytes = 0;

  /**
   * Keeps `request`, its body cut at {@link RECORDED_BODY_LIMIT}: without the cut, a hundred 10 MB
   * uploads held a gigabyte and `GET /__mock/requests` could no longer serialise the log.
   */
  add(request: RecordedRequest): void {
    const size = Buffer.byteLength(request.body);
    const kept =
      size > RECORDED_BODY_LIMIT
        ? {
            ...request,
            body: Buffer.from(request.body).subarray(0, RECORDED_BODY_LIMIT).toString('utf8'),
            bodyTruncated: true,
          }
        : request;
    this.list.push(kept);
    this.bytes += Buffer.byteLength(kept.body);
    while (this.list.length > MAX_RECORDED || (this.bytes > RECORDED_BYTES_LIMIT && this.list.length > 1)) {
      const dropped = this.list.shift();
      if (dropped) this.bytes -= Buffer.byteLength(dropped.body);
    }
  }

  /** Copies, so a test cannot change what the mock recorded. */
  get(path?: string): RecordedRequest[] {
    return this.list
      .filter((r) => path === undefined || r.path === path)
      .map((r) => ({ ...r, query: { ...r.query }, headers: { ...r.headers } }));
  }

  clear(): void {
    this.list = [];
    this.bytes = 0;
  }
}
