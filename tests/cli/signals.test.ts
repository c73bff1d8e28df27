/** Issue #13 item 5: after the first signal, a deadline ends the process even if the work in flight hangs. */
import { shutdownDeadlineMs } from '../../src/cli/run';
import { onInterrupt } from '../../src/cli/signals';

describe('onInterrupt', () => {
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());

  it('the shutdown deadline exits 130 when the work in flight does not finish', async () => {
    const exits: number[] = [];
    let first = 0;
    const restore = onInterrupt(() => first++, { deadlineMs: 100, exit: (c) => exits.push(c) });
    try {
      process.emit('SIGTERM', 'SIGTERM');
      expect(first).toBe(1);
      expect(exits).toEqual([]);
      await new Promise((r) => setTimeout(r, 300));
      expect(exits).toEqual([130]);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toMatch(/still busy.*stopping now/);
    } finally {
      restore();
    }
  });

  it('a second signal exits at once; restoring clears the deadline', async () => {
    const exits: number[] = [];
    const restore = onInterrupt(() => undefined, { deadlineMs: 100, exit: (c) => exits.push(c) });
    process.emit('SIGINT', 'SIGINT');
    process.emit('SIGINT', 'SIGINT');
    expect(exits).toEqual([130]);
    restore();
    await new Promise((r) => setTimeout(r, 200));
    expect(exits).toEqual([130]);
  });
});

describe('run: the shutdown deadline after the first signal', () => {
  it('outlasts the item in flight (a script token request and its own request) and a token attempt', () => {
    expect(shutdownDeadlineMs()).toBeGreaterThan(2 * 30_000);
    expect(shutdownDeadlineMs(60_000, 5_000)).toBeGreaterThan(2 * 60_000 + 5_000);
    expect(shutdownDeadlineMs(1_000)).toBeGreaterThan(30_000);
  });

  it('is finite when requests have no timeout (--timeout-request 0s): a request that never ends is cut', () => {
    expect(shutdownDeadlineMs(0)).toBe(45_000);
  });
});
