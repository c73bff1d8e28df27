/**
 * One company's folder of kept messages (`OUT/<cif>/`): a folder per message, named by the rule of
 * `naming.ts`, holding ANAF's ZIP as sent, the XML and the signature taken out of it (and the PDF
 * when asked for) and `message.json`; beside them `index.json` and `index.csv`, rebuilt from the
 * message folders. A message folder is written under a temporary name and renamed when whole, so
 * a run killed at any moment leaves either the whole folder or none (a temporary one left behind
 * is removed by the next run); the index is rebuilt from the folders by every run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { filterOfType, MESSAGE_TYPES, parseDetails, pdfStandardOf } from '../anaf';
import { AnafPostmanError } from '../errors';
import {
  isCreditNote,
  readBuyerMessage,
  readDocument,
  readErrors,
  rootOf,
  type DocumentFacts,
} from './document';
import { replaceFile, syncFolder, writeNew, writeReason } from './files';
import { dayOf, downloadIdOfFolder, folderName, safeEntryName } from './naming';
import { readZip, ZipError } from './zip';

/** One message as ANAF's list gives it. */
export interface ListedMessage {
  data_creare?: string;
  cif?: string;
  id_solicitare?: string;
  detalii?: string;
  tip?: string;
  id: string;
}

/** What `message.json` holds, and each entry of the index. */
export interface KeptMessage {
  /** ANAF's download id. */
  downloadId: string;
  /** `id_solicitare`: the upload index. */
  uploadIndex: string;
  /** ANAF's `tip`. */
  type: string;
  /** ANAF's `data_creare`, `YYYYMMDDHHmm`. */
  createdAt: string;
  /** ANAF's `detalii`. */
  details: string;
  /** `cif_emitent` and `cif_beneficiar` of `detalii`. */
  issuer?: string;
  beneficiary?: string;
  /** The invoice or credit note, when the message is one. */
  document?: DocumentFacts;
  /** ANAF's words, for an error message (E). */
  errors?: string[];
  /** The buyer's words, for a buyer message (R). */
  buyerMessage?: string;
  /** Why the archive could not be read (it is kept as sent all the same). */
  unreadable?: string;
  /** Why the PDF could not be made (`--pdf`), in ANAF's words when it gave some. */
  pdfError?: string;
  /** The message's folder, below the company's. */
  folder: string;
  /** File names inside the folder. */
  files: { zip: string; message?: string; signature?: string; pdf?: string };
}

/** Makes a PDF of an invoice's XML with ANAF's `transformare` (the `pdf` option). */
export type PdfMaker = (xml: Buffer, standard: 'FACT1' | 'FCN') => Promise<Buffer>;

/** The name of the file that says which messages ANAF refused today (its daily limit per message). */
const NOT_TODAY_FILE = '.not-today.json';
/** Temporary message folders start with this; the next run removes them. */
const PARTIAL_PREFIX = '.partial-';

/** The kind part of a folder name (see `naming.ts`). */
function kindOf(type: string, credit: boolean): string {
  if (type === MESSAGE_TYPES.received) return credit ? 'primita-storno' : 'primita';
  if (type === MESSAGE_TYPES.sent) return credit ? 'trimisa-storno' : 'trimisa';
  if (type === MESSAGE_TYPES.errors) return 'erori';
  return 'mesaj';
}

/** A company's folder. Not safe for two processes at once: the caller holds its lock. */
export class CompanyFolder {
  private constructor(
    readonly dir: string,
    readonly cif: string,
  ) {}

  /**
   * Opens (creates) `out/cif` and removes what a killed run left half-written there.
   * @throws AnafPostmanError `WRITE_FAILED` when the folder cannot be made or written.
   */
  static async open(out: string, cif: string): Promise<CompanyFolder> {
    const dir = path.join(out, cif);
    try {
      await fs.promises.mkdir(dir, { recursive: true });
      for (const name of await fs.promises.readdir(dir)) {
        if (name.startsWith(PARTIAL_PREFIX) || /^\.index\.(json|csv)\.\d+\.\d+\.tmp$/.test(name)) {
          await fs.promises.rm(path.join(dir, name), { recursive: true, force: true });
        }
      }
    } catch (err) {
      throw new AnafPostmanError('WRITE_FAILED', `cannot write ${dir}: ${writeReason(err)}`, { file: dir });
    }
    return new CompanyFolder(dir, cif);
  }

  /** Download ids of the messages kept here (their folder names end with them). */
  async keptIds(): Promise<Set<string>> {
    const ids = new Set<string>();
    for (const entry of await fs.promises.readdir(this.dir, { withFileTypes: true })) {
      const id = entry.isDirectory() ? downloadIdOfFolder(entry.name) : undefined;
      if (id) ids.add(id);
    }
    return ids;
  }

  /**
   * Keeps one downloaded message: the ZIP as sent, its XML and signature, `message.json` (and the
   * PDF with `pdf`), in a folder that appears whole or not at all. Returns what was written, or
   * `undefined` when the message was kept already.
   * @throws AnafPostmanError `WRITE_FAILED` (the temporary folder removed).
   */
  async keep(listed: ListedMessage, zip: Buffer, pdf?: PdfMaker): Promise<KeptMessage | undefined> {
    const message = describe(listed, zip);
    const final = path.join(this.dir, message.kept.folder);
    if (fs.existsSync(final)) return undefined;
    const temp = path.join(this.dir, `${PARTIAL_PREFIX}${listed.id}-${process.pid}`);
    try {
      await fs.promises.rm(temp, { recursive: true, force: true });
      await fs.promises.mkdir(temp);
      await writeNew(path.join(temp, message.kept.files.zip), zip);
      for (const entry of message.entries) await writeNew(path.join(temp, entry.file), entry.data);
      if (pdf && message.pdfSource) {
        let bytes: Buffer | undefined;
        try {
          bytes = await pdf(message.pdfSource.xml, message.pdfSource.standard);
        } catch (err) {
          // Kept without its PDF: ANAF's conversion is a convenience, the XML is the invoice.
          message.kept.pdfError = (err as Error).message;
        }
        if (bytes) {
          const file = `${message.kept.uploadIndex || listed.id}.pdf`;
          await writeNew(path.join(temp, file), bytes);
          message.kept.files.pdf = file;
        }
      }
      await writeNew(path.join(temp, 'message.json'), `${JSON.stringify(message.kept, null, 2)}\n`);
      await syncFolder(temp);
      await fs.promises.rename(temp, final);
      await syncFolder(this.dir);
    } catch (err) {
      await fs.promises.rm(temp, { recursive: true, force: true }).catch(() => undefined);
      if (err instanceof AnafPostmanError) throw err;
      throw new AnafPostmanError('WRITE_FAILED', `cannot write ${final}: ${writeReason(err)}`, {
        file: final,
        errno: (err as NodeJS.ErrnoException).code,
      });
    }
    return message.kept;
  }

  /** Every kept message, from the folders' `message.json`, oldest first. */
  async kept(): Promise<KeptMessage[]> {
    const out: KeptMessage[] = [];
    for (const entry of await fs.promises.readdir(this.dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || !downloadIdOfFolder(entry.name)) continue;
      try {
        const text = await fs.promises.readFile(path.join(this.dir, entry.name, 'message.json'), 'utf8');
        out.push(JSON.parse(text) as KeptMessage);
      } catch {
        // A folder someone changed by hand: left out of the index, never touched.
      }
    }
    return out.sort(
      (a, b) =>
        a.createdAt.localeCompare(b.createdAt) ||
        a.downloadId.length - b.downloadId.length ||
        a.downloadId.localeCompare(b.downloadId),
    );
  }

  /**
   * Rebuilds `index.json` and `index.csv` from the message folders, each replaced atomically.
   * @throws AnafPostmanError `WRITE_FAILED` (the previous index stays whole).
   */
  async writeIndex(): Promise<number> {
    const messages = await this.kept();
    const json = `${JSON.stringify({ cif: this.cif, count: messages.length, messages }, null, 2)}\n`;
    try {
      await replaceFile(path.join(this.dir, 'index.json'), json);
      await replaceFile(path.join(this.dir, 'index.csv'), indexCsv(messages));
    } catch (err) {
      throw new AnafPostmanError(
        'WRITE_FAILED',
        `cannot write the index in ${this.dir}: ${writeReason(err)}`,
        {
          file: this.dir,
          errno: (err as NodeJS.ErrnoException).code,
        },
      );
    }
    return messages.length;
  }

  /** Download ids ANAF refused today for its daily limit of downloads of one message. */
  async notToday(day: string): Promise<Set<string>> {
    try {
      const data = JSON.parse(await fs.promises.readFile(path.join(this.dir, NOT_TODAY_FILE), 'utf8')) as {
        day?: string;
        ids?: string[];
      };
      return new Set(data.day === day && Array.isArray(data.ids) ? data.ids.map(String) : []);
    } catch {
      return new Set();
    }
  }

  /** Records `ids` as refused on `day` (the file goes away when there are none). */
  async setNotToday(day: string, ids: Set<string>): Promise<void> {
    const file = path.join(this.dir, NOT_TODAY_FILE);
    if (ids.size === 0) {
      await fs.promises.rm(file, { force: true });
      return;
    }
    await replaceFile(file, `${JSON.stringify({ day, ids: [...ids].sort() }, null, 2)}\n`);
  }
}

/** The facts of a downloaded message: what `message.json` says and the files taken out of the ZIP. */
function describe(
  listed: ListedMessage,
  zip: Buffer,
): {
  kept: KeptMessage;
  entries: { file: string; data: Buffer }[];
  pdfSource?: { xml: Buffer; standard: 'FACT1' | 'FCN' };
} {
  const type = listed.tip ?? '';
  const details = parseDetails(listed.detalii ?? '');
  const uploadIndex = listed.id_solicitare ?? details.uploadIndex ?? '';
  const kept: KeptMessage = {
    downloadId: listed.id,
    uploadIndex,
    type,
    createdAt: listed.data_creare ?? '',
    details: listed.detalii ?? '',
    ...(details.issuer ? { issuer: details.issuer } : {}),
    ...(details.beneficiary ? { beneficiary: details.beneficiary } : {}),
    folder: '',
    files: { zip: `${safeEntryName(listed.id, 'mesaj')}.zip` },
  };
  const entries: { file: string; data: Buffer }[] = [];
  let document: DocumentFacts | undefined;
  let pdfSource: { xml: Buffer; standard: 'FACT1' | 'FCN' } | undefined;
  try {
    const all = readZip(zip);
    const signature = all.find((e) => /(^|\/)semnatura_/i.test(e.name));
    const message =
      all.find((e) => e !== signature && /\.xml$/i.test(e.name)) ?? all.find((e) => e !== signature);
    if (message) {
      const file = safeEntryName(message.name, `${uploadIndex || listed.id}.xml`);
      entries.push({ file, data: message.data });
      kept.files.message = file;
      const xml = message.data.toString('utf8');
      const errors = readErrors(xml);
      const root = rootOf(xml);
      const buyer = readBuyerMessage(xml);
      if (errors.length > 0 || type === MESSAGE_TYPES.errors) kept.errors = errors;
      else if (type === MESSAGE_TYPES.buyerMessage) {
        if (buyer !== undefined) kept.buyerMessage = buyer;
      } else if (root === 'Invoice' || root === 'CreditNote' || root === 'CrossIndustryInvoice') {
        document = readDocument(xml);
        kept.document = document;
        if (root !== 'CrossIndustryInvoice') {
          pdfSource = {
            xml: message.data,
            standard: pdfStandardOf(isCreditNote(document) ? 'CreditNote' : root),
          };
        }
      }
    }
    if (signature) {
      const file = safeEntryName(signature.name, `semnatura_${uploadIndex || listed.id}.xml`);
      entries.push({ file: file === kept.files.message ? `semnatura_${file}` : file, data: signature.data });
      kept.files.signature = entries[entries.length - 1]?.file;
    }
  } catch (err) {
    if (!(err instanceof ZipError)) throw err;
    kept.unreadable = err.message;
  }
  const received = type !== MESSAGE_TYPES.sent;
  const party = document ? (received ? document.supplier : document.customer) : undefined;
  const filter = filterOfType(type);
  kept.folder = folderName({
    date: document?.issueDate ?? dayOf(listed.data_creare) ?? '',
    kind: kindOf(type, document !== undefined && isCreditNote(document)),
    ...(filter === 'E'
      ? { number: `index${uploadIndex}` }
      : {
          cif: (received ? details.issuer : details.beneficiary) ?? party?.cif,
          name: party?.name,
          number: document?.number ?? (uploadIndex ? `index${uploadIndex}` : undefined),
        }),
    downloadId: listed.id,
  });
  return { kept, entries, ...(pdfSource ? { pdfSource } : {}) };
}

/** One CSV field: quoted when needed; a leading `= + - @` is defused for spreadsheets. */
function csvField(value: string | undefined): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The columns of `index.csv`. */
export const CSV_COLUMNS = [
  'created',
  'type',
  'supplier_cif',
  'supplier_name',
  'customer_cif',
  'customer_name',
  'number',
  'issue_date',
  'currency',
  'total',
  'upload_index',
  'download_id',
  'errors',
  'folder',
] as const;

function indexCsv(messages: KeptMessage[]): string {
  const rows = messages.map((m) => {
    const d = m.document;
    const created = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(m.createdAt);
    return [
      created ? `${created[1]}-${created[2]}-${created[3]} ${created[4]}:${created[5]}` : m.createdAt,
      m.type,
      d?.supplier.cif ?? (m.type === MESSAGE_TYPES.sent ? undefined : m.issuer),
      d?.supplier.name,
      d?.customer.cif ?? m.beneficiary,
      d?.customer.name,
      d?.number,
      d?.issueDate,
      d?.currency,
      d?.total,
      m.uploadIndex,
      m.downloadId,
      m.errors?.join(' | '),
      m.folder,
    ]
      .map(csvField)
      .join(',');
  });
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
