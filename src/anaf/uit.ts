/**
 * The e-Transport UIT (unique transport code), as ANAF's e-Transport Schematron 2.0.2 defines it
 * (`UIT-REGEX` with rule BR-003, the check digits of rule BR-019; source: tests/fixtures/anaf/README.md).
 */

/** The 14 characters a UIT starts with are drawn from these (no B, G, I, O, S, Z). */
export const UIT_ALPHABET = '0123456789ACDEFHJKLMNPQRTUVWXY';

/** `UIT-REGEX` (`[0-9ACDEFHJKLMNPQRTUVWXY]{14}[0-9]{2}`), anchored: a whole 16-character code. */
export const UIT_PATTERN = /^[0-9ACDEFHJKLMNPQRTUVWXY]{14}[0-9]{2}$/;

/**
 * BR-019's check digits of a UIT's first 14 characters: the last two digits of the sum of their
 * code points (`3V0P0L0P0T3JUW` sums to 946: `46`).
 */
export function uitCheckDigits(first14: string): string {
  let sum = 0;
  for (const ch of first14) sum += ch.codePointAt(0) ?? 0;
  return String(sum).padStart(2, '0').slice(-2);
}

/** True when `code` passes BR-003 (format) and BR-019 (check digits). */
export function isUit(code: string): boolean {
  return UIT_PATTERN.test(code) && uitCheckDigits(code.slice(0, 14)) === code.slice(14);
}
