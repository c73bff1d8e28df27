/** The process-wide rate limit: never more than the limit in any window, FIFO, 429 pauses everyone. */
import { formatRate, parseRate } from '../../../src/transport/rate';
import { MAX_PAUSE_MS, RateLimiter } from '../../../src/transport/rate-limit';
import { at, first } from '../../helpers/checked';

/** Drives a limiter with a fake clock and fake timers; returns the grant times. */
async function grants(limiter: RateLimiter, n: number, clock: { t: number }): Promise<number[]> {
  const times: number[] = [];
  const all = Array.from({ length: n }, () => limiter.acquire().then(() => times.push(clock.t)));
  while (times.length < n) {
    const before = times.length;
    await Promise.resolve();
    await Promise.resolve();
    if (times.length === before) {
      clock.t += 1;
      jest.advanceTimersByTime(1);
    }
  }
  await Promise.all(all);
  return times;
}

function maxInWindow(times: number[], windowMs: number): number {
  let max = 0;
  let j = 0; // the first grant inside the window ending at grant i
  for (const [i, t] of times.entries()) {
    while (t - at(times, j) >= windowMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

describe('RateLimiter', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('no window of 1 s ever holds more than 60 grants at 60/s, and it runs close to the limit', async () => {
    const clock = { t: 0 };
    const limiter = new RateLimiter(parseRate('60/s'), () => clock.t);
    const times = await grants(limiter, 300, clock);
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(60);
    // Paced: no 100 ms holds more than the burst (a tenth of the limit, 6) plus its share (6) and one.
    expect(maxInWindow(times, 100)).toBeLessThanOrEqual(13);
    // Close to the limit: at least 90 % of 60/s over the whole run.
    const perSecond = (times.length - 1) / ((at(times, -1) - first(times)) / 1000);
    expect(perSecond / 60).toBeGreaterThanOrEqual(0.9);
  });

  it('a 429 pause holds every caller', async () => {
    const clock = { t: 0 };
    const limiter = new RateLimiter(parseRate('100/s'), () => clock.t);
    limiter.pause(500);
    const times = await grants(limiter, 3, clock);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(500);
  });
});

describe('RateLimiter: pauses, places given up, requests that leave late', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('caps a pause at MAX_PAUSE_MS: Retry-After 99999999 s is a minute, not a timer past its range', async () => {
    const clock = { t: 0 };
    const limiter = new RateLimiter(parseRate('100/s'), () => clock.t);
    limiter.pause(99_999_999_000);
    const times = await grants(limiter, 1, clock);
    expect(first(times)).toBe(MAX_PAUSE_MS);
  });

  it('a place given up leaves the queue and stops the timer (nothing keeps the process alive)', async () => {
    const limiter = new RateLimiter(parseRate('100/s'));
    limiter.pause(30_000);
    const place = new AbortController();
    const waiting = limiter.acquire(place.signal);
    expect(limiter.queued).toBe(1);
    expect(jest.getTimerCount()).toBe(1);
    place.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    expect(limiter.queued).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('counts a request from when it left: one sent late holds back the grant a window after it', async () => {
    const clock = { t: 0 };
    const limiter = new RateLimiter(parseRate('2/s'), () => clock.t);
    const opened = await limiter.acquire();
    // Its request needed 400 ms (a tunnel, a handshake) before it left.
    clock.t = 400;
    opened.sent();
    const [second, third] = await grants(limiter, 2, clock);
    expect(second).toBeLessThan(1000); // paced, one every (1 s + 50 ms margin) / 2
    // The log holds 2: the third waits a window and its margin after the first *left* (not after 1050).
    expect(third).toBeGreaterThanOrEqual(400 + 1050);
  });
});

describe('parseRate', () => {
  it.each([
    ['900/min', 900, 60_000],
    ['60/s', 60, 1000],
    ['50000/h', 50_000, 3_600_000],
  ])('%s', (text, limit, windowMs) => {
    expect(parseRate(text)).toEqual({ limit, windowMs });
    expect(formatRate(parseRate(text))).toBe(text);
  });
  it.each(['900', '0/min', 'fast', '10/week'])('%s is refused', (text) => {
    expect(() => parseRate(text)).toThrow(/rate: .* say 900\/min or 15\/s/);
  });
});
