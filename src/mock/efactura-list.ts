/** e-Factura `listaMesajeFactura` and `listaMesajePaginatieFactura`: JSON, errors as `eroare` in a 200. */
import {
  DAILY_QUOTAS,
  endTimeInFuture,
  errorDetails,
  invoiceDetails,
  isTaxpayerCode,
  LIST_DAYS,
  LIST_FILTERS,
  MESSAGE_RETENTION_DAYS,
  MESSAGE_TYPES,
  MISSING_PARAMS,
  noSpvRights,
} from '../anaf';
import { anafDateTime, anafTimestamp, DAY_MS } from './clock';
import type { ApiStage, Handler, World } from './context';
import type { EfacturaUpload } from './efactura-store';
import { typeOf, type ReceivedMessage } from './received';
import { json } from './http';
import { badRequest, missing } from './spring-errors';
import { MOCK_CERTIFICATE } from './tokens';

/** ANAF's quota refusal of the lists, e-Transport's too (its wording; the count is the list's own quota). */
export function listQuotaWords(limit: number): string {
  return `S-au facut deja ${limit} interogari de lista mesaje de catre utilizator in cursul zilei`;
}

/** `dd-MM-yyyy HH:mm:ss` in Romania's wall time, as the paginated list quotes times back. */
const quoted = anafDateTime;

/** A list entry with when ANAF made it (for the order). */
interface Entry {
  at: number;
  item: Record<string, string>;
}

function uploadEntry(u: EfacturaUpload): Entry {
  const ok = u.outcome === 'ok';
  const index = String(u.index);
  return {
    at: u.uploadedAt,
    item: {
      data_creare: anafTimestamp(u.uploadedAt),
      cif: u.cif,
      id_solicitare: index,
      // The mock does not read the buyer out of an upload: a B2B invoice names the buyer, so say 0 rather than nothing.
      detalii: ok ? invoiceDetails(index, u.cif, buyerOf(u)) : errorDetails(index),
      tip: ok ? MESSAGE_TYPES.sent : MESSAGE_TYPES.errors,
      id: String(u.downloadId),
    },
  };
}

/** The buyer's code an uploaded invoice names (BT-48 or BT-47), digits only, or `0` when it has none. */
function buyerOf(u: EfacturaUpload): string {
  const text = u.body.toString('utf8');
  const customer =
    /<(?:[\w.-]+:)?AccountingCustomerParty\b[\s\S]*?<\/(?:[\w.-]+:)?AccountingCustomerParty>/.exec(
      text,
    )?.[0] ?? '';
  return /<(?:[\w.-]+:)?CompanyID\b[^>]*>\s*(?:RO)?(\d+)\s*</i.exec(customer)?.[1] ?? '0';
}

function receivedEntry(m: ReceivedMessage): Entry {
  return {
    at: m.createdAt,
    item: {
      data_creare: anafTimestamp(m.createdAt),
      cif: m.cif,
      id_solicitare: m.index,
      detalii: m.detalii,
      tip: typeOf(m),
      id: m.id,
    },
  };
}

/**
 * Which uploads `filtru` keeps: E errors, T sent. Uploads are never P or R: those come from the
 * received traffic ({@link MockOptions.received}).
 */
function matches(filtru: string | undefined, u: EfacturaUpload): boolean {
  if (filtru === 'E') return u.outcome !== 'ok';
  if (filtru === 'T') return u.outcome === 'ok';
  return filtru === undefined;
}

/**
 * Every message of `cif` made within [from, to] that `filtru` keeps, newest first (ties: the higher
 * download id first): its uploads and its received traffic. A message older than ANAF's 60 days
 * is gone from every list.
 */
function listed(
  world: World,
  stage: ApiStage,
  cif: string,
  from: number,
  to: number,
  filtru?: string,
): Entry[] {
  const oldest = Math.max(from, world.settings.now() - MESSAGE_RETENTION_DAYS * DAY_MS);
  const store = world.efactura[stage];
  const uploads = store
    .messages(cif, oldest, to)
    .filter((u) => matches(filtru, u))
    .map(uploadEntry);
  const received = (store.received?.list(cif, oldest, to, filtru) ?? []).map(receivedEntry);
  return [...uploads, ...received].sort((a, b) => b.at - a.at || Number(b.item.id) - Number(a.item.id));
}

/** The `cui` of a list answer: every code the certificate acts for when received traffic says so. */
function cuiOf(world: World, stage: ApiStage, cif: string): string {
  return world.efactura[stage].received?.cuiOf(cif) ?? cif;
}

/** Validates `filtru`; the message of the problem, or `undefined`. */
function filtruProblem(filtru: string | undefined): string | undefined {
  if (filtru !== undefined && !(LIST_FILTERS as readonly string[]).includes(filtru)) {
    return `Valorile acceptate pentru parametrul filtru sunt ${LIST_FILTERS.slice(0, -1).join(', ')} sau ${LIST_FILTERS[LIST_FILTERS.length - 1]}`;
  }
  return undefined;
}

/** An empty `filtru` counts as none: Postman sends disabled optional parameters as absent anyway. */
function filtruOf(query: URLSearchParams): string | undefined {
  return query.get('filtru') || undefined;
}

/** `listaMesajeFactura?zile&cif[&filtru]`. */
export const listaMesajeFactura: Handler = (req, world, stage) => {
  const now = world.settings.now();
  if (missing(req.query, 'zile', 'cif')) return badRequest(now, MISSING_PARAMS.lista);
  const eroare = (message: string) => json(200, { eroare: message, titlu: 'Lista Mesaje' });
  const zileText = req.query.get('zile') ?? '';
  if (!/^-?\d{1,9}$/.test(zileText))
    return eroare(`Numarul de zile introdus= ${zileText} nu este un numar intreg`);
  const zile = Number(zileText);
  if (!(zile >= LIST_DAYS.min && zile <= LIST_DAYS.max)) {
    return eroare(`Numarul de zile trebuie sa fie intre ${LIST_DAYS.min} si ${LIST_DAYS.max}`);
  }
  const cif = req.query.get('cif') ?? '';
  if (!/^\d{1,13}$/.test(cif)) return eroare(`CIF introdus= ${cif} nu este un numar`);
  const filtru = filtruOf(req.query);
  const problem = filtruProblem(filtru);
  if (problem) return eroare(problem);
  if (!isTaxpayerCode(cif)) return eroare(noSpvRights(cif));
  if (!world.quotas.take(`${stage}|lista|${cif}`, DAILY_QUOTAS.listPerCui, now)) {
    return eroare(listQuotaWords(DAILY_QUOTAS.listPerCui));
  }
  const from = world.settings.now() - zile * DAY_MS;
  const found = listed(world, stage, cif, from, Number.POSITIVE_INFINITY, filtru);
  if (found.length === 0) return eroare(`Nu exista mesaje in ultimele ${zile} zile`);
  const pageSize = world.settings.listPageSize;
  if (found.length > pageSize) {
    return eroare(
      `Lista de mesaje este mai mare decat numarul de ${pageSize} elemente permise in pagina. Folositi endpoint-ul cu paginatie.`,
    );
  }
  return json(200, {
    mesaje: found.map((e) => e.item),
    serial: MOCK_CERTIFICATE.serial,
    cui: cuiOf(world, stage, cif),
    titlu: `Lista Mesaje disponibile din ultimele ${zile} zile`,
  });
};

function millis(text: string | null): number {
  return text !== null && /^\d{1,15}$/.test(text) ? Number(text) : NaN;
}

/** `listaMesajePaginatieFactura?startTime&endTime&cif&pagina[&filtru]` (Unix ms). */
export const listaMesajePaginatieFactura: Handler = (req, world, stage) => {
  const now = world.settings.now();
  if (missing(req.query, 'startTime', 'endTime', 'cif', 'pagina')) {
    return badRequest(now, MISSING_PARAMS.listaPaginatie);
  }
  const eroare = (message: string) => json(200, { eroare: message, titlu: 'Lista Mesaje' });
  const unreadable = (name: string) =>
    eroare(`${name} = ${req.query.get(name)} nu este un numar sau nu are o valoare acceptata de sistem`);
  const start = millis(req.query.get('startTime'));
  const end = millis(req.query.get('endTime'));
  const pagina = millis(req.query.get('pagina'));
  const cif = req.query.get('cif') ?? '';
  if (!/^\d{1,13}$/.test(cif)) {
    return eroare(`CIF introdus= ${cif} nu este un numar sau nu are o valoare acceptata de sistem`);
  }
  if (Number.isNaN(start)) return unreadable('startTime');
  if (Number.isNaN(end)) return unreadable('endTime');
  if (!(pagina >= 1)) return unreadable('pagina');
  if (start < now - LIST_DAYS.max * DAY_MS) {
    return eroare(
      `startTime = ${quoted(start)} nu poate fi mai vechi de ${LIST_DAYS.max} de zile fata de momentul requestului`,
    );
  }
  if (end <= start) return eroare(`endTime = ${quoted(end)} nu poate fi <= startTime = ${quoted(start)}`);
  // ANAF quotes its own request moment after the refused endTime.
  if (end > now) return eroare(endTimeInFuture(quoted(end), quoted(now)));
  const filtru = filtruOf(req.query);
  const problem = filtruProblem(filtru);
  if (problem) return eroare(problem);
  if (!isTaxpayerCode(cif)) return eroare(noSpvRights(cif));
  if (!world.quotas.take(`${stage}|paginatie|${cif}`, DAILY_QUOTAS.paginatedListPerCui, now)) {
    return eroare(listQuotaWords(DAILY_QUOTAS.paginatedListPerCui));
  }
  const found = listed(world, stage, cif, start, end, filtru);
  if (found.length === 0) return eroare('Nu exista mesaje in intervalul selectat');
  const pageSize = world.settings.listPageSize;
  const pages = Math.ceil(found.length / pageSize);
  if (pagina > pages)
    // ANAF's wording, typo included: clients match on it.
    return eroare(`Pagina solicitata ${pagina} este mai mare decat numarul toatal de pagini ${pages}`);
  const page = found.slice((pagina - 1) * pageSize, pagina * pageSize);
  return json(200, {
    mesaje: page.map((e) => e.item),
    numar_inregistrari_in_pagina: page.length,
    numar_total_inregistrari_per_pagina: pageSize,
    numar_total_inregistrari: found.length,
    numar_total_pagini: pages,
    index_pagina_curenta: pagina,
    serial: MOCK_CERTIFICATE.serial,
    cui: cuiOf(world, stage, cif),
    titlu: `Lista Mesaje disponibile din intervalul ${quoted(start)} - ${quoted(end)}`,
  });
};
