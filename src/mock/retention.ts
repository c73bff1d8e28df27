/**
 * What the mock keeps of the documents it accepted. ANAF keeps a message for 60 days; a mock that
 * runs for weeks in CI, or takes a load test, must not grow without end (every upload holds its
 * XML, and the state file is rewritten after each change). The oldest go first.
 */
import { MESSAGE_RETENTION_DAYS } from '../anaf';

/** The most uploads one stage keeps (e-Factura's and e-Transport's each). */
export const MAX_KEPT_UPLOADS = 20_000;

/** The most bytes of uploaded XML one stage keeps. */
export const MAX_KEPT_BYTES = 256 * 1024 * 1024;

const DAY_MS = 86_400_000;

/**
 * Drops from `kept` (in upload order: oldest first) what ANAF would no longer hold at `now` (older
 * than its 60 days) and what is past the bounds, oldest first, telling `dropped` of each.
 * @param bytes - the bytes `kept` holds now (counted by the caller); the bytes left are returned
 */
export function dropOld<T extends { uploadedAt: number }>(
  kept: Map<number, T>,
  now: number,
  bytes: number,
  sizeOf: (item: T) => number,
  dropped: (item: T) => void = () => undefined,
): number {
  const oldest = now - MESSAGE_RETENTION_DAYS * DAY_MS;
  for (const [key, item] of kept) {
    const over = kept.size > MAX_KEPT_UPLOADS || bytes > MAX_KEPT_BYTES;
    if (!over && item.uploadedAt >= oldest) break;
    kept.delete(key);
    bytes -= sizeOf(item);
    dropped(item);
  }
  return bytes;
}
