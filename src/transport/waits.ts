/**
 * The waits before a retry (backoff, `Retry-After`), shortened for tests against the mock.
 * `ANAF_POSTMAN_WAIT_SCALE` (a number above 0 and at most 1) multiplies the waits for requests to
 * this machine (a loopback host: the mock), so a suite that exercises retries does not sit out real
 * seconds. A wait for any other host, ANAF's above all, is never shortened: a 429's `Retry-After` is
 * ANAF's rate limit and is honoured in full whatever this says.
 */
import { isLoopbackHostname } from '../anaf';

/** The scale in force: `ANAF_POSTMAN_WAIT_SCALE` when it is a number in (0, 1], else 1. */
export function waitScale(): number {
  const text = process.env.ANAF_POSTMAN_WAIT_SCALE;
  if (text === undefined || text.trim() === '') return 1;
  const scale = Number(text);
  return Number.isFinite(scale) && scale > 0 && scale <= 1 ? scale : 1;
}

/** `ms` of a retry wait for a request to `hostname`: scaled by {@link waitScale} on loopback only. */
export function retryWaitMs(ms: number, hostname: string): number {
  return isLoopbackHostname(hostname) ? Math.round(ms * waitScale()) : ms;
}
