/**
 * ANAF's daily quotas: counters per key and calendar day in Romania (ANAF counts "in cursul
 * zilei", its own day: midnight in Bucharest, 22:00 or 21:00 UTC), so a long-running mock forgets
 * yesterday's counts when ANAF would.
 */
import { romanianDay } from './clock';

/** What {@link DailyQuotas} keeps across restarts. */
export interface SavedQuotas {
  day: string;
  counts: [string, number][];
}

/** Counts calls per key for the current day. */
export class DailyQuotas {
  private day = '';
  private readonly counts = new Map<string, number>();

  /** Today's counts, for the state file. */
  snapshot(): SavedQuotas {
    return { day: this.day, counts: [...this.counts] };
  }

  /** Takes back what {@link snapshot} saved (counts of another day are dropped at the next call). */
  restore(saved: SavedQuotas): void {
    this.day = saved.day;
    this.counts.clear();
    for (const [key, used] of saved.counts) this.counts.set(key, used);
  }

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
