/** Romanian tax numbers (CUI/CIF): the check digit ANAF verifies. */

/** Weights of the control key, applied right-aligned to the digits before the check digit. */
const CUI_WEIGHTS = [7, 5, 3, 2, 1, 7, 5, 3, 2] as const;

/**
 * True when `cui` (digits only, 2 to 10 of them, no `RO` prefix) carries a valid check digit:
 * the other digits, right-aligned under the weights 753217532, summed, times 10, modulo 11;
 * a result of 10 counts as 0.
 */
export function isValidCui(cui: string): boolean {
  if (!/^\d{2,10}$/.test(cui)) return false;
  // Right-aligned under the weights: leading zeros add nothing to the sum.
  const digits = cui.slice(0, -1).padStart(CUI_WEIGHTS.length, '0');
  const sum = CUI_WEIGHTS.reduce((acc, w, i) => acc + w * Number(digits.charAt(i)), 0);
  return ((sum * 10) % 11) % 10 === Number(cui.slice(-1));
}
