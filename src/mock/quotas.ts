/**
 * ANAF's daily quotas: counters per key and calendar day in Romania (ANAF counts "in cursul
 * zilei", its own day: midnight in Bucharest, 22:00 or 21:00 UTC), so a long-running mock forgets
 * yesterday's counts when ANAF would.
 */
import { romanianDay } from './clock';

/** Counts calls per key for the current day. */
export class DailyQuotas {
  private day = '';
  private readonly counts = new Map<string, number>();

  /**
   * Counts one call of `key` at `now`; false when `limit` calls were already made today (the call is
   * refused and not counted).
   */
  take(key: string, limit: number, now: number): boolean {
    const day = romanianDay(now);
    if (day !== this.day) {
      this.day = day;
      this.counts.clear();
    }
    const used = this.counts.get(key) ?? 0;
    if (used >= limit) return false;
    this.counts.set(key, used + 1);
    return true;
  }
}
