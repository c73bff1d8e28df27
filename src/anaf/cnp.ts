/**
 * Romanian personal numeric codes (CNP, 13 digits: S AA LL ZZ JJ NNN C) and the NIF ANAF gives
 * individuals without one. Sources (see `tests/fixtures/anaf/README.md`, "Taxpayer codes"):
 * the structure and check digit from `vimishor/cnp-spec` `spec.md` (after H.G. 1.375/2006),
 * cross-checked with `arthurdejong/python-stdnum` `stdnum/ro/cnp.py`; the first digit 1-9 from
 * ANAF's e-Transport Schematron (`TIN-REGEX` of rule BR-002).
 */

/** Weights of the check digit, over the first 12 digits (the constant 279146358279). */
const CNP_WEIGHTS = [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9] as const;

/** The century of birth per first digit; 7 and 8 (residents) and 9 (NIF) carry none. */
const CENTURY: Readonly<Record<string, number>> = { 1: 1900, 2: 1900, 3: 1800, 4: 1800, 5: 2000, 6: 2000 };

/**
 * County codes (JJ): 01-46 (41-46 Bucharest's sectors), 47-48 (Bucharest's sectors merged in 1979),
 * 51 Călărași, 52 Giurgiu; 70 and 80-83 as python-stdnum accepts them since 2025 (70: registered
 * regardless of county). A real CNP refused over a code missing here is worse than a made-up one
 * accepted, so the list takes every code a source names.
 */
const COUNTIES: ReadonlySet<number> = new Set([
  ...Array.from({ length: 48 }, (_, i) => i + 1),
  51,
  52,
  70,
  80,
  81,
  82,
  83,
]);

/** Days in `month` (1-12) of `year`; a year of `undefined` (century unknown) allows 29 February. */
function daysIn(month: number, year: number | undefined): number {
  // Day 0 of the next month is the last day of this one; 2000 is a leap year.
  return new Date(Date.UTC(year ?? 2000, month, 0)).getUTCDate();
}

/** The check digit of a CNP's first 12 digits: weighted sum modulo 11, where 10 counts as 1. */
export function cnpCheckDigit(first12: string): number {
  const sum = CNP_WEIGHTS.reduce((acc, w, i) => acc + w * Number(first12.charAt(i)), 0);
  return sum % 11 === 10 ? 1 : sum % 11;
}

/** True when the date of birth (AA LL ZZ) is a calendar date and JJ a known county code. */
function plausibleBirth(cnp: string): boolean {
  const century = CENTURY[cnp.charAt(0)];
  const month = Number(cnp.slice(3, 5));
  const day = Number(cnp.slice(5, 7));
  const year = century === undefined ? undefined : century + Number(cnp.slice(1, 3));
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return false;
  return COUNTIES.has(Number(cnp.slice(7, 9)));
}

/**
 * True when `cnp` is a well-formed Romanian personal numeric code: 13 digits, the first 1-9, the
 * check digit right and, except for a NIF (first digit 9, whose other digits no source describes),
 * a real date of birth and a known county code. Digits only: no spaces, no `RO`.
 */
export function isValidCnp(cnp: string): boolean {
  if (!/^[1-9]\d{12}$/.test(cnp)) return false;
  if (cnpCheckDigit(cnp.slice(0, 12)) !== Number(cnp.charAt(12))) return false;
  return cnp.startsWith('9') || plausibleBirth(cnp);
}
