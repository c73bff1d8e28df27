/**
 * One request rate for the whole process. ANAF allows about 1000 requests a minute and answers 429
 * beyond; a batch must run at that limit, never above it. Every request this process sends goes
 * through the transport's agents (`transport.ts`), which wait for a slot of the one active
 * {@link RateLimiter} before a socket is even chosen.
 */
import { AnafPostmanError } from '../errors';
import type { Rate } from './rate';

/**
 * The longest a 429's `Retry-After` pauses the process's requests. A server may send any number
 * (`Retry-After: 99999999`): past Node's timer range (2^31-1 ms) a timer fires at once and would
 * spin; and a pause of hours is a blocked application, not a pause, which the requests' own
 * failures report better. A minute is what token requests honour too (`maxRetryAfterMs`).
 */
export const MAX_PAUSE_MS = 60_000;

/** A slot of the rate limit, given to one request. */
export interface Grant {
  /** The request has left (its last byte handed to the network): the log counts it from now. */
  sent(): void;
}

/**
 * Paced grants (a token bucket: a burst of a tenth of the limit, then one every `(window + margin) /
 * limit`) under a sliding-window log (a grant only when the one `limit` places back was sent longer
 * ago than the window plus the margin). Pacing avoids large bursts, which the server would see
 * bunched by network and CPU jitter; the log is the hard cap. The log holds when each request
 * actually left ({@link Grant.sent}), not when it was allowed to: a request that first opens a
 * connection (a proxy's tunnel, a TLS handshake) reaches the server later than its grant, and the
 * requests granted after it on open connections must not catch up with it. The margin (5 % of the
 * window, at most 1 s) absorbs what remains between our clock and the server's arrivals, so the
 * server never counts more than `limit` in any window. FIFO, so no caller starves. A 429's
 * `Retry-After` pauses every caller, not only the one that got it.
 */
export class RateLimiter {
  readonly rate: Rate;
  /** The last `limit` grants, a ring: when each was sent (its grant time until then). */
  private readonly grants: number[];
  /** Which grant holds each slot of the ring (a late `sent` must not move a newer grant's time). */
  private readonly owners: number[];
  private issued = 0;
  private head = 0;
  private count = 0;
  private readonly waiting: ((grant: Grant) => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private pausedUntil = 0;
  private readonly marginMs: number;

  constructor(
    rate: Rate,
    private readonly now: () => number = Date.now,
  ) {
    this.rate = rate;
    this.grants = new Array<number>(rate.limit).fill(0);
    this.owners = new Array<number>(rate.limit).fill(-1);
    this.marginMs = Math.min(1000, Math.round(rate.windowMs * 0.05));
    this.intervalMs = (rate.windowMs + this.marginMs) / rate.limit;
    this.burst = Math.max(1, Math.floor(rate.limit / 10));
    this.credit = this.burst;
  }

  private readonly intervalMs: number;
  /** A small batch (a tenth of the limit) goes at once; beyond it, grants are paced. */
  private readonly burst: number;
  private credit: number;
  private refilledAt = 0;

  /**
   * Resolves when this request may be sent. `signal` gives the place up: the promise rejects with
   * its reason, and a queue of requests nobody waits for any more keeps no timer (nor the process)
   * alive.
   */
  acquire(signal?: AbortSignal): Promise<Grant> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const grant = (granted: Grant) => {
        signal?.removeEventListener('abort', cancel);
        resolve(granted);
      };
      const cancel = () => {
        const at = this.waiting.indexOf(grant);
        if (at >= 0) this.waiting.splice(at, 1);
        if (this.waiting.length === 0 && this.timer) {
          clearTimeout(this.timer);
          this.timer = undefined;
        }
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', cancel, { once: true });
      this.waiting.push(grant);
      this.pump();
    });
  }

  /** No request is granted before `ms` from now (a 429's `Retry-After`), at most {@link MAX_PAUSE_MS}. */
  pause(ms: number): void {
    const capped = Number.isFinite(ms) ? Math.min(Math.max(0, ms), MAX_PAUSE_MS) : MAX_PAUSE_MS;
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + capped);
  }

  /** Requests waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** When the next slot opens (ms from now, 0 = now). */
  private delay(): number {
    const t = this.now();
    // Token bucket for the pacing: `burst` credits, one more every interval.
    this.credit = Math.min(this.burst, this.credit + (t - this.refilledAt) / this.intervalMs);
    this.refilledAt = t;
    let wait = Math.max(0, this.pausedUntil - t, (1 - this.credit) * this.intervalMs);
    if (this.count === this.rate.limit) {
      // The oldest grant of the last `limit`: the window must have moved past it.
      const oldest = this.grants[this.head];
      if (oldest === undefined) {
        throw new AnafPostmanError('INTERNAL', `rate limiter: slot ${this.head} of ${this.grants.length}`);
      }
      wait = Math.max(wait, oldest + this.rate.windowMs + this.marginMs - t);
    }
    return wait;
  }

  private pump(): void {
    if (this.timer) return;
    while (this.waiting.length > 0) {
      const wait = this.delay();
      if (wait > 0) {
        // Not unref'd: a request waiting here is work under way, and nothing else may keep the
        // process alive meanwhile. A request given up leaves the queue (acquire's signal) and the
        // pause is capped, so no timer outlives the work by more than that.
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, wait);
        return;
      }
      // Credit accrues by the clock, so a timer that fired late does not push later grants back.
      this.credit -= 1;
      const slot = this.head;
      const id = this.issued++;
      this.grants[slot] = this.now();
      this.owners[slot] = id;
      this.head = (this.head + 1) % this.rate.limit;
      this.count = Math.min(this.count + 1, this.rate.limit);
      this.waiting.shift()!({
        sent: () => {
          if (this.owners[slot] === id) this.grants[slot] = Math.max(this.grants[slot] ?? 0, this.now());
        },
      });
    }
  }
}

let active: { limiter: RateLimiter; users: number } | undefined;

/**
 * Makes `rate` the process's limit until the returned function is called (nested users of the same
 * rate share one limiter; the first rate set wins while it is in use, so two batches in one process
 * still share one budget).
 */
export function useRateLimit(rate: Rate): () => void {
  if (active) active.users++;
  else active = { limiter: new RateLimiter(rate), users: 1 };
  const mine = active;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--mine.users === 0 && active === mine) active = undefined;
  };
}

/** The process's limiter, when a batch has set one. */
export function activeLimiter(): RateLimiter | undefined {
  return active?.limiter;
}

/** `Retry-After` as ms (seconds or an HTTP date), or undefined. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  if (!text) return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(text);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}
