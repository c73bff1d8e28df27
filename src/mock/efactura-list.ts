/** e-Factura `listaMesajeFactura` and `listaMesajePaginatieFactura`: JSON, errors as `eroare` in a 200. */
import { LIST_DAYS, LIST_FILTERS } from '../anaf';
import { anafTimestamp, DAY_MS } from './clock';
import type { Handler } from './context';
import type { EfacturaUpload } from './efactura-store';
import { json } from './http';
import { MOCK_CERTIFICATE } from './tokens';

/** Messages per page of the paginated list, and the most the plain list returns. */
export const PAGE_SIZE = 500;

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

/** Validates `cif` and `filtru`; the message of the first problem, or `undefined`. */
function commonProblem(cif: string, filtru: string | undefined): string | undefined {
  if (!/^\d{1,13}$/.test(cif)) return `CIF introdus= ${cif} nu este un numar`;
  if (filtru !== undefined && !(LIST_FILTERS as readonly string[]).includes(filtru)) {
    return `Valorile acceptate pentru parametrul filtru sunt ${LIST_FILTERS.join(', ')}`;
  }
  return undefined;
}

/** An empty `filtru` counts as none: Postman sends disabled optional parameters as absent anyway. */
function filtruOf(query: URLSearchParams): string | undefined {
  return query.get('filtru') || undefined;
}

/** `listaMesajeFactura?zile&cif[&filtru]`. */
export const listaMesajeFactura: Handler = (req, world, stage) => {
  const eroare = (message: string) => json(200, { eroare: message, titlu: 'Lista Mesaje' });
  const zileText = req.query.get('zile') ?? '';
  const zile = /^\d{1,3}$/.test(zileText) ? Number(zileText) : NaN;
  if (!(zile >= LIST_DAYS.min && zile <= LIST_DAYS.max)) {
    return eroare(`Numarul de zile trebuie sa fie intre ${LIST_DAYS.min} si ${LIST_DAYS.max}`);
  }
  const cif = req.query.get('cif') ?? '';
  const filtru = filtruOf(req.query);
  const problem = commonProblem(cif, filtru);
  if (problem) return eroare(problem);
  const from = world.settings.now() - zile * DAY_MS;
  const found = world.efactura[stage].messages(cif, from).filter((u) => matches(filtru, u));
  if (found.length === 0) return eroare(`Nu exista mesaje in ultimele ${zile} zile`);
  if (found.length > PAGE_SIZE) {
    return eroare(`Lista de mesaje este mai mare decat ${PAGE_SIZE}: folositi listaMesajePaginatieFactura`);
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
  const eroare = (message: string) => json(200, { eroare: message, titlu: 'Lista Mesaje' });
  const now = world.settings.now();
  const start = millis(req.query.get('startTime'));
  const end = millis(req.query.get('endTime'));
  const pagina = millis(req.query.get('pagina'));
  if (Number.isNaN(start)) return eroare('Parametrul startTime trebuie sa fie un numar (milisecunde Unix)');
  if (Number.isNaN(end)) return eroare('Parametrul endTime trebuie sa fie un numar (milisecunde Unix)');
  if (start < now - LIST_DAYS.max * DAY_MS) {
    return eroare(`startTime = ${start} nu poate fi mai vechi de ${LIST_DAYS.max} de zile`);
  }
  if (end > now) return eroare(`endTime = ${end} nu poate fi in viitor`);
  if (start > end) return eroare('startTime nu poate fi dupa endTime');
  const cif = req.query.get('cif') ?? '';
  const filtru = filtruOf(req.query);
  const problem = commonProblem(cif, filtru);
  if (problem) return eroare(problem);
  if (!(pagina >= 1)) return eroare('Parametrul pagina trebuie sa fie un numar mai mare decat 0');
  const found = world.efactura[stage].messages(cif, start, end).filter((u) => matches(filtru, u));
  if (found.length === 0) return eroare('Nu exista mesaje in intervalul selectat');
  const pages = Math.ceil(found.length / PAGE_SIZE);
  if (pagina > pages)
    return eroare(`Pagina solicitata ${pagina} este mai mare decat numarul total de pagini ${pages}`);
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
