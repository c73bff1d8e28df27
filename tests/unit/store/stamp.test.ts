/** When a stat may stand in for a read: `trustedStamp` (src/store/input-file.ts). */
import type fs from 'node:fs';
import { RACY_MS, trustedStamp } from '../../../src/store/input-file';

const NOW = 1_800_000_000_000;

/** The fields a stamp uses, changed `agoMs` before NOW, with `ns` below the millisecond. */
function stat(agoMs: number, ns = 123_456n): fs.BigIntStats {
  const mtimeNs = BigInt(NOW - agoMs) * 1_000_000n + ns;
  return {
    dev: 1n,
    ino: 2n,
    size: 300n,
    mtimeNs,
    ctimeNs: mtimeNs,
    mtimeMs: mtimeNs / 1_000_000n,
  } as unknown as fs.BigIntStats;
}

describe('trustedStamp', () => {
  it('trusts a file at rest', () => {
    expect(trustedStamp(stat(60_000), NOW)).toBe(`1:2:300:${stat(60_000).mtimeNs}:${stat(60_000).ctimeNs}`);
  });

  it('not a file read within a tick of its last change by someone else', () => {
    expect(trustedStamp(stat(RACY_MS - 1), NOW)).toBeUndefined();
    expect(trustedStamp(stat(0), NOW)).toBeUndefined();
    // A clock behind the file's (a share's server ahead of us) is as close as it gets.
    expect(trustedStamp(stat(-5000), NOW)).toBeUndefined();
    expect(trustedStamp(stat(RACY_MS), NOW)).toBeDefined();
  });

  it('trusts what it just wrote itself, unless the filesystem keeps whole seconds only', () => {
    expect(trustedStamp(stat(0), NOW, true)).toBeDefined();
    expect(trustedStamp(stat(0, 0n), NOW, true)).toBeUndefined();
    expect(trustedStamp(stat(60_000, 0n), NOW, true)).toBeDefined();
  });
});
