/**
 * The demo: the whole ANAF flow on the built-in mock, through the real committed collection.
 * authorize (approved headlessly) → exchange → hello → upload → status → list → download →
 * validate; then an access token is left to expire and the collection's pre-request script
 * refreshes and rotates it before the next request.
 */
import { mockValues } from './environment';
import { mainFlow } from './flow';
import { autoRefresh, expiry, shortLivedToken } from './rotation';
import { Steps } from './steps';
import type { DemoOptions, DemoResult } from './types';

/**
 * Runs the demo on a mock of its own (a free port), closed before returning, or on `options.mock`.
 * Prints nothing: `options.onStep` sees each step as it ends.
 * @returns every step, all passed.
 * @throws AnafPostmanError `ASSERTIONS_FAILED` naming the first failed step (`details.steps` holds
 *   the steps so far), or `USAGE` when the mock cannot start.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const started = Date.now();
  const timeoutMs = options.timeoutRequestMs ?? 10_000;
  const steps = new Steps(options.onStep);
  const { startMock } = require('../mock') as typeof import('../mock');
  const mock = options.mock ?? (await startMock({ port: 0 }));
  try {
    steps.add({
      name: options.mock ? 'use the given ANAF mock' : 'start the ANAF mock on a free port',
      ok: true,
      detail: mock.url,
      ms: Date.now() - started,
    });
    let values = await mainFlow(mock, steps, mockValues(mock.url), timeoutMs);
    values = await shortLivedToken(mock, steps, values, options.shortTtlSeconds ?? 2, timeoutMs);
    await expiry(mock, steps, values);
    await autoRefresh(mock, steps, values, timeoutMs);
    return { steps: steps.list, mockUrl: mock.url, totalMs: Date.now() - started };
  } finally {
    if (!options.mock) await mock.close();
  }
}
