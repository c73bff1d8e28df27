/**
 * The waits before a retry (backoff, `Retry-After`), shortened for tests. `ANAF_POSTMAN_WAIT_SCALE`
 * (a number above 0 and at most 1) multiplies each of them, so a suite that exercises retries does
 * not sit out real seconds; anything else, or nothing, leaves them as they are. Rate limits are never
 * scaled: the quota promise holds whatever this says.
 */

/** The scale in force: `ANAF_POSTMAN_WAIT_SCALE` when it is a number in (0, 1], else 1. */
export function waitScale(): number {
  const text = process.env.ANAF_POSTMAN_WAIT_SCALE;
  if (text === undefined || text.trim() === '') return 1;
  const scale = Number(text);
  return Number.isFinite(scale) && scale > 0 && scale <= 1 ? scale : 1;
}

/** `ms` of a retry wait, scaled by {@link waitScale}. */
export function retryWaitMs(ms: number): number {
  return Math.round(ms * waitScale());
}
