/**
 * One request rate for the whole process. ANAF allows about 1000 requests a minute and answers 429
 * beyond; a batch must run at that limit, never above it. Every request this process sends (the
 * token POSTs and Newman's requests) goes through the same keep-alive agents, and those wait for a
 * slot of the one active {@link RateLimiter} before a socket is even chosen.
 */
import http from 'node:http';
import https from 'node:https';
import { AnafPostmanError } from '../errors';
import type { Rate } from './rate';

/**
 * Paced grants (a token bucket: a burst of a tenth of the limit, then one every `(window + margin) /
 * limit`) under a sliding-window log (a grant only when the one `limit` places back is older than
 * the window plus the margin). Pacing avoids large bursts, which the server would see bunched by
 * network and CPU jitter; the log is the hard cap;
 * the margin (5 % of the window, at most 1 s) absorbs the jitter between our clock and the
 * server's arrivals, so the server never counts more than `limit` in any window. FIFO, so no
 * caller starves. A 429's `Retry-After` pauses every caller, not only the one that got it.
 */
export class RateLimiter {
  readonly rate: Rate;
  private readonly grants: number[];
  private head = 0;
  private count = 0;
  private readonly waiting: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private pausedUntil = 0;
  private readonly marginMs: number;

  constructor(
    rate: Rate,
    private readonly now: () => number = Date.now,
  ) {
    this.rate = rate;
    this.grants = new Array<number>(rate.limit).fill(0);
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

  /** Resolves when this request may be sent. */
  acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.pump();
    });
  }

  /** No request is granted before `ms` from now (a 429's `Retry-After`). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
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
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, wait);
        return;
      }
      // Credit accrues by the clock, so a timer that fired late does not push later grants back.
      this.credit -= 1;
      this.grants[this.head] = this.now();
      this.head = (this.head + 1) % this.rate.limit;
      this.count = Math.min(this.count + 1, this.rate.limit);
      this.waiting.shift()!();
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
function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  if (!text) return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(text);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

type AddRequest = (req: http.ClientRequest, options: object) => void;

/** Waits for a slot before handing the request to the agent, and turns a 429 into a pause for all. */
function limitedAddRequest(base: AddRequest): AddRequest {
  return function (this: http.Agent, req, options) {
    req.once('response', (res: http.IncomingMessage) => {
      if (res.statusCode === 429) activeLimiter()?.pause(retryAfterMs(res.headers['retry-after']) ?? 1000);
    });
    const limiter = activeLimiter();
    if (!limiter) return base.call(this, req, options);
    // A throw while handing over (a bad proxy setting) fails this request, never the process.
    limiter
      .acquire()
      .then(() => base.call(this, req, options))
      .catch((err: unknown) => req.destroy(err instanceof Error ? err : new Error(String(err))));
  };
}

// `addRequest` is Node's (stable, undocumented) hook between a request and its socket.
type WithAddRequest = { addRequest: AddRequest };

/** `agent`, its requests waiting for the process's rate limit (when a batch set one). */
export function rateLimited<T extends http.Agent>(agent: T): T {
  const a = agent as unknown as WithAddRequest;
  a.addRequest = limitedAddRequest(a.addRequest.bind(agent));
  return agent;
}

/** Keep-alive agents every request of the process uses (token POSTs and Newman's requests). */
export const sharedAgents = {
  http: rateLimited(new http.Agent({ keepAlive: true, maxSockets: 64 })),
  https: rateLimited(new https.Agent({ keepAlive: true, maxSockets: 64 })),
};

/** The shared agent for a URL's protocol. */
export function sharedAgent(protocol: string): http.Agent {
  return protocol === 'https:' ? sharedAgents.https : sharedAgents.http;
}
