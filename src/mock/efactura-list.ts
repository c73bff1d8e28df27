/** e-Factura `listaMesajeFactura` and `listaMesajePaginatieFactura`: JSON, errors as `eroare` in a 200. */
import {
  DAILY_QUOTAS,
  endTimeInFuture,
  isTaxpayerCode,
  LIST_DAYS,
  LIST_FILTERS,
  LIST_PAGE_SIZE,
  MISSING_PARAMS,
  noSpvRights,
} from '../anaf';
import { anafDateTime, anafTimestamp, DAY_MS } from './clock';
import type { Handler } from './context';
import type { EfacturaUpload } from './efactura-store';
import { json } from './http';
import { badRequest, missing } from './spring-errors';
import { MOCK_CERTIFICATE } from './tokens';

/** Messages per page of the paginated list, and the most the plain list returns. */
export const PAGE_SIZE = LIST_PAGE_SIZE;

/** ANAF's quota refusal of the lists, e-Transport's too (its wording; the count is the list's own quota). */
export function listQuotaWords(limit: number): string {
  return `S-au facut deja ${limit} interogari de lista mesaje de catre utilizator in cursul zilei`;
}

/** `dd-MM-yyyy HH:mm:ss` in Romania's wall time, as the paginated list quotes times back. */
const quoted = anafDateTime;

function item(u: EfacturaUpload) {
  const ok = u.outcome === 'ok';
  return {
    data_creare: anafTimestamp(u.uploadedAt),
    cif: u.cif,
    id_solicitare: String(u.index),
    detalii: ok
      ? `Factura cu id_incarcare=${u.index} emisa de cif_emitent=${u.cif}`
      : `Erori de validare identificate la factura primita cu id_incarcare=${u.index}`,
    tip: ok ? 'FACTURA TRIMISA' : 'ERORI FACTURA',
    id: String(u.downloadId),
  };
}

/**
 * Which messages `filtru` keeps: E errors, T sent, P received, R buyer messages. The mock only
 * holds what was uploaded to it, so P and R are always empty.
 */
function matches(filtru: string | undefined, u: EfacturaUpload): boolean {
  if (filtru === 'E') return u.outcome !== 'ok';
  if (filtru === 'T') return u.outcome === 'ok';
  return filtru === undefined;
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
  const found = world.efactura[stage].messages(cif, from).filter((u) => matches(filtru, u));
  if (found.length === 0) return eroare(`Nu exista mesaje in ultimele ${zile} zile`);
  if (found.length > PAGE_SIZE) {
    return eroare(
      `Lista de mesaje este mai mare decat numarul de ${PAGE_SIZE} elemente permise in pagina. Folositi endpoint-ul cu paginatie.`,
    );
  }
  return json(200, {
    mesaje: found.map(item),
    serial: MOCK_CERTIFICATE.serial,
    cui: cif,
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
  const found = world.efactura[stage].messages(cif, start, end).filter((u) => matches(filtru, u));
  if (found.length === 0) return eroare('Nu exista mesaje in intervalul selectat');
  const pages = Math.ceil(found.length / PAGE_SIZE);
  if (pagina > pages)
    // ANAF's wording, typo included: clients match on it.
    return eroare(`Pagina solicitata ${pagina} este mai mare decat numarul toatal de pagini ${pages}`);
  const page = found.slice((pagina - 1) * PAGE_SIZE, pagina * PAGE_SIZE);
  return json(200, {
    mesaje: page.map(item),
    numar_inregistrari_in_pagina: page.length,
    numar_total_inregistrari_per_pagina: PAGE_SIZE,
    numar_total_inregistrari: found.length,
    numar_total_pagini: pages,
    index_pagina_curenta: pagina,
    serial: MOCK_CERTIFICATE.serial,
    cui: cif,
    titlu: 'Lista Mesaje',
  });
};
