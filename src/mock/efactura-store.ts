/** e-Factura uploads of one stage, and how the mock judges them. */

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

/** The outcome ANAF would reach: a plausible invoice is `ok`, other XML `nok`, non-XML is not taken in. */
export function judgeUpload(body: string, standard: string): UploadOutcome {
  if (!looksLikeXml(body)) return 'XML cu erori nepreluat de sistem';
  return standard === 'RASP' || looksLikeInvoice(body) ? 'ok' : 'nok';
}

/** Uploads of one stage, by upload index and by download id. */
export class EfacturaStore {
  readonly uploads = new Map<number, EfacturaUpload>();
  readonly downloads = new Map<number, EfacturaUpload>();

  add(upload: EfacturaUpload): void {
    this.uploads.set(upload.index, upload);
    if (upload.downloadId !== undefined) this.downloads.set(upload.downloadId, upload);
  }

  /** Processed uploads of `cif` since `from` (ms), newest first. */
  messages(cif: string, from: number, to = Number.POSITIVE_INFINITY): EfacturaUpload[] {
    return [...this.uploads.values()]
      .filter((u) => u.cif === cif && u.pollsLeft === 0 && u.downloadId !== undefined)
      .filter((u) => u.uploadedAt >= from && u.uploadedAt <= to)
      .sort((a, b) => b.uploadedAt - a.uploadedAt || b.index - a.index);
  }
}
