/**
 * e-Transport below `/{prod|test}/ETRANSPORT/ws/v1/`: upload, stareMesaj, lista, info. JSON, errors
 * in a 200 (`ExecutionStatus: 1` with `Errors`), except `info`, which answers a bare array on a hit
 * and `{trace_id, dateResponse, error}` otherwise.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  DAILY_QUOTAS,
  declarantCodeInvalid,
  documentedAnswer,
  ETRANSPORT_NAMESPACE,
  ETRANSPORT_ROOT,
  isTaxpayerCode,
  LIST_DAYS,
  MISSING_PARAMS,
  NO_TRANSPORT_DATA,
  noSpvRights,
  SIZE_LIMITS,
  UIT_ALPHABET,
  uitCheckDigits,
  Var,
} from '../anaf';
import { anafTimestamp, DAY_MS } from './clock';
import type { Handler, World } from './context';
import { listQuotaWords } from './efactura-list';
import type { DeclarationOutcome, EtransportStore, EtransportUpload } from './etransport-store';
import { json, pathParam, type Reply } from './http';
import { badRequest, missing } from './spring-errors';
import { MOCK_CERTIFICATE } from './tokens';
import { parseXmlRoot, undeclaredRoot } from './xml-check';

/** Fields every e-Transport answer carries. */
function envelope(world: World) {
  return { dateResponse: anafTimestamp(world.settings.now()), trace_id: randomUUID() };
}

function failure(world: World, message: string): Reply {
  return json(200, { Errors: [{ errorMessage: message }], ...envelope(world), ExecutionStatus: 1 });
}

/**
 * A UIT (the transport's unique code) as ANAF's Schematron defines it: 14 characters of
 * `UIT_ALPHABET` (`UIT-REGEX`, rule BR-003), then two check digits, the last two digits of the sum
 * of the 14 characters' code points (rule BR-019).
 */
function newUit(): string {
  const body = [...randomBytes(14)].map((b) => UIT_ALPHABET[b % UIT_ALPHABET.length]).join('');
  return `${body}${uitCheckDigits(body)}`;
}

/** The declaration kinds the v2 schema allows under the root. */
const KINDS = ['notificare', 'stergere', 'confirmare', 'modifVehicul'];

/** Kinds that act on an earlier notification, named by its `uit` attribute (schema v2). */
const FOLLOW_UPS = ['stergere', 'confirmare', 'modifVehicul'];

/** ANAF's words for a follow-up whose UIT it does not know: in `stareMesaj`, and in the list. */
const UNKNOWN_UIT = {
  stare: 'UIT-ul nu poate fi identificat.',
  lista: 'Nu a fost identificat UIT-ul printre notificarile valide anterioare.',
};

/** ANAF's reminder on a v2 upload (the UIT counts only once `stareMesaj` says ok), in its words. */
const V2_REMINDER = (
  JSON.parse(documentedAnswer('etransport.upload', 'incarcare cu succes v2').body) as { atentie: string }
).atentie;

/** True when `uit` is the code of a notification of this stage that was processed ok. */
function knownUit(store: EtransportStore, uit: string | undefined): boolean {
  return [...store.uploads.values()].some((u) => u.uit === uit && u.outcome === 'ok');
}

/** First value of attribute `name` on element `element`. */
function attr(xml: string, element: string, name: string): string | undefined {
  const tag = new RegExp(`<(?:\\w+:)?${element}\\b[^>]*?\\s${name}="([^"]*)"`).exec(xml);
  return tag?.[1];
}

/**
 * How the mock's processing ends: no declaration inside is "not taken in"; a deletion, confirmation
 * or vehicle change naming a UIT no notification got is `nok` in ANAF's words; a declarant code that
 * is no CUI or CNP (ANAF's rule BR-002, whose pattern the mock tightens with the check digits) is
 * `nok`; anything else is `ok`.
 */
function judge(
  xml: string,
  codDeclarant: string | undefined,
  store: EtransportStore,
): { outcome: DeclarationOutcome; kind: string; errors: string[]; listErrors?: string[] } {
  const kind = KINDS.find((k) => new RegExp(`<(?:\\w+:)?${k}[\\s>/]`).test(xml)) ?? '';
  if (!kind) return { outcome: 'XML cu erori nepreluat de sistem', kind, errors: [] };
  if (FOLLOW_UPS.includes(kind) && !knownUit(store, attr(xml, kind, 'uit'))) {
    return { outcome: 'nok', kind, errors: [UNKNOWN_UIT.stare], listErrors: [UNKNOWN_UIT.lista] };
  }
  if (!isTaxpayerCode(codDeclarant ?? '')) {
    return { outcome: 'nok', kind, errors: [declarantCodeInvalid(codDeclarant ?? '')] };
  }
  return { outcome: 'ok', kind, errors: [] };
}

/** What the list shows of a transport, from the declaration's own attributes. */
function detailsOf(xml: string): Record<string, string> {
  const pairs: [string, string | undefined][] = [
    ['tip_op', attr(xml, 'notificare', 'codTipOperatiune')],
    ['data_transp', attr(xml, 'dateTransport', 'dataTransport')],
    ['pc_tara', attr(xml, 'partenerComercial', 'codTara')],
    ['pc_cod', attr(xml, 'partenerComercial', 'cod')],
    ['pc_den', attr(xml, 'partenerComercial', 'denumire')],
    ['tr_tara', attr(xml, 'dateTransport', 'codTaraOrgTransport')],
    ['tr_cod', attr(xml, 'dateTransport', 'codOrgTransport')],
    ['tr_den', attr(xml, 'dateTransport', 'denumireOrgTransport')],
    ['nr_veh', attr(xml, 'dateTransport', 'nrVehicul')],
  ];
  return Object.fromEntries(pairs.filter((p): p is [string, string] => p[1] !== undefined));
}

/** `POST upload/ETRANSP/{cif}/2`: the file must parse and be an e-Transport v2 document. */
export const etransportUpload: Handler = (req, world, stage) => {
  if (pathParam(req, 'standard') !== 'ETRANSP') {
    return failure(world, 'Valoarea acceptata pentru parametrul standard este ETRANSP');
  }
  const cif = pathParam(req, Var.cif);
  if (!/^\d{1,13}$/.test(cif)) return failure(world, `CIF introdus= ${cif} nu este un numar`);
  if (!isTaxpayerCode(cif)) return failure(world, noSpvRights(cif));
  if (req.bodySize === 0) return badRequest(world.settings.now(), MISSING_PARAMS.uploadBody);
  if (req.bodySize > SIZE_LIMITS.etransportUpload)
    return failure(world, 'Marime fisier transmis mai mare de 5 MB');
  const body = req.body.toString('utf8');
  const parsed = parseXmlRoot(body);
  if ('error' in parsed) return failure(world, parsed.error);
  const { root } = parsed;
  if (root.localName !== ETRANSPORT_ROOT || root.namespace !== ETRANSPORT_NAMESPACE) {
    return failure(world, undeclaredRoot(body, root));
  }
  const refDeclarant = root.attributes.refDeclarant;
  const index = world.nextId('upload');
  const uit = newUit();
  const { outcome, kind, errors, listErrors } = judge(
    body,
    root.attributes.codDeclarant,
    world.etransport[stage],
  );
  world.etransport[stage].add({
    index,
    cif,
    uit,
    refDeclarant,
    uploadedAt: world.settings.now(),
    kind,
    pollsLeft: world.settings.processingPolls,
    outcome,
    errors,
    listErrors,
    details: detailsOf(body),
  });
  return json(200, {
    ...envelope(world),
    ExecutionStatus: 0,
    index_incarcare: index,
    UIT: uit,
    ref_declarant: refDeclarant ?? '',
    // The mock serves schema v2 only, whose success ANAF documents with this reminder.
    atentie: V2_REMINDER,
  });
};

/** `GET stareMesaj/{id_incarcare}`: "in prelucrare" for `processingPolls` polls, then the outcome. */
export const etransportStareMesaj: Handler = (req, world, stage) => {
  const id = pathParam(req, Var.etransportUploadIndex);
  if (!/^\d{1,18}$/.test(id)) return failure(world, `Id_incarcare introdus= ${id} nu este un numar intreg`);
  const found = world.etransport[stage].uploads.get(Number(id));
  if (!found) return failure(world, `Nu exista declaratia de transport cu id_incarcare= ${id}`);
  if (!world.quotas.take(`${stage}|etr-stare|${id}`, DAILY_QUOTAS.statusPerMessage, world.settings.now())) {
    return failure(
      world,
      `S-au facut deja ${DAILY_QUOTAS.statusPerMessage} de verificari, pentru id-incarcare solicitat, in cursul zilei`,
    );
  }
  if (found.pollsLeft > 0) {
    found.pollsLeft -= 1;
    return json(200, { stare: 'in prelucrare', ...envelope(world), ExecutionStatus: 0 });
  }
  if (found.outcome === 'nok') {
    const Errors = found.errors.map((errorMessage) => ({ errorMessage }));
    return json(200, { Errors, stare: 'nok', ...envelope(world), ExecutionStatus: 1 });
  }
  return json(200, { stare: found.outcome, ...envelope(world), ExecutionStatus: 0 });
};

/** `YYYYMMDDHHmmss`, the list's creation time. */
function listTimestamp(ms: number): string {
  return `${anafTimestamp(ms)}${String(new Date(ms).getUTCSeconds()).padStart(2, '0')}`;
}

/** One list item: what ANAF shows of a processed declaration, messages for a rejected one. */
function listItem(u: EtransportUpload) {
  const processed = u.pollsLeft === 0;
  const stare = processed ? u.outcome : 'in prelucrare';
  const base = {
    cod_decl: u.cif,
    sursa: 'A', // sent through the API
    id_incarcare: String(u.index),
    data_creare: listTimestamp(u.uploadedAt),
    tip: u.kind.toUpperCase(),
    stare,
  };
  if (processed && u.outcome !== 'ok') {
    const errors = u.listErrors ?? u.errors;
    const mesaje = (errors.length ? errors : [u.outcome]).map((mesaj) => ({ tip: 'ERR', mesaj }));
    return { ...base, mesaje };
  }
  return { uit: u.uit, ...base, ...u.details, ...(u.refDeclarant ? { ref_decl: u.refDeclarant } : {}) };
}

/** `GET lista/{zile}/{cif}`: an empty result is `ExecutionStatus: 1`, as on ANAF. */
export const etransportLista: Handler = (req, world, stage) => {
  const zileText = pathParam(req, Var.listDays);
  if (!/^-?\d{1,9}$/.test(zileText)) {
    return failure(world, `Numarul de zile introdus= ${zileText} nu este un numar intreg`);
  }
  const zile = Number(zileText);
  if (!(zile >= LIST_DAYS.min && zile <= LIST_DAYS.max)) {
    return failure(world, `Numarul de zile trebuie sa fie intre ${LIST_DAYS.min} si ${LIST_DAYS.max}`);
  }
  const cif = pathParam(req, Var.cif);
  if (!/^\d{1,13}$/.test(cif)) return failure(world, `CIF introdus= ${cif} nu este un numar`);
  // ANAF documents no rights refusal for this list; its upload's words, as the same service's.
  if (!isTaxpayerCode(cif)) return failure(world, noSpvRights(cif));
  // ANAF counts list calls per day, as for e-Factura's list (same quota, same words).
  if (!world.quotas.take(`${stage}|etr-lista|${cif}`, DAILY_QUOTAS.listPerCui, world.settings.now())) {
    return failure(world, listQuotaWords(DAILY_QUOTAS.listPerCui));
  }
  const found = world.etransport[stage].messages(cif, world.settings.now() - zile * DAY_MS);
  if (found.length === 0) return failure(world, `Nu exista mesaje in ultimele ${zile} zile`);
  return json(200, {
    mesaje: found.map(listItem),
    serial: MOCK_CERTIFICATE.serial,
    cui: cif,
    titlu: `Lista Mesaje disponibile din ultimele ${zile} zile`,
    ...envelope(world),
    ExecutionStatus: 0,
  });
};

/** `info`'s answer when it has nothing to return: no ExecutionStatus, the text in `error`. */
function infoError(world: World, error: string): Reply {
  return json(200, { ...envelope(world), error });
}

/**
 * `GET info?cui_op=…[&cui_decl&uit&ref_decl]`: the transports of an operator as a bare JSON array,
 * narrowed by the optional parameters.
 */
export const etransportInfo: Handler = (req, world, stage) => {
  if (missing(req.query, 'cui_op')) return badRequest(world.settings.now(), MISSING_PARAMS.info);
  const cuiOp = req.query.get('cui_op') ?? '';
  if (!/^\d{1,13}$/.test(cuiOp)) return infoError(world, `cui_op introdus= ${cuiOp} nu este un numar`);
  const cuiDecl = req.query.get('cui_decl') || undefined;
  if (cuiDecl !== undefined && !/^\d{1,13}$/.test(cuiDecl)) {
    return infoError(world, `cui_decl introdus= ${cuiDecl} nu este un numar`);
  }
  // The operator asking needs rights; `cui_decl` only narrows, so a code nobody holds finds nothing.
  if (!isTaxpayerCode(cuiOp)) return infoError(world, noSpvRights(cuiOp));
  const uit = req.query.get('uit') || undefined;
  const refDecl = req.query.get('ref_decl') || undefined;
  const found = [...world.etransport[stage].uploads.values()]
    .filter((u) => u.outcome === 'ok' && u.pollsLeft === 0)
    .filter((u) => u.cif === cuiOp || u.details.tr_cod === cuiOp)
    .filter((u) => (cuiDecl === undefined || u.cif === cuiDecl) && (uit === undefined || u.uit === uit))
    .filter((u) => refDecl === undefined || u.refDeclarant === refDecl);
  if (found.length === 0) return infoError(world, NO_TRANSPORT_DATA);
  return json(
    200,
    found.map((u) => ({
      id: u.index,
      uit: u.uit,
      cod_decl: Number(u.cif),
      data_transp: u.details.data_transp ? `${u.details.data_transp}T00:00:00` : undefined,
      ref_decl: u.refDeclarant ?? '',
      tr_cod: u.details.tr_cod,
      tr_den: u.details.tr_den,
      nr_veh: u.details.nr_veh,
    })),
  );
};
