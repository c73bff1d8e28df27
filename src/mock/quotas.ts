/**
 * ANAF's daily quotas: counters per key and calendar day (UTC here), so a long-running mock forgets
 * yesterday's counts.
 */
import { DAY_MS } from './clock';

/** Counts calls per key for the current day. */
export class DailyQuotas {
  private day = -1;
  private readonly counts = new Map<string, number>();

  /**
   * Counts one call of `key` at `now`; false when `limit` calls were already made today (the call is
   * refused and not counted).
   */
  take(key: string, limit: number, now: number): boolean {
    const day = Math.floor(now / DAY_MS);
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
