/**
 * e-Factura below `/{prod|test}/FCTEL/rest/`: upload, stareMesaj, descarcare, validare, transformare.
 * Like ANAF, most errors come back as HTTP 200 with the error in the body.
 */
import { randomUUID } from 'node:crypto';
import { UPLOAD_STANDARDS, VALIDATION_STANDARDS, Var } from '../anaf';
import { anafTimestamp } from './clock';
import type { Handler } from './context';
import { judgeUpload, looksLikeInvoice, type EfacturaUpload } from './efactura-store';
import { escapeMarkup, json, xml, type Reply } from './http';
import { textPdf } from './pdf';
import { signatureXml, zip } from './zip';

/** Largest file ANAF accepts (10 MB); a bigger one is refused in the body, not by status. */
export const UPLOAD_LIMIT = 10 * 1024 * 1024;

const NS_UPLOAD = 'mfp:anaf:dgti:spv:respUploadFisier:v1';
const NS_STATUS = 'mfp:anaf:dgti:efactura:stareMesajFactura:v1';
const NS_ERRORS = 'mfp:anaf:dgti:efactura:mesajEroriFactuta:v1';

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
function uploadProblem(standard: string, cif: string, size: number): string | undefined {
  if (!(UPLOAD_STANDARDS as readonly string[]).includes(standard)) {
    return `Valorile acceptate pentru parametrul standard sunt ${UPLOAD_STANDARDS.join(', ')}`;
  }
  if (!/^\d{1,13}$/.test(cif)) return `CIF introdus= ${cif} nu este un numar`;
  if (size === 0) return 'Nu a fost transmis niciun fisier';
  if (size > UPLOAD_LIMIT) return 'Marime fisier transmis mai mare de 10 MB';
  return undefined;
}

/** `upload` and `uploadb2c`. */
export function upload(b2c: boolean): Handler {
  return (req, world, stage) => {
    const now = world.settings.now();
    const standard = req.query.get('standard') ?? '';
    const cif = req.query.get('cif') ?? '';
    const problem = uploadProblem(standard, cif, req.bodySize);
    const dateResponse = anafTimestamp(now);
    if (problem) return header(NS_UPLOAD, { dateResponse, ExecutionStatus: '1' }, problem);
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
  const id = req.query.get('id_incarcare') ?? '';
  if (!/^\d{1,18}$/.test(id))
    return header(NS_STATUS, {}, `Id_incarcare introdus= ${id} nu este un numar intreg`);
  const found = world.efactura[stage].uploads.get(Number(id));
  if (!found) return header(NS_STATUS, {}, `Nu exista factura cu id_incarcare= ${id}`);
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
  return Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<header xmlns="${NS_ERRORS}" Index_incarcare="${u.index}" Cif_emitent="${u.cif}">\n` +
      '    <Error errorMessage="E-factura nu este valida: documentul nu contine un element Invoice"/>\n' +
      '</header>\n',
  );
}

/** `descarcare?id=M`: a ZIP with `M.xml` and `semnatura_M.xml`, or a JSON `eroare`. */
export const descarcare: Handler = async (req, world, stage) => {
  const id = req.query.get('id') ?? '';
  const eroare = (message: string) => json(200, { eroare: message, titlu: 'Descarcare mesaj' });
  if (!/^\d{1,18}$/.test(id)) return eroare(`Id descarcare introdus= ${id} nu este un numar intreg`);
  const found = world.efactura[stage].downloads.get(Number(id));
  if (!found || found.pollsLeft > 0) return eroare(`Pentru id=${id} nu exista inregistrata nici o factura`);
  const content = messageXml(found);
  const archive = await zip(
    { [`${id}.xml`]: content, [`semnatura_${id}.xml`]: signatureXml(content, `${id}.xml`) },
    new Date(found.uploadedAt),
  );
  return {
    status: 200,
    headers: { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${id}.zip"` },
    body: archive,
  };
};

/** Why `validare`/`transformare` refuse the document, or `undefined`. */
function documentProblem(standard: string, body: string, validate: boolean): string | undefined {
  if (!(VALIDATION_STANDARDS as readonly string[]).includes(standard)) {
    return `Standard ${standard} necunoscut; valori acceptate: ${VALIDATION_STANDARDS.join(', ')}`;
  }
  if (body.trim() === '') return 'Nu a fost transmis niciun fisier';
  if (validate && !looksLikeInvoice(body))
    return 'Fisierul transmis nu este o factura XML (lipseste elementul Invoice)';
  return undefined;
}

/** `validare/{FACT1|FCN}`: `stare` ok or nok, always HTTP 200. */
export const validare: Handler = (req) => {
  const problem = documentProblem(req.params[Var.validationStandard], req.body.toString('utf8'), true);
  const message = problem ?? 'E-factura este valida';
  return json(200, { stare: problem ? 'nok' : 'ok', Messages: [{ message }], trace_id: randomUUID() });
};

/** `transformare/{FACT1|FCN}[/DA]`: a PDF, or JSON `stare: nok`. `DA` skips validation. */
export function transformare(skipValidation: boolean): Handler {
  return (req, world) => {
    const standard = req.params[Var.validationStandard];
    const body = req.body.toString('utf8');
    const problem = documentProblem(standard, body, !skipValidation);
    if (problem) return json(200, { stare: 'nok', Messages: [{ message: problem }], trace_id: randomUUID() });
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
