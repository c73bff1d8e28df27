/** Duration flags: a unit is required, so `7` can never silently mean 7 seconds. */
import { parseDuration } from '../../src/duration';
import { AnafPostmanError } from '../../src/errors';

function thrown(fn: () => unknown): AnafPostmanError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AnafPostmanError) return err;
    throw err;
  }
  throw new Error('expected an AnafPostmanError');
}

describe('parseDuration', () => {
  it.each([
    ['7d', 7 * 86_400_000],
    ['12h', 12 * 3_600_000],
    ['30m', 30 * 60_000],
    ['90s', 90_000],
    ['50ms', 50],
    [' 1.5h ', 5_400_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text, '--x')).toBe(ms);
  });

  it.each(['7', '0', '90', 7, '1.5'])('a bare number (%s) is refused with the units to say', (text) => {
    const err = thrown(() => parseDuration(text, '--if-expiring-within'));
    expect(err).toMatchObject({ code: 'USAGE', exitCode: 2 });
    expect(err.message).toContain('say 7d, 12h, 30m or 90s');
    expect(err.message).toMatch(/^--if-expiring-within: /);
  });

  it.each(['soon', '7 days', '-1d', ''])('%j is not a duration', (text) => {
    expect(thrown(() => parseDuration(text, '--x')).message).toMatch(/--x must be a duration/);
  });

  describe("newman's flags (--timeout-request, --delay-request): a bare number is milliseconds (#27)", () => {
    const newman = { examples: '30s, 2m or 30000ms', bareMs: true, bareMinMs: 1000 };
    it.each([
      ['30000', 30_000],
      ['1000', 1000],
      ['0', 0],
      ['30s', 30_000],
    ])('%s is %d ms', (text, ms) => {
      expect(parseDuration(text, '--timeout-request', newman)).toBe(ms);
    });

    it('a bare number too small to be meant is refused, saying what it would be and how to say seconds', () => {
      const err = thrown(() => parseDuration('30', '--timeout-request', newman));
      expect(err).toMatchObject({ code: 'USAGE', exitCode: 2 });
      expect(err.message).toBe(
        '--timeout-request: "30" would be 30 ms (a bare number is milliseconds, as in newman); ' +
          'say 30s for seconds, or 30ms if you mean it',
      );
      expect(err.message).not.toMatch(/7d|days/);
    });
  });
});
