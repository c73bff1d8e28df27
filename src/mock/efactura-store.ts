/** e-Factura uploads of one stage, and how the mock judges them. */
import { CEN_UBL_RULES, isTaxpayerCode, structuredValidationMessage } from '../anaf';
import type { ReceivedStore } from './received';
import { parseXmlRoot, undeclaredRoot } from './xml-check';
import { dropOld } from './retention';

/** What processing an upload ends in (`stareMesaj`'s final `stare`). */
export type UploadOutcome = 'ok' | 'nok' | 'XML cu erori nepreluat de sistem';

/** One uploaded file. */
export interface EfacturaUpload {
  index: number;
  cif: string;
  standard: string;
  b2c: boolean;
  body: Buffer;
  uploadedAt: number;
  /** `stareMesaj` polls still to answer "in prelucrare"; processed at 0. */
  pollsLeft: number;
  outcome: UploadOutcome;
  /** The download id, revealed by `stareMesaj` once processed (none for XML not taken in). */
  downloadId?: number;
}

/** True for text that looks like an XML document. */
export function looksLikeXml(text: string): boolean {
  return /^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<[A-Za-z_]/.test(text);
}

/** True for XML holding an invoice or credit note (UBL `Invoice`/`CreditNote`, CII `CrossIndustryInvoice`). */
export function looksLikeInvoice(text: string): boolean {
  return looksLikeXml(text) && /<([\w.-]+:)?(Invoice|CreditNote|CrossIndustryInvoice)[\s>/]/.test(text);
}

/** Root elements of the documents e-Factura's schemas declare (UBL invoice and credit note, CII). */
const INVOICE_ROOTS = ['Invoice', 'CreditNote', 'CrossIndustryInvoice'];

/**
 * ANAF's schema check at upload: well-formed XML whose root no invoice schema declares is refused
 * at once, in the parser's words. Text that does not parse is taken in and ends "XML cu erori
 * nepreluat de sistem" (ANAF documents both). RASP is not checked: the mock lacks its schema.
 */
export function uploadSchemaProblem(body: string, standard: string): string | undefined {
  if (standard === 'RASP') return undefined;
  const parsed = parseXmlRoot(body);
  if ('error' in parsed || INVOICE_ROOTS.includes(parsed.root.localName)) return undefined;
  // ANAF's e-Factura message ends with a space after the period (its documented answer does).
  return `${undeclaredRoot(body, parsed.root)} `;
}

/**
 * ANAF's rule R_BT_32_cui, in its words: a Romanian seller's tax id (BT-31/BT-32, the `CompanyID`
 * of the seller's `PartyTaxScheme`) must be a CUI with a valid check digit or, for an individual, a
 * valid CNP. `undefined` when it is, or when the invoice carries none the mock can read (CII, a
 * foreign VAT id).
 */
export function sellerCuiProblem(body: string): string | undefined {
  const seller =
    /<(?:[\w.-]+:)?AccountingSupplierParty\b[\s\S]*?<\/(?:[\w.-]+:)?AccountingSupplierParty>/.exec(body)?.[0];
  const scheme =
    seller && /<(?:[\w.-]+:)?PartyTaxScheme\b[\s\S]*?<\/(?:[\w.-]+:)?PartyTaxScheme>/.exec(seller)?.[0];
  const id = scheme && /<(?:[\w.-]+:)?CompanyID\b[^>]*>\s*(?:RO)?(\d+)\s*</i.exec(scheme)?.[1];
  if (!id || isTaxpayerCode(id)) return undefined;
  return `E: AccountingSupplierParty (1) sectiune Party (1) sectiune PartyTaxScheme (1) sectiune CompanyID (1)  eroare regula: R_BT_32_cui: Cui vanzator incorect / validare CUI (${id}) `;
}

/** What each of {@link CEN_UBL_RULES} finds wrong in a document. */
const CEN_CHECKS: [keyof typeof CEN_UBL_RULES, RegExp][] = [
  ['paymentMeansListId', /<(?:[\w.-]+:)?PaymentMeansCode\b[^>]*?\slistID\s*=/],
  ['listName', /<[^>]*?\slistName\s*=/],
  ['listUri', /<[^>]*?\slistURI\s*=/],
];

/**
 * The rules `validare` and `transformare` find broken, in ANAF's words: three CEN rules in ANAF's
 * structured form (`tipAssert=FailedAssert; codEroare=…`), then R_BT_32_cui in the older `E: …` form
 * ({@link sellerCuiProblem}). Empty when none is.
 */
export function validationProblems(body: string): string[] {
  const root = parseXmlRoot(body);
  const where = `/${'error' in root ? 'Invoice' : root.root.localName}`;
  const found = CEN_CHECKS.filter(([, test]) => test.test(body)).map(([name]) =>
    structuredValidationMessage({
      tipAssert: 'FailedAssert',
      localizareEroare: where,
      ...CEN_UBL_RULES[name],
    }),
  );
  const cui = sellerCuiProblem(body);
  return cui === undefined ? found : [...found, cui];
}

/**
 * The outcome ANAF would reach: a plausible invoice is `ok`, one breaking a rule the mock checks
 * (or other XML) `nok`, non-XML is not taken in.
 */
export function judgeUpload(body: string, standard: string): UploadOutcome {
  if (!looksLikeXml(body)) return 'XML cu erori nepreluat de sistem';
  if (standard === 'RASP') return 'ok';
  return looksLikeInvoice(body) && sellerCuiProblem(body) === undefined ? 'ok' : 'nok';
}

/** Uploads of one stage, by upload index and by download id. */
export class EfacturaStore {
  readonly uploads = new Map<number, EfacturaUpload>();
  readonly downloads = new Map<number, EfacturaUpload>();
  /** What other taxpayers filed for the mock's CIF ({@link MockOptions.received}), when asked for. */
  received: ReceivedStore | undefined;

  /** Bytes of XML the uploads hold. */
  private bytes = 0;

  /** Keeps `upload`; what ANAF would no longer hold, or what is past the mock's bounds, goes (retention.ts). */
  add(upload: EfacturaUpload): void {
    this.uploads.set(upload.index, upload);
    if (upload.downloadId !== undefined) this.downloads.set(upload.downloadId, upload);
    this.bytes = dropOld(
      this.uploads,
      upload.uploadedAt,
      this.bytes + upload.body.length,
      (u) => u.body.length,
      (u) => {
        if (u.downloadId !== undefined) this.downloads.delete(u.downloadId);
      },
    );
  }

  /** Processed uploads of `cif` since `from` (ms), newest first. */
  messages(cif: string, from: number, to = Number.POSITIVE_INFINITY): EfacturaUpload[] {
    return [...this.uploads.values()]
      .filter((u) => u.cif === cif && u.pollsLeft === 0 && u.downloadId !== undefined)
      .filter((u) => u.uploadedAt >= from && u.uploadedAt <= to)
      .sort((a, b) => b.uploadedAt - a.uploadedAt || b.index - a.index);
  }
}
