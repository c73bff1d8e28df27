/** Which codes name a taxpayer (a company's CUI or an individual's CNP), and which a buyer. */
import { isValidCnp } from './cnp';
import { isValidCui } from './cui';

/**
 * The buyer code of a B2C invoice to an individual who gives no CNP: 13 zeros, the convention of
 * e-Factura B2C since 2025 (sources: `tests/fixtures/anaf/README.md`). It names no taxpayer, so it
 * is never a `cif` of the API.
 */
export const NO_BUYER_CODE = '0000000000000';

/**
 * ANAF's pattern of a taxpayer code (`TIN-REGEX` of its e-Transport Schematron, rule BR-002): a CUI
 * of 2 to 10 digits or a CNP/NIF of 13, without a leading zero. The form only, no check digit.
 */
export const TAXPAYER_CODE_PATTERN = '^(([1-9][0-9]{12})|([1-9][0-9]{1,9}))$';
const TAXPAYER_CODE = new RegExp(TAXPAYER_CODE_PATTERN);

/**
 * True when `code` can be a taxpayer's code in ANAF's APIs (a `cif`, `cui_op` or e-Transport
 * `codDeclarant`): {@link TAXPAYER_CODE_PATTERN}, and a CUI with a valid check digit or a valid
 * CNP. Digits only: no `RO`, no spaces.
 */
export function isTaxpayerCode(code: string): boolean {
  return TAXPAYER_CODE.test(code) && (isValidCui(code) || isValidCnp(code));
}

/** True when `code` can name an invoice's buyer: a taxpayer code, or {@link NO_BUYER_CODE}. */
export function isBuyerCode(code: string): boolean {
  return code === NO_BUYER_CODE || isTaxpayerCode(code);
}
