/** Deterministic ids: the same names always give the same UUID, so regeneration is byte-identical. */
import { createHash } from 'node:crypto';

/** A UUID (version 5 layout) derived from `parts`. */
export function stableId(...parts: string[]): string {
  const hex = createHash('sha1')
    .update(['anaf-postman', ...parts].join('\u0000'))
    .digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
