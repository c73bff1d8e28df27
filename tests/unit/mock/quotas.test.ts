import { DailyQuotas } from '../../../src/mock/quotas';

/** Whether a one-a-day quota taken at `first` is free again at `then`. */
function freeAgain(first: string, then: string): boolean {
  const quotas = new DailyQuotas();
  expect(quotas.take('k', 1, Date.parse(first))).toBe(true);
  return quotas.take('k', 1, Date.parse(then));
}

describe('DailyQuotas: ANAF’s day is Romania’s', () => {
  it.each([
    [
      'winter (EET): 23:30 and 23:59 in Bucharest are one day',
      '2026-02-10T21:30:00Z',
      '2026-02-10T21:59:59Z',
      false,
    ],
    [
      'winter: midnight in Bucharest is 22:00 UTC, a new day',
      '2026-02-10T21:30:00Z',
      '2026-02-10T22:00:01Z',
      true,
    ],
    [
      'summer (EEST): midnight in Bucharest is 21:00 UTC',
      '2026-07-10T20:59:00Z',
      '2026-07-10T21:00:01Z',
      true,
    ],
    [
      'UTC midnight is 02:00 in Bucharest, the same day',
      '2026-02-10T23:59:00Z',
      '2026-02-11T00:00:01Z',
      false,
    ],
    ['the next afternoon', '2026-02-10T12:00:00Z', '2026-02-11T12:00:00Z', true],
  ])('%s', (_name, first, then, expected) => {
    expect(freeAgain(first, then)).toBe(expected);
  });

  it('counts each key on its own', () => {
    const quotas = new DailyQuotas();
    const now = Date.parse('2026-02-10T12:00:00Z');
    expect([quotas.take('a', 2, now), quotas.take('a', 2, now), quotas.take('a', 2, now)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(quotas.take('b', 2, now)).toBe(true);
  });
});
