/**
 * The receiving side of e-Factura as data: what the paginated list calls each kind of message,
 * what its `detalii` say, how a download's ZIP names its entries, and ANAF's words when a message
 * can no longer be downloaded. Sources: ANAF's list example (`efactura-listamesaje.json`) and the
 * public captures named in `tests/fixtures/anaf/README.md`.
 */

/** The list's `tip` of each kind of message. */
export const MESSAGE_TYPES = {
  /** An invoice a supplier filed for us (filter P). */
  received: 'FACTURA PRIMITA',
  /** An invoice we filed (filter T). */
  sent: 'FACTURA TRIMISA',
  /** The errors of an invoice we filed that ANAF refused (filter E). */
  errors: 'ERORI FACTURA',
  /** A buyer's message about an invoice, either way (filter R). */
  buyerMessage: 'MESAJ CUMPARATOR PRIMIT / MESAJ CUMPARATOR TRANSMIS',
} as const;

/** A message kind, by its list filter letter. */
export type ListFilter = 'E' | 'T' | 'P' | 'R';

/** The `tip` each `filtru` keeps. */
export const FILTER_TYPE: Readonly<Record<ListFilter, string>> = {
  E: MESSAGE_TYPES.errors,
  T: MESSAGE_TYPES.sent,
  P: MESSAGE_TYPES.received,
  R: MESSAGE_TYPES.buyerMessage,
};

/** The filter letter of a `tip`, or undefined for a type ANAF may add later. */
export function filterOfType(tip: string): ListFilter | undefined {
  const found = (Object.entries(FILTER_TYPE) as [ListFilter, string][]).find(([, t]) => t === tip);
  return found?.[0];
}

/** What the received folder and `download` fetch when no filter is given: invoices received. */
export const DEFAULT_RECEIVED_FILTER: ListFilter = 'P';

/** `detalii` of an invoice message: who issued it, for whom (ANAF's wording). */
export function invoiceDetails(uploadIndex: string, issuer: string, beneficiary: string): string {
  return `Factura cu id_incarcare=${uploadIndex} emisa de cif_emitent=${issuer} pentru cif_beneficiar=${beneficiary}`;
}

/** `detalii` of an error message (ANAF's wording, from its list example). */
export function errorDetails(uploadIndex: string): string {
  return `Erori de validare identificate la factura primita cu id_incarcare=${uploadIndex}`;
}

/** What a `detalii` text says, as far as it says it. */
export interface MessageDetails {
  uploadIndex?: string;
  issuer?: string;
  beneficiary?: string;
}

/** Reads `id_incarcare`, `cif_emitent` and `cif_beneficiar` out of a `detalii` text. */
export function parseDetails(text: string): MessageDetails {
  const value = (key: string) => new RegExp(`\\b${key}\\s*=\\s*(\\d+)`).exec(text)?.[1];
  const out: MessageDetails = {};
  const uploadIndex = value('id_incarcare');
  const issuer = value('cif_emitent');
  const beneficiary = value('cif_beneficiar');
  if (uploadIndex) out.uploadIndex = uploadIndex;
  if (issuer) out.issuer = issuer;
  if (beneficiary) out.beneficiary = beneficiary;
  return out;
}

/**
 * The entries of a download's ZIP: ANAF names them after the upload index (`id_solicitare`), not
 * after the download id asked for.
 */
export function zipEntryNames(uploadIndex: string): { message: string; signature: string } {
  return { message: `${uploadIndex}.xml`, signature: `semnatura_${uploadIndex}.xml` };
}

/** ANAF's answer to a download of a message past its 60 days (production wording, HTTP 200). */
export const DOWNLOAD_EXPIRED =
  'Fisierul nu mai poate fi descarcat pentru ca a trecut perioada de 60 de zile in care este disponibil';

/** Recognises {@link DOWNLOAD_EXPIRED}. */
export const DOWNLOAD_EXPIRED_PATTERN = /nu mai poate fi descarcat[\s\S]*60 de zile/;

/** A message not kept yet this many days after ANAF made it is close to its 60 days: say so. */
export const RETENTION_WARNING_DAYS = 55;

/** `transformare`'s standard for a document: FACT1 for an invoice, FCN for a credit note. */
export function pdfStandardOf(root: string): 'FACT1' | 'FCN' {
  return root === 'CreditNote' ? 'FCN' : 'FACT1';
}

/** ANAF's namespace of the error document in an E message's ZIP (its spelling). */
export const ERRORS_NAMESPACE = 'mfp:anaf:dgti:efactura:mesajEroriFactuta:v1';
