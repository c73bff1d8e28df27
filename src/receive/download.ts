/**
 * `download`: every message of the window (received invoices by default) kept once in a folder per
 * company. It runs the collection's own *Received invoices* folder through in-process Newman (the
 * same requests and scripts as in Postman: every page of the list, then each message not kept yet),
 * under the process's rate limit, with the environment file locked and rotated tokens saved as
 * `run` saves them; each ZIP is kept the moment it arrives (`folder.ts`), the index rebuilt at the end.
 */
import type { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_RECEIVED_FILTER,
  DOWNLOAD_EXPIRED_PATTERN,
  EFACTURA_ENDPOINTS,
  EMPTY_LIST_PATTERN,
  FIREWALL_PATTERN,
  FOLDERS,
  isTaxpayerCode,
  LIST_DAYS,
  LIST_FILTERS,
  QUOTA_PATTERN,
  ReceivedVar,
  RETENTION_WARNING_DAYS,
  Var,
  type ListFilter,
} from '../anaf';
import { AnafPostmanError, asAnafError, ExitCode, optionError, type ErrorCode } from '../errors';
import { defaultCollectionPath, loadCollection } from '../run/collection-file';
import { run, type RunSummary } from '../run/run';
import { readEnvironmentFile, varMap, withFileLock } from '../store';
import { expandFiles } from '../batch/files';
import { postBytes } from '../transport/http-post';
import { DEFAULT_RATE, type Rate } from '../transport/rate';
import { useRateLimit } from '../transport/rate-limit';
import type { RetryOptions } from '../tokens/token-client';
import { writeReason } from './files';
import { CompanyFolder, type KeptMessage, type ListedMessage, type PdfMaker } from './folder';
import { looksLikeZip } from './zip';

/** The collection folder `download` runs. */
export const RECEIVED_FOLDER = FOLDERS.find((f) => f.id === 'received')?.name ?? 'Received invoices';

/** Options of {@link download}. */
export interface DownloadOptions extends RetryOptions {
  /** Environment files or globs: one per company (its `cif`). */
  environments: string[] | string;
  /** The folder that receives a sub-folder per company (`OUT/<cif>/`); it must exist. */
  out: string;
  /** Which messages: P received invoices (default), T sent, E errors of own uploads, R buyer messages. */
  filter?: ListFilter;
  /** Only the last `days` days (1 to 60; default ANAF's whole window). */
  days?: number;
  /** Also keep a PDF of each invoice, made by ANAF's `transformare` (FACT1, FCN for a credit note). */
  pdf?: boolean;
  /** Collection file (default: the committed English one); it must hold the Received invoices folder. */
  collection?: string;
  /** Companies handled at once (default 8). */
  concurrency?: number;
  /** Requests per window for the whole process (default 900/min, under ANAF's 1000/min). */
  rate?: Rate;
  /** Newman's per-request timeout (default 30 s). */
  timeoutRequestMs?: number;
  /** Accept any TLS certificate. */
  insecure?: boolean;
  /** Progress as it happens: a company's list is known, a message kept or refused, a company done. */
  onEvent?: (event: DownloadEvent) => void;
  /** Clock (ms), for the 55-day warning and "today"; default `Date.now`. */
  now?: () => number;
}

/** A message ANAF did not hand over, with why. */
export interface DownloadFailure {
  downloadId: string;
  /** ANAF's words (named: "not retried today", "past its 60 days", the firewall) or the network's. */
  reason: string;
}

/** What happened for one company (one environment file). */
export interface CompanyResult {
  file: string;
  cif?: string;
  /** `OUT/<cif>`. */
  folder?: string;
  /**
   * `done`: every listed message is kept; `incomplete`: some could not be downloaded (named in
   * `failures`); `error`: the company could not be handled (`message`); `interrupted`: stopped by a
   * signal (what was kept stays kept).
   */
  outcome: 'done' | 'incomplete' | 'error' | 'interrupted';
  exitCode: number;
  code?: ErrorCode;
  /** Messages the list gave for the window. */
  listed: number;
  /** Kept by this run. */
  new: number;
  /** Listed and kept by an earlier run. */
  already: number;
  /** Listed, neither kept before nor now. */
  failed: number;
  /** Of `failed`: not asked for again today, ANAF having refused them today (10 downloads a day). */
  notToday: number;
  failures: DownloadFailure[];
  /** The error messages (E) kept by this run: ANAF's words for each refused upload. */
  errors: { downloadId: string; uploadIndex: string; messages: string[] }[];
  /** Things to act on: messages near ANAF's 60 days not kept yet. */
  warnings: string[];
  /** Messages in the company's index after the run. */
  indexed?: number;
  message?: string;
}

/** Every company's result and the totals. */
export interface DownloadSummary {
  out: string;
  filter: ListFilter;
  results: CompanyResult[];
  totals: { listed: number; new: number; already: number; failed: number; notToday: number };
  /** The worst exit code: 0 all kept, 1 some messages not downloaded, 2 bad input or a write failure, 3, 4, 130. */
  exitCode: number;
}

/** Progress events of {@link download}. */
export type DownloadEvent =
  | { type: 'started'; files: number }
  | { type: 'listed'; file: string; cif: string; toFetch: number }
  | { type: 'kept'; file: string; cif: string; message: KeptMessage }
  | { type: 'failed'; file: string; cif: string; failure: DownloadFailure }
  | { type: 'done'; result: CompanyResult };

/** Romania's calendar day of `ms` (`YYYY-MM-DD`): ANAF's "in cursul zilei". */
function romanianDay(ms: number): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Bucharest' }).format(new Date(ms));
  } catch {
    return new Date(ms).toISOString().slice(0, 10);
  }
}

/** `data_creare` (`YYYYMMDDHHmm`, Romanian time) as ms, roughly (UTC+2): enough for a day count. */
function createdMs(text: string | undefined): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(text ?? '');
  if (!m) return undefined;
  const [year, month, date, hour, minute] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return Date.UTC(year, month - 1, date, hour, minute) - 2 * 3_600_000;
}

/**
 * Checks `out` before anything is sent: it exists, is a folder, and can be written.
 * @throws AnafPostmanError `USAGE` (missing, not a folder) or `WRITE_FAILED` (not writable).
 */
function checkOut(out: string): void {
  if (out.trim() === '') throw optionError('USAGE', 'out', 'empty; give the folder to keep the messages in');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(out);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw optionError('USAGE', 'out', `no such folder ${out}; create it first`, { file: out });
    }
    throw optionError('WRITE_FAILED', 'out', `cannot read ${out}: ${writeReason(err)}`, { file: out });
  }
  if (!stat.isDirectory()) throw optionError('USAGE', 'out', `${out} is a file, not a folder`, { file: out });
  const probe = path.join(out, `.anaf-postman-probe-${process.pid}`);
  try {
    fs.mkdirSync(probe);
    fs.writeFileSync(path.join(probe, 'p'), 'p');
  } catch (err) {
    throw optionError('WRITE_FAILED', 'out', `cannot write in ${out}: ${writeReason(err)}`, { file: out });
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}

/** The `transformare/{standard}/DA` URL below `efacturaToolsBaseUrl`, from the endpoint's own path. */
function pdfUrl(toolsBase: string, standard: string): string {
  const spec = EFACTURA_ENDPOINTS.find((e) => e.id === 'efactura.transformareFaraValidare');
  const segments = (spec?.path ?? ['transformare', `{{${Var.validationStandard}}}`, 'DA']).map((s) =>
    s === `{{${Var.validationStandard}}}` ? standard : s,
  );
  return `${toolsBase.replace(/\/+$/, '')}/${segments.join('/')}`;
}

/** A {@link PdfMaker} sending the XML to ANAF's `transformare` with the run's bearer. */
function pdfMaker(toolsBase: string, bearer: () => string | undefined, timeoutMs: number): PdfMaker {
  return async (xml, standard) => {
    const auth = bearer();
    const answer = await postBytes(
      pdfUrl(toolsBase, standard),
      xml,
      {
        'content-type': 'text/plain',
        accept: 'application/pdf, application/json',
        ...(auth ? { authorization: auth } : {}),
      },
      timeoutMs,
    );
    if (answer.status === 200 && answer.body.subarray(0, 4).toString('latin1') === '%PDF') return answer.body;
    const text = answer.body.toString('utf8');
    let words = text.slice(0, 300);
    try {
      const json = JSON.parse(text) as {
        Messages?: { message?: string }[];
        eroare?: string;
        message?: string;
      };
      words = json.Messages?.map((m) => m.message).join('; ') || json.eroare || json.message || words;
    } catch {
      // Not JSON: the start of the body says what it was.
    }
    throw new Error(`transformare/${standard}: HTTP ${answer.status}: ${words}`);
  };
}

/** What one company's run collects from Newman's events. */
interface Collected {
  listed: Map<string, ListedMessage>;
  listError?: { words: string; code: ErrorCode };
  bearer?: string;
  failures: DownloadFailure[];
  refusedToday: Set<string>;
  keeps: Promise<void>[];
  kept: KeptMessage[];
  writeFailure?: AnafPostmanError;
}

/** Reads an answer's body as text, never throwing. */
function bodyText(response: unknown): string {
  const stream = (response as { stream?: Buffer } | undefined)?.stream;
  return Buffer.isBuffer(stream) ? stream.toString('utf8') : '';
}

function eroareOf(text: string): string | undefined {
  try {
    const json = JSON.parse(text) as { eroare?: unknown; message?: unknown };
    if (typeof json.eroare === 'string') return json.eroare;
    if (typeof json.message === 'string') return json.message;
  } catch {
    // One documented answer has a stray brace: read its eroare anyway.
    const m = /"eroare"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text);
    if (m?.[1] !== undefined) return JSON.parse(`"${m[1]}"`) as string;
  }
  return undefined;
}

/** Why a download answer is not a ZIP, in ANAF's words, named when it is a limit or the firewall. */
function refusal(
  text: string,
  status: number | undefined,
): { reason: string; quota: boolean; code: ErrorCode } {
  const firewall = FIREWALL_PATTERN.exec(text);
  if (firewall) {
    return {
      reason: `ANAF's firewall rejected the request (an HTML page), support ID ${firewall[1]}`,
      quota: false,
      code: 'UNAVAILABLE',
    };
  }
  const words = eroareOf(text) ?? (text.trim().slice(0, 200) || `HTTP ${status ?? '?'} without a body`);
  if (QUOTA_PATTERN.test(words)) {
    return {
      reason: `not retried today: ANAF's limit of downloads of one message a day was reached: ${words}`,
      quota: true,
      code: 'ASSERTIONS_FAILED',
    };
  }
  if (DOWNLOAD_EXPIRED_PATTERN.test(words)) {
    return {
      reason: `past ANAF's 60 days, no longer downloadable: ${words}`,
      quota: false,
      code: 'ASSERTIONS_FAILED',
    };
  }
  const code: ErrorCode =
    status === 401 || status === 403
      ? 'AUTH_REQUIRED'
      : status && status >= 500
        ? 'UNAVAILABLE'
        : 'ASSERTIONS_FAILED';
  return { reason: status && status !== 200 ? `HTTP ${status}: ${words}` : words, quota: false, code };
}

/** Listens to one company's run: the list pages, each download kept the moment it arrives. */
function listen(
  emitter: EventEmitter,
  folder: CompanyFolder,
  collected: Collected,
  pdf: PdfMaker | undefined,
  emit: (event: DownloadEvent) => void,
  stop: () => void,
): void {
  let answered: { stream?: Buffer } | undefined;
  emitter.on(
    'request',
    (
      err: Error | null,
      args: {
        request?: { url?: unknown; headers?: { get?: (k: string) => string | undefined } };
        response?: { code?: number; stream?: Buffer };
      },
    ) => {
      let url: URL;
      try {
        url = new URL(String(args.request?.url ?? ''));
      } catch {
        return;
      }
      const auth = args.request?.headers?.get?.('Authorization');
      if (auth) collected.bearer = auth;
      const text = () => bodyText(args.response);
      if (url.pathname.endsWith('/listaMesajePaginatieFactura')) {
        if (err) {
          collected.listError ??= { words: `the list got no answer: ${err.message}`, code: 'UNAVAILABLE' };
          return;
        }
        const body = text();
        const firewall = FIREWALL_PATTERN.exec(body);
        if (firewall) {
          collected.listError ??= {
            words: `ANAF's firewall rejected the list (an HTML page), support ID ${firewall[1]}`,
            code: 'UNAVAILABLE',
          };
          return;
        }
        let json: { mesaje?: ListedMessage[]; eroare?: string } | undefined;
        try {
          json = JSON.parse(body) as typeof json;
        } catch {
          json = undefined;
        }
        const status = args.response?.code;
        if (status !== 200 || !json) {
          const words = eroareOf(body) ?? body.slice(0, 200);
          collected.listError ??= {
            words: `the list answered HTTP ${status ?? '?'}: ${words}`,
            code: status === 401 || status === 403 ? 'AUTH_REQUIRED' : 'UNAVAILABLE',
          };
          return;
        }
        if (typeof json.eroare === 'string') {
          const end =
            EMPTY_LIST_PATTERN.test(json.eroare) || /Pagina solicitata \d+ este mai mare/.test(json.eroare);
          if (!end) {
            const quota = QUOTA_PATTERN.test(json.eroare);
            collected.listError ??= {
              words: quota
                ? `ANAF's daily limit of list calls was reached (try again tomorrow): ${json.eroare}`
                : `the list answered: ${json.eroare}`,
              code: 'ASSERTIONS_FAILED',
            };
          }
          return;
        }
        for (const m of Array.isArray(json.mesaje) ? json.mesaje : []) {
          const id = m && (typeof m.id === 'string' || typeof m.id === 'number') ? String(m.id) : '';
          if (/^\d+$/.test(id) && !collected.listed.has(id)) collected.listed.set(id, { ...m, id });
        }
        return;
      }
      if (!url.pathname.endsWith('/descarcare')) return;
      const id = url.searchParams.get('id') ?? '';
      const fail = (reason: string) => {
        const failure = { downloadId: id, reason };
        collected.failures.push(failure);
        emit({ type: 'failed', file: '', cif: folder.cif, failure });
      };
      if (err || !args.response) {
        fail(`no answer: ${err?.message ?? 'the request failed'}`);
        return;
      }
      answered = args.response;
      const zip = args.response.stream;
      if (args.response.code === 200 && Buffer.isBuffer(zip) && looksLikeZip(zip)) {
        const listed = collected.listed.get(id) ?? { id };
        const keeping = folder
          .keep(listed, Buffer.from(zip), pdf)
          .then((kept) => {
            if (!kept) return;
            collected.kept.push(kept);
            emit({ type: 'kept', file: '', cif: folder.cif, message: kept });
          })
          .catch((e: unknown) => {
            collected.writeFailure ??= asAnafError(e);
            // A folder that cannot be written takes every next message down with it: stop.
            stop();
          });
        collected.keeps.push(keeping);
        return;
      }
      const why = refusal(text(), args.response.code);
      if (why.quota) collected.refusedToday.add(id);
      fail(why.reason);
    },
  );
  // The answer was judged by the scripts and kept by now: let the run's summary drop its bytes.
  emitter.on('item', () => {
    if (answered && Buffer.isBuffer(answered.stream)) answered.stream = Buffer.alloc(0);
    answered = undefined;
  });
}

/** The outcome of one company from what its run collected. */
function companyOutcome(
  base: Omit<CompanyResult, 'outcome' | 'exitCode' | 'failed' | 'message'>,
  summary: RunSummary | undefined,
  collected: Collected,
  interrupted: boolean,
): CompanyResult {
  const failed = base.listed - base.new - base.already;
  const result = { ...base, failed: Math.max(0, failed) };
  if (collected.writeFailure) {
    const e = collected.writeFailure;
    return {
      ...result,
      outcome: 'error',
      exitCode: e.exitCode,
      code: e.code,
      message: `${e.message}; nothing half-written: ${base.new} message(s) kept this run, run again when it can write`,
    };
  }
  if (interrupted) {
    return {
      ...result,
      outcome: 'interrupted',
      exitCode: ExitCode.interrupted,
      code: 'INTERRUPTED',
      message: `interrupted: ${base.new} message(s) kept this run; run again for the rest`,
    };
  }
  if (collected.listError) {
    const { words, code } = collected.listError;
    const worst = summary?.code && summary.code !== 'ASSERTIONS_FAILED' ? summary.code : code;
    return {
      ...result,
      outcome: base.new > 0 || base.already > 0 ? 'incomplete' : 'error',
      exitCode: new AnafPostmanError(worst, '').exitCode,
      code: worst,
      message: words,
    };
  }
  if (
    summary?.code === 'AUTH_REQUIRED' ||
    (summary?.code === 'UNAVAILABLE' && collected.failures.length === 0)
  ) {
    const first = summary.failures.find((f) => f.code === summary.code) ?? summary.failures[0];
    return {
      ...result,
      outcome: 'error',
      exitCode: new AnafPostmanError(summary.code, '').exitCode,
      code: summary.code,
      message: first ? `${first.item}: ${first.message}` : summary.code,
    };
  }
  if (result.failed > 0 || collected.failures.length > 0) {
    // The firewall or no answer at all: ANAF unavailable (4); otherwise ANAF's refusal of a message (1).
    const unavailable = collected.failures.some((f) => /firewall|^no answer/.test(f.reason));
    const code: ErrorCode = unavailable ? 'UNAVAILABLE' : 'ASSERTIONS_FAILED';
    const first = collected.failures[0];
    return {
      ...result,
      outcome: 'incomplete',
      exitCode: new AnafPostmanError(code, '').exitCode,
      code,
      message:
        `${Math.max(result.failed, collected.failures.length)} message(s) not downloaded` +
        (first ? `; first: ${first.downloadId}: ${first.reason}` : ''),
    };
  }
  return { ...result, outcome: 'done', exitCode: ExitCode.ok };
}

/** Downloads what one company's list holds into its folder. */
async function downloadCompany(
  file: string,
  options: DownloadOptions,
  collectionData: Record<string, unknown>,
  emit: (event: DownloadEvent) => void,
): Promise<CompanyResult> {
  const now = options.now ?? Date.now;
  const env = readEnvironmentFile(file);
  const vars = varMap(env.data);
  const cif = (vars[Var.cif] ?? '').trim();
  if (!isTaxpayerCode(cif)) {
    throw new AnafPostmanError(
      'USAGE',
      `${file}: ${Var.cif} ${cif === '' ? 'is empty' : `"${cif}" is not a CUI or CNP`}; set the company's tax code`,
      { file },
    );
  }
  const folder = await CompanyFolder.open(options.out, cif);
  return withFileLock(folder.dir, async () => {
    const day = romanianDay(now());
    const before = await folder.keptIds();
    const notToday = await folder.notToday(day);
    const skip = new Set([...before, ...notToday]);
    const filter = options.filter ?? DEFAULT_RECEIVED_FILTER;
    const envVars: Record<string, string> = {
      [Var.receivedFilter]: filter,
      [ReceivedVar.skipIds]: [...skip].join(','),
      [Var.listStartTime]: options.days ? String(now() - options.days * 86_400_000) : '',
      [Var.listEndTime]: '',
    };
    const collected: Collected = {
      listed: new Map(),
      failures: [],
      refusedToday: new Set(),
      keeps: [],
      kept: [],
    };
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    options.signal?.addEventListener('abort', onAbort);
    if (options.signal?.aborted) stop.abort();
    const toolsBase = vars[Var.efacturaToolsBaseUrl] ?? '';
    const pdf = options.pdf
      ? pdfMaker(toolsBase, () => collected.bearer, options.timeoutRequestMs ?? 30_000)
      : undefined;
    const tagged = (event: DownloadEvent): void =>
      emit(event.type === 'kept' || event.type === 'failed' ? { ...event, file } : event);
    let summary: RunSummary | undefined;
    let runError: unknown;
    try {
      summary = await run({
        ...options,
        environment: file,
        collectionData,
        folders: [RECEIVED_FOLDER],
        envVars,
        reporters: ['cli'],
        onLine: undefined,
        signal: stop.signal,
        onNewman: (emitter) => {
          // The list comes first: once its last page is in, say how many messages are to fetch.
          let announced = false;
          emitter.on('beforeItem', (_e: unknown, args: { item?: { name?: string } }) => {
            if (announced || args.item?.name === RECEIVED_FOLDER_LIST) return;
            announced = true;
            const toFetch = [...collected.listed.keys()].filter((id) => !skip.has(id)).length;
            tagged({ type: 'listed', file, cif, toFetch });
          });
          listen(emitter, folder, collected, pdf, tagged, () => stop.abort());
        },
      });
    } catch (err) {
      runError = err;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    await Promise.all(collected.keeps);
    try {
      const refused = new Set([...notToday, ...collected.refusedToday]);
      await folder.setNotToday(day, refused);
    } catch (err) {
      collected.writeFailure ??= asAnafError(err);
    }
    let indexed: number | undefined;
    try {
      indexed = await folder.writeIndex();
    } catch (err) {
      collected.writeFailure ??= asAnafError(err);
    }
    if (runError && !collected.writeFailure) throw runError;
    const listedIds = [...collected.listed.keys()];
    const keptNow = new Set(collected.kept.map((k) => k.downloadId));
    const already = listedIds.filter((id) => before.has(id)).length;
    const notTodaySkipped = listedIds.filter((id) => notToday.has(id) && !before.has(id) && !keptNow.has(id));
    for (const id of notTodaySkipped) {
      collected.failures.push({
        downloadId: id,
        reason: "not retried today: ANAF's limit of downloads of one message a day was reached earlier today",
      });
    }
    const oldest = now() - RETENTION_WARNING_DAYS * 86_400_000;
    const nearGone = listedIds.filter((id) => {
      const at = createdMs(collected.listed.get(id)?.data_creare);
      return !before.has(id) && !keptNow.has(id) && at !== undefined && at < oldest;
    });
    const warnings = nearGone.length
      ? [
          `${nearGone.length} message(s) older than ${RETENTION_WARNING_DAYS} days are not kept yet; ANAF keeps them ` +
            `${LIST_DAYS.max} days: ${nearGone.slice(0, 10).join(', ')}${nearGone.length > 10 ? ', …' : ''}`,
        ]
      : [];
    const errors = collected.kept
      .filter((k) => k.errors !== undefined)
      .map((k) => ({ downloadId: k.downloadId, uploadIndex: k.uploadIndex, messages: k.errors ?? [] }));
    const result = companyOutcome(
      {
        file,
        cif,
        folder: folder.dir,
        listed: listedIds.length,
        new: collected.kept.length,
        already,
        notToday: notTodaySkipped.length + collected.refusedToday.size,
        failures: collected.failures,
        errors,
        warnings,
        ...(indexed !== undefined ? { indexed } : {}),
      },
      summary,
      collected,
      Boolean(options.signal?.aborted) || Boolean(summary?.interrupted && !collected.writeFailure),
    );
    return result;
  });
}

/** The name of the list request: the `listed` event fires when the first other item starts. */
const RECEIVED_FOLDER_LIST =
  FOLDERS.find((f) => f.id === 'received')?.endpoints.find((e) => e.id === 'received.list')?.name ?? '';

/**
 * Keeps every message of the window for each company, once across runs: what earlier runs kept is
 * never downloaded again; a run killed at any point leaves no partial file, and the next one goes on.
 * Per-company failures are outcomes, not exceptions; `exitCode` is the worst.
 * @throws AnafPostmanError before anything is sent: `USAGE` (no such `out` folder, a file in its
 *   place, a bad `filter`/`days`/`concurrency`, no environment), `WRITE_FAILED` (`out` not writable),
 *   `BAD_FILE` (the collection, or one without the Received invoices folder).
 */
export async function download(options: DownloadOptions): Promise<DownloadSummary> {
  const filter = options.filter ?? DEFAULT_RECEIVED_FILTER;
  if (!(LIST_FILTERS as readonly string[]).includes(filter)) {
    throw optionError('USAGE', 'filter', `"${String(filter)}" is not one of ${LIST_FILTERS.join(', ')}`);
  }
  if (
    options.days !== undefined &&
    !(Number.isInteger(options.days) && options.days >= 1 && options.days <= LIST_DAYS.max)
  ) {
    throw optionError(
      'USAGE',
      'days',
      `must be a whole number from 1 to ${LIST_DAYS.max}, not ${String(options.days)}`,
    );
  }
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw optionError('USAGE', 'concurrency', 'must be a whole number from 1 up');
  }
  checkOut(options.out);
  const files = expandFiles(options.environments);
  const collectionFile = options.collection ?? defaultCollectionPath();
  let collectionData: Record<string, unknown>;
  try {
    collectionData = loadCollection(collectionFile, [RECEIVED_FOLDER]);
  } catch (err) {
    if (err instanceof AnafPostmanError && err.code === 'USAGE') {
      throw new AnafPostmanError(
        'BAD_FILE',
        `${collectionFile} has no "${RECEIVED_FOLDER}" folder: use a collection made by anaf-postman generate 0.1 or later`,
        { file: collectionFile },
      );
    }
    throw err;
  }
  const results: (CompanyResult | undefined)[] = new Array<CompanyResult | undefined>(files.length).fill(
    undefined,
  );
  const emit = (event: DownloadEvent) => options.onEvent?.(event);
  emit({ type: 'started', files: files.length });
  let next = 0;
  const worker = async () => {
    while (next < files.length && !options.signal?.aborted) {
      const index = next++;
      const file = files[index] ?? '';
      let result: CompanyResult;
      try {
        result = await downloadCompany(file, { ...options, filter }, collectionData, emit);
      } catch (err) {
        const e = asAnafError(err);
        result = nothingKept(file, 'error', e.exitCode, e.code, e.message);
      }
      results[index] = result;
      emit({ type: 'done', result });
    }
  };
  const release = useRateLimit(options.rate ?? DEFAULT_RATE);
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  } finally {
    release();
  }
  const done = files.map(
    (file, i): CompanyResult =>
      results[i] ??
      nothingKept(file, 'interrupted', ExitCode.interrupted, 'INTERRUPTED', 'not started (interrupted)'),
  );
  const sum = (key: 'listed' | 'new' | 'already' | 'failed' | 'notToday') =>
    done.reduce((n, r) => n + r[key], 0);
  return {
    out: options.out,
    filter,
    results: done,
    totals: {
      listed: sum('listed'),
      new: sum('new'),
      already: sum('already'),
      failed: sum('failed'),
      notToday: sum('notToday'),
    },
    exitCode: done.some((r) => r.exitCode === ExitCode.interrupted)
      ? ExitCode.interrupted
      : Math.max(ExitCode.ok, ...done.map((r) => r.exitCode)),
  };
}

/** A company whose run kept nothing (it failed before, or never started): zero counts, one message. */
function nothingKept(
  file: string,
  outcome: CompanyResult['outcome'],
  exitCode: number,
  code: CompanyResult['code'],
  message: string,
): CompanyResult {
  return {
    file,
    outcome,
    exitCode,
    code,
    listed: 0,
    new: 0,
    already: 0,
    failed: 0,
    notToday: 0,
    failures: [],
    errors: [],
    warnings: [],
    message,
  };
}
