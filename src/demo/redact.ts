/** Showing secrets safely: only a short prefix of a token or code ever reaches the demo's output. */
import { createHash } from 'node:crypto';

/** Characters of a token shown; enough to recognise its kind, far too few to use it. */
export const PREFIX_LENGTH = 10;

/**
 * `eyJhbGciOi… #3fa2c1` for a token, `(none)` when empty. Every JWT starts with the same header, so
 * the prefix alone cannot show that a rotated token is a new one: a short hash of the whole token
 * does, without giving away any of its characters.
 */
export function tokenLabel(token: string | undefined): string {
  if (!token) return '(none)';
  const fingerprint = createHash('sha256').update(token).digest('hex').slice(0, 6);
  return `${token.slice(0, PREFIX_LENGTH)}… #${fingerprint}`;
}
