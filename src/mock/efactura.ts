/**
 * e-Factura below `/{prod|test}/FCTEL/rest/`: upload, stareMesaj, descarcare, validare, transformare.
 * Like ANAF, most errors come back as HTTP 200 with the error in the body.
 */
import { randomUUID } from 'node:crypto';
import {
  DAILY_QUOTAS,
  documentedWords,
  DOWNLOAD_EXPIRED,
  ERRORS_NAMESPACE,
  isTaxpayerCode,
  MESSAGE_RETENTION_DAYS,
  MISSING_PARAMS,
  noSpvRights,
  SIZE_LIMITS,
  UPLOAD_FLAG_VALUE,
  UPLOAD_STANDARDS,
  VALIDATION_STANDARDS,
  Var,
  zipEntryNames,
} from '../anaf';
import { anafTimestamp, DAY_MS } from './clock';
import type { Handler } from './context';
import {
  judgeUpload,
  looksLikeInvoice,
  sellerCuiProblem,
  uploadSchemaProblem,
  validationProblems,
  type EfacturaUpload,
} from './efactura-store';
import { escapeMarkup, json, pathParam, xml, type Reply } from './http';
import { textPdf } from './pdf';
import { receivedXml } from './received';
import { badRequest, missing } from './spring-errors';
import { signatureXml, zip } from './zip';

/** Largest file ANAF accepts (10 MB); a bigger one is refused in the body, not by status. */
export const UPLOAD_LIMIT = SIZE_LIMITS.efacturaUpload;

/** The upload flags that, when sent, must be `DA`. */
const UPLOAD_FLAGS = ['extern', 'autofactura', 'executare'] as const;
const FLAG_ANSWER: Record<(typeof UPLOAD_FLAGS)[number], string> = {
  extern: 'parametrul extern este completat dar este invalid',
  autofactura: 'parametrul autofactura este completat dar este invalid',
  executare: 'parametrul executare este completat dar este invalid',
};

const NS_UPLOAD = 'mfp:anaf:dgti:spv:respUploadFisier:v1';
const NS_STATUS = 'mfp:anaf:dgti:efactura:stareMesajFactura:v1';
const NS_ERRORS = ERRORS_NAMESPACE;

/** An XML `<header>` answer with attributes and, for an error, an `<Errors>` child. */
function header(ns: string, attrs: Record<string, string | undefined>, error?: string): Reply {
  const list = Object.entries(attrs)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeMarkup(v)}"`)
    .join('');
  const open = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<header xmlns="${ns}"${list}`;
  if (error === undefined) return xml(200, `${open}/>\n`);
  return xml(200, `${open}>\n    <Errors errorMessage="${escapeMarkup(error)}"/>\n</header>\n`);
}

/** Why an upload is refused, or `undefined`. */
function uploadProblem(query: URLSearchParams, size: number): string | undefined {
  const standard = query.get('standard') ?? '';
  const cif = query.get('cif') ?? '';
  if (!(UPLOAD_STANDARDS as readonly string[]).includes(standard)) {
    return documentedWords('efactura.upload', 'nu a fost specificat un standard bun');
  }
  if (size > UPLOAD_LIMIT) return documentedWords('efactura.upload', 'marimea fisierului estre prea mare');
  if (!/^\d{1,13}$/.test(cif)) return `CIF introdus= ${cif} nu este un numar`;
  for (const flag of UPLOAD_FLAGS) {
    const value = query.get(flag);
    // Postman leaves a disabled flag out; a flag sent empty or with another value is refused.
    if (value !== null && value !== UPLOAD_FLAG_VALUE)
      return documentedWords('efactura.upload', FLAG_ANSWER[flag]);
  }
  // Rights come after the parameters' format; a code no taxpayer holds has none.
  return isTaxpayerCode(cif) ? undefined : noSpvRights(cif);
}

/** `upload` and `uploadb2c`. */
export function upload(b2c: boolean): Handler {
  return (req, world, stage) => {
    const now = world.settings.now();
    if (missing(req.query, 'standard', 'cif')) return badRequest(now, MISSING_PARAMS.upload);
    if (req.bodySize === 0) return badRequest(now, MISSING_PARAMS.uploadBody);
    const standard = req.query.get('standard') ?? '';
    const cif = req.query.get('cif') ?? '';
    const dateResponse = anafTimestamp(now);
    const refused = (message: string) => header(NS_UPLOAD, { dateResponse, ExecutionStatus: '1' }, message);
    const problem =
      uploadProblem(req.query, req.bodySize) ?? uploadSchemaProblem(req.body.toString('utf8'), standard);
    if (problem) return refused(problem);
    if (
      standard === 'RASP' &&
      !world.quotas.take(`${stage}|rasp|${cif}`, DAILY_QUOTAS.raspUploadsPerCui, now)
    ) {
      return refused(
        `S-au incarcat deja ${DAILY_QUOTAS.raspUploadsPerCui} de mesaje de tip RASP pentru cui=${cif} in cursul zilei`,
      );
    }
    const body = req.body;
    const outcome = judgeUpload(body.toString('utf8'), standard);
    const index = world.nextId('upload');
    world.efactura[stage].add({
      index,
      cif,
      standard,
      b2c,
      body,
      uploadedAt: now,
      pollsLeft: world.settings.processingPolls,
      outcome,
      downloadId: outcome === 'XML cu erori nepreluat de sistem' ? undefined : world.nextId('download'),
    });
    return header(NS_UPLOAD, { dateResponse, ExecutionStatus: '0', index_incarcare: String(index) });
  };
}

/** `stareMesaj?id_incarcare=N`: "in prelucrare" for the first `processingPolls` polls, then the outcome. */
export const stareMesaj: Handler = (req, world, stage) => {
  const now = world.settings.now();
  if (missing(req.query, 'id_incarcare')) return badRequest(now, MISSING_PARAMS.stareMesaj);
  const id = req.query.get('id_incarcare') ?? '';
  if (!/^\d{1,18}$/.test(id))
    return header(NS_STATUS, {}, `Id_incarcare introdus= ${id} nu este un numar intreg`);
  const found = world.efactura[stage].uploads.get(Number(id));
  if (!found) return header(NS_STATUS, {}, `Nu exista factura cu id_incarcare= ${id}`);
  if (!world.quotas.take(`${stage}|stare|${id}`, DAILY_QUOTAS.statusPerMessage, now)) {
    // ANAF's documented wording for this quota, odd as it reads for a status check.
    return header(
      NS_STATUS,
      {},
      `S-au facut deja ${DAILY_QUOTAS.statusPerMessage} descarcari de mesaj in cursul zilei`,
    );
  }
  if (found.pollsLeft > 0) {
    found.pollsLeft -= 1;
    return header(NS_STATUS, { stare: 'in prelucrare' });
  }
  const downloadId = found.downloadId === undefined ? undefined : String(found.downloadId);
  return header(NS_STATUS, { stare: found.outcome, id_descarcare: downloadId });
};

/** The XML in the ZIP: the invoice itself, or ANAF-style error details for a rejected one. */
function messageXml(u: EfacturaUpload): Buffer {
  if (u.outcome === 'ok') return u.body;
  const text = u.body.toString('utf8');
  const error =
    sellerCuiProblem(text) ?? 'E-factura nu este valida: documentul nu contine un element Invoice';
  return Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<header xmlns="${NS_ERRORS}" Index_incarcare="${u.index}" Cif_emitent="${u.cif}">\n` +
      `    <Error errorMessage="${escapeMarkup(error)}"/>\n` +
      '</header>\n',
  );
}

/** What a download id stands for: an upload's message or a received one, with its XML. */
function downloadable(
  world: Parameters<Handler>[1],
  stage: Parameters<Handler>[2],
  id: string,
): { index: string; createdAt: number; xml: () => Buffer } | undefined {
  const upload = world.efactura[stage].downloads.get(Number(id));
  if (upload && upload.pollsLeft === 0) {
    return { index: String(upload.index), createdAt: upload.uploadedAt, xml: () => messageXml(upload) };
  }
  const received = world.efactura[stage].received?.byId.get(id);
  if (received) {
    return {
      index: received.index,
      createdAt: received.createdAt,
      xml: () => receivedXml(received, NS_ERRORS),
    };
  }
  return undefined;
}

/**
 * `descarcare?id=M`: a ZIP with the message XML and ANAF's signature, named after the upload index
 * (`I.xml`, `semnatura_I.xml`) as ANAF names them, or a JSON `eroare`.
 */
export const descarcare: Handler = async (req, world, stage) => {
  const now = world.settings.now();
  if (missing(req.query, 'id')) return badRequest(now, MISSING_PARAMS.descarcare);
  const id = req.query.get('id') ?? '';
  const eroare = (message: string) => json(200, { eroare: message, titlu: 'Descarcare mesaj' });
  if (!/^\d{1,18}$/.test(id)) return eroare(`Id descarcare introdus= ${id} nu este un numar intreg`);
  const found = downloadable(world, stage, id);
  if (!found) return eroare(`Pentru id=${id} nu exista inregistrata nici o factura`);
  // ANAF's production wording (see tests/fixtures/anaf/README.md); the lists no longer show it either.
  if (found.createdAt < now - MESSAGE_RETENTION_DAYS * DAY_MS) return eroare(DOWNLOAD_EXPIRED);
  if (!world.quotas.take(`${stage}|descarcare|${id}`, DAILY_QUOTAS.downloadsPerMessage, now)) {
    return eroare(`S-au facut deja ${DAILY_QUOTAS.downloadsPerMessage} descarcari de mesaj in cursul zilei`);
  }
  const content = found.xml();
  const names = zipEntryNames(found.index);
  const archive = await zip(
    { [names.message]: content, [names.signature]: signatureXml(content, names.message) },
    new Date(found.createdAt),
  );
  return {
    status: 200,
    headers: { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${id}.zip"` },
    body: archive,
  };
};

/** Why `validare`/`transformare` refuse the document (one message per problem); empty when they do not. */
function documentProblems(standard: string, body: string, size: number, validate: boolean): string[] {
  if (!(VALIDATION_STANDARDS as readonly string[]).includes(standard)) {
    return [documentedWords('efactura.validare', 'standard invalid')];
  }
  if (size > SIZE_LIMITS.efacturaTools) return [documentedWords('efactura.validare', 'dimensiune prea mare')];
  if (body.trim() === '') return ['Nu a fost transmis niciun fisier'];
  if (!validate) return [];
  if (!looksLikeInvoice(body))
    return ['Fisierul transmis nu este o factura XML (lipseste elementul Invoice)'];
  return validationProblems(body);
}

/** ANAF's `stare: nok` answer with one `Messages` entry per problem. */
function nok(problems: string[]): Reply {
  return json(200, {
    stare: 'nok',
    Messages: problems.map((message) => ({ message })),
    trace_id: randomUUID(),
  });
}

/** `validare/{FACT1|FCN}`: `stare` ok or nok, always HTTP 200 (prod only, like ANAF). */
export const validare: Handler = (req) => {
  const problems = documentProblems(
    pathParam(req, Var.validationStandard),
    req.body.toString('utf8'),
    req.bodySize,
    true,
  );
  if (problems.length === 0) return json(200, { stare: 'ok', trace_id: randomUUID() });
  return nok(problems);
};

/** `transformare/{FACT1|FCN}[/DA]`: a PDF, or JSON `stare: nok`. `DA` skips validation. */
export function transformare(skipValidation: boolean): Handler {
  return (req, world) => {
    const standard = pathParam(req, Var.validationStandard);
    const body = req.body.toString('utf8');
    const problems = documentProblems(standard, body, req.bodySize, !skipValidation);
    if (problems.length > 0) return nok(problems);
    const invoiceId = /<cbc:ID>([^<]{1,60})<\/cbc:ID>/.exec(body)?.[1] ?? 'necunoscut';
    const pdf = textPdf([
      'anaf-postman mock: e-Factura PDF',
      `Factura: ${invoiceId}`,
      `Standard: ${standard}`,
      `Generat: ${new Date(world.settings.now()).toISOString()}`,
    ]);
    return { status: 200, headers: { 'Content-Type': 'application/pdf' }, body: pdf };
  };
}
