/**
 * How a kept message's folder is named, so that a person finds an invoice by its date, its
 * supplier and its number. The rule (README, "download"):
 *
 *     DATE_KIND_CIF_NAME_NUMBER_idID
 *
 * - DATE: the document's issue date (`cbc:IssueDate`), else the day ANAF made the message
 *   (`data_creare`), `YYYY-MM-DD`;
 * - KIND: `primita` (an invoice received), `primita-storno` (a credit note received), `trimisa`,
 *   `trimisa-storno`, `erori` (ANAF's errors of an upload), `mesaj` (a buyer message, or a type ANAF
 *   may add);
 * - CIF and NAME: the other party: the supplier of a received invoice (its CIF as ANAF's list gives
 *   it, `cif_emitent`), the customer of a sent one; none for errors;
 * - NUMBER: the document's number (`cbc:ID`); for errors and buyer messages `index` and the upload
 *   index;
 * - ID: ANAF's download id, which makes the name unique and tells a later run the message is kept.
 *
 * Each part is made safe: letters with diacritics lose them (ș → s, ă → a), every run of other
 * characters than A-Z, a-z, 0-9 and `.` becomes one `-`, leading and trailing `-` and `.` go, the
 * name is cut at 40 characters and the number at 30; an empty part is left out with its `_`.
 * Names are plain ASCII, at most about 150 bytes: safe on every filesystem and in a shell.
 */

/** The longest NAME part. */
export const NAME_MAX = 40;
/** The longest NUMBER part. */
export const NUMBER_MAX = 30;

/** The folder name's parts, before they are made safe. */
export interface NameParts {
  date: string;
  kind: string;
  cif?: string;
  name?: string;
  number?: string;
  downloadId: string;
}

/** `text` made safe for a file name (see the rule above), cut to `max` characters. */
export function safePart(text: string, max: number): string {
  const plain = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    // Letters NFKD leaves alone.
    .replace(/ß/g, 'ss')
    .replace(/ẞ/g, 'SS')
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'AE')
    .replace(/ø/g, 'o')
    .replace(/Ø/g, 'O')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
  const safe = plain.replace(/[^A-Za-z0-9.]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return safe.slice(0, max).replace(/[-.]+$/, '');
}

/** The folder name of a kept message. */
export function folderName(parts: NameParts): string {
  const pieces = [
    safePart(parts.date, 10) || '0000-00-00',
    safePart(parts.kind, 20) || 'mesaj',
    safePart(parts.cif ?? '', 13),
    safePart(parts.name ?? '', NAME_MAX),
    safePart(parts.number ?? '', NUMBER_MAX),
    `id${safePart(parts.downloadId, 20)}`,
  ];
  return pieces.filter((p) => p !== '').join('_');
}

/** The download id a kept message's folder name ends with, or undefined for another name. */
export function downloadIdOfFolder(name: string): string | undefined {
  return /_id(\d{1,20})$/.exec(name)?.[1];
}

/** `YYYYMMDDHHmm` (ANAF's `data_creare`) as `YYYY-MM-DD`, or undefined. */
export function dayOf(dataCreare: string | undefined): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(dataCreare ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/**
 * A file name taken from the archive, made safe: only its last path segment, safe characters.
 * ANAF's own names pass unchanged (`4100000123.xml`, `semnatura_4100000123.xml`).
 */
export function safeEntryName(name: string, fallback: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const safe = base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+/, '');
  return safe === '' || safe.length > 100 ? fallback : safe;
}
