/**
 * The mock against the document: each documented answer the mock can be driven into is requested,
 * and the mock's answer must be one the document describes (status and media type) and validate
 * against that response's schema. So the mock and the document cannot drift apart.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { DAILY_QUOTAS, LIST_PAGE_SIZE, MOCK_DEMO_CLIENT as DEMO, Paths } from '../../../src/anaf';
import { startMock, type MockServer } from '../../../src/mock';
import { buildOpenApi } from '../../../src/openapi';
import { exampleKey } from '../../../src/openapi/responses';
import { defined, entry, first } from '../../helpers/checked';
import { unzip } from '../mock/helpers';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const doc = buildOpenApi({ services: ['efactura', 'etransport'], redirectUri: DEMO.redirectUri });
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');

type Media = { schema: object; examples?: Record<string, unknown> };
type Operation = { operationId: string; responses: Record<string, { content?: Record<string, Media> }> };
const operations = new Map<string, Operation>(
  Object.values(doc.paths).flatMap((item) =>
    ['get', 'post']
      .filter((m) => item[m])
      .map((m) => [(item[m] as Operation).operationId, item[m] as Operation]),
  ),
);

const INVOICE = fs.readFileSync(path.join(ROOT, 'templates', 'samples', 'invoice-ubl.xml'), 'utf8');
const DECLARATION = fs
  .readFileSync(path.join(ROOT, 'templates', 'samples', 'etransport.xml'), 'utf8')
  .replace(/codDeclarant="\d+"/, `codDeclarant="${DEMO.cif}"`);
const ef = (rest: string) => `${Paths.efactura('prod')}/${rest}`;
const et = (rest: string) => `${Paths.etransport('prod')}/${rest}`;

let mock: MockServer;
let token: string;
beforeAll(async () => {
  mock = await startMock({ port: 0 });
  token = mock.issueTokens().access_token;
});
afterAll(() => mock.close());

function api(p: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${mock.url}${p}`, {
    redirect: 'manual',
    ...init,
    headers: { Authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
  });
}
const post = (p: string, body: string | Buffer, type = 'text/plain') =>
  api(p, { method: 'POST', body, headers: { 'Content-Type': type } });

/** Calls `call` `times` times, one after the other (a quota counts them in order). */
async function repeat(times: number, call: () => Promise<Response>): Promise<void> {
  for (let i = 0; i < times; i++) await (await call()).arrayBuffer();
}

/** Runs `drive` with uploads answering "in prelucrare" for `polls` polls, then back to at once. */
async function withPolls(polls: number, drive: () => Promise<Response>): Promise<Response> {
  mock.setOptions({ processingPolls: polls });
  try {
    return await drive();
  } finally {
    mock.setOptions({ processingPolls: 0 });
  }
}

/** A token request with the demo client's Basic credentials. */
function tokenRequest(fields: Record<string, string>, secret: string = DEMO.clientSecret) {
  return fetch(`${mock.url}${Paths.token}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${Buffer.from(`${DEMO.clientId}:${secret}`).toString('base64')}`,
    },
    body: new URLSearchParams(fields).toString(),
  });
}
async function exchange(secret?: string): Promise<Response> {
  const { code } = await mock.authorize();
  const fields = {
    grant_type: 'authorization_code',
    redirect_uri: DEMO.redirectUri,
    token_content_type: 'jwt',
  };
  return tokenRequest({ ...fields, code: defined(code, 'an authorization code') }, secret);
}

/** An invoice whose seller VAT id fails the CUI check digit (ANAF's rule R_BT_32_cui). */
const BAD_SELLER = INVOICE.replace(
  /(<cac:AccountingSupplierParty>[\s\S]*?<cbc:CompanyID>)RO\d+/,
  '$1RO12345678',
);
/** A CNP whose check digit is wrong: no taxpayer holds it, so nobody has SPV rights for it. */
const WRONG_CNP = '1000101400016';
/** More than 10 MB (e-Factura upload) and more than 5 MB (validare, transformare, e-Transport). */
const OVER_10_MB = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
const OVER_5_MB = Buffer.alloc(5 * 1024 * 1024 + 1, 0x20);

async function uploadIndex(body: string = INVOICE, cif: string = DEMO.cif): Promise<string> {
  const text = await (await post(ef(`upload?standard=UBL&cif=${cif}`), body)).text();
  return defined(/index_incarcare="(\d+)"/.exec(text)?.[1], `index_incarcare in ${text}`);
}
async function downloadId(body: string = INVOICE): Promise<string> {
  const text = await (await api(ef(`stareMesaj?id_incarcare=${await uploadIndex(body)}`))).text();
  return defined(/id_descarcare="(\d+)"/.exec(text)?.[1], `id_descarcare in ${text}`);
}
async function etransportUpload(body = DECLARATION): Promise<{ index_incarcare: number; UIT: string }> {
  const res = await post(et(`upload/ETRANSP/${DEMO.cif}/2`), body, 'application/xml');
  return (await res.json()) as { index_incarcare: number; UIT: string };
}
async function etransportIndex(body = DECLARATION): Promise<number> {
  return (await etransportUpload(body)).index_incarcare;
}

/** The paginated list of `cif` over the last hour, page `pagina`. */
function paginated(cif: string, pagina: string | number = 1, extra = ''): Promise<Response> {
  const now = Date.now();
  return api(
    ef(
      `listaMesajePaginatieFactura?startTime=${now - 3_600_000}&endTime=${now}&cif=${cif}&pagina=${pagina}${extra}`,
    ),
  );
}

/** The signature check with these two files. */
function checkSignature(file: Buffer | string, signature: Buffer | string): Promise<Response> {
  const body = new FormData();
  body.append('file', new Blob([file], { type: 'text/xml' }), 'factura.xml');
  body.append('signature', new Blob([signature], { type: 'text/xml' }), 'semnatura_factura.xml');
  return api('/api/validate/signature', { method: 'POST', body });
}
/** The invoice and ANAF's signature from a download ZIP. */
async function downloadedPair(): Promise<{ invoice: Buffer; signature: Buffer }> {
  const entries = unzip(
    Buffer.from(await (await api(ef(`descarcare?id=${await downloadId()}`))).arrayBuffer()),
  );
  const signature = defined(
    entries.find((e) => e.name.startsWith('semnatura_')),
    'the signature',
  ).data;
  const invoice = defined(
    entries.find((e) => !e.name.startsWith('semnatura_')),
    'the invoice',
  ).data;
  return { invoice, signature };
}

/** Upload recipes that differ only in the path (`upload`, `uploadb2c`). */
function uploadRecipes(op: 'upload' | 'uploadb2c'): Record<string, () => Promise<Response>> {
  const up = (query: string, body: string | Buffer = INVOICE) => post(ef(`${op}?${query}`), body);
  const id = `efactura.${op}`;
  return {
    [`${id}/factura-a-fost-incarcata-cu-succes`]: () => up(`standard=UBL&cif=${DEMO.cif}`),
    [`${id}/nu-a-fost-specificat-un-standard-bun`]: () => up(`standard=XYZ&cif=${DEMO.cif}`),
    [`${id}/marimea-fisierului-estre-prea-mare`]: () => up(`standard=UBL&cif=${DEMO.cif}`, OVER_10_MB),
    [`${id}/cif-ul-trebuie-sa-fie-numeric`]: () => up('standard=UBL&cif=123a'),
    [`${id}/fisierul-transmis-nu-respecta-structura-ubl-sau-cii`]: () =>
      up(
        `standard=UBL&cif=${DEMO.cif}`,
        INVOICE.replace(/<Invoice\b/, '<Invoice1').replace('</Invoice>', '</Invoice1>'),
      ),
    [`${id}/parametrul-extern-este-completat-dar-este-invalid`]: () =>
      up(`standard=UBL&cif=${DEMO.cif}&extern=NU`),
    [`${id}/parametrul-autofactura-este-completat-dar-este-invalid`]: () =>
      up(`standard=UBL&cif=${DEMO.cif}&autofactura=NU`),
    [`${id}/parametrul-executare-este-completat-dar-este-invalid`]: () =>
      up(`standard=UBL&cif=${DEMO.cif}&executare=NU`),
    [`${id}/a-fost-atinsa-limita-de-apeluri-zilnice`]: async () => {
      // A CIF of its own (a valid CUI, or the mock refuses it): the RASP quota counts per CUI.
      const cif = op === 'upload' ? '1006' : '1014';
      await repeat(DAILY_QUOTAS.raspUploadsPerCui, () => up(`standard=RASP&cif=${cif}`));
      return up(`standard=RASP&cif=${cif}`);
    },
    [`${id}/nu-ati-atasat-nimic-in-request-body`]: () => up(`standard=UBL&cif=${DEMO.cif}`, ''),
    [`${id}/nu-ati-completat-parametrul-standard-sau-cif`]: () => up('standard=UBL'),
    [`${id}/nu-aveti-dreptul-de-incarcare-pentru-cif-ul-specificat-in-request`]: () =>
      up(`standard=UBL&cif=${WRONG_CNP}`),
  };
}

/** `operationId / example key` → the request that drives the mock into that answer. */
const RECIPES: Record<string, () => Promise<Response>> = {
  'oauth.exchange/tokens': () => exchange(),
  'oauth.exchange/invalid_grant': () =>
    tokenRequest({ grant_type: 'authorization_code', code: 'no-such-code', redirect_uri: DEMO.redirectUri }),
  'oauth.exchange/invalid_client': () => exchange('not-the-secret'),
  ...uploadRecipes('upload'),
  ...uploadRecipes('uploadb2c'),
  'efactura.stareMesaj/factura-a-fost-prelucrata-cu-succes': async () =>
    api(ef(`stareMesaj?id_incarcare=${await uploadIndex()}`)),
  'efactura.stareMesaj/factura-nu-a-fost-prelucrata-cu-succes': async () =>
    api(ef(`stareMesaj?id_incarcare=${await uploadIndex(BAD_SELLER)}`)),
  'efactura.stareMesaj/factura-in-prelucrare': () =>
    withPolls(1, async () => api(ef(`stareMesaj?id_incarcare=${await uploadIndex()}`))),
  'efactura.stareMesaj/factura-nu-a-fost-preluata-de-sistem': async () =>
    api(ef(`stareMesaj?id_incarcare=${await uploadIndex('nu este XML')}`)),
  'efactura.stareMesaj/index-de-incarcare-nu-este-valid': () => api(ef('stareMesaj?id_incarcare=aaa')),
  'efactura.stareMesaj/factura-nu-a-fost-identificata-in-sistem': () =>
    api(ef('stareMesaj?id_incarcare=15000')),
  'efactura.stareMesaj/a-fost-atinsa-limita-de-apeluri-zilnice': async () => {
    const index = await uploadIndex();
    const poll = () => api(ef(`stareMesaj?id_incarcare=${index}`));
    await repeat(DAILY_QUOTAS.statusPerMessage, poll);
    return poll();
  },
  'efactura.stareMesaj/nu-ati-completat-parametrul-id-incarcare': () => api(ef('stareMesaj')),
  'efactura.listaMesajeFactura/cif-ul-returneaza-mesaje': async () => {
    await uploadIndex();
    return api(ef(`listaMesajeFactura?zile=1&cif=${DEMO.cif}`));
  },
  'efactura.listaMesajeFactura/cif-este-non-numeric': () => api(ef('listaMesajeFactura?zile=1&cif=aaa')),
  'efactura.listaMesajeFactura/numar-de-zile-este-non-numeric': () =>
    api(ef(`listaMesajeFactura?zile=aaa&cif=${DEMO.cif}`)),
  'efactura.listaMesajeFactura/numar-de-zile-incorect': () =>
    api(ef(`listaMesajeFactura?zile=61&cif=${DEMO.cif}`)),
  'efactura.listaMesajeFactura/parametrul-filtru-invalid': () =>
    api(ef(`listaMesajeFactura?zile=1&cif=${DEMO.cif}&filtru=X`)),
  'efactura.listaMesajeFactura/nu-exista-mesaje': () => api(ef('listaMesajeFactura?zile=15&cif=19')),
  'efactura.listaMesajeFactura/nu-aveti-drept-pentru-acest-cif': () =>
    api(ef(`listaMesajeFactura?zile=1&cif=${WRONG_CNP}`)),
  'efactura.listaMesajeFactura/limita-mesaje-in-pagina-atinsa': async () => {
    const cif = '1022';
    for (let i = 0; i <= LIST_PAGE_SIZE; i++) await uploadIndex(INVOICE, cif);
    return api(ef(`listaMesajeFactura?zile=1&cif=${cif}`));
  },
  'efactura.listaMesajeFactura/limita-apeluri-zilnice-atinsa': async () => {
    const list = () => api(ef('listaMesajeFactura?zile=1&cif=1030'));
    await repeat(DAILY_QUOTAS.listPerCui, list);
    return list();
  },
  'efactura.listaMesajeFactura/lipsa-zile-sau-cif': () => api(ef('listaMesajeFactura?zile=1')),
  'efactura.listaMesajePaginatieFactura/cif-ul-returneaza-mesaje': async () => {
    await uploadIndex();
    return paginated(DEMO.cif);
  },
  'efactura.listaMesajePaginatieFactura/cif-este-non-numeric': () => paginated('aaa'),
  'efactura.listaMesajePaginatieFactura/starttime-nu-este-un-numar-sau-nu-are-o-valoare-acceptata-de-sistem':
    () => api(ef(`listaMesajePaginatieFactura?startTime=aaa&endTime=${Date.now()}&cif=${DEMO.cif}&pagina=1`)),
  'efactura.listaMesajePaginatieFactura/endtime-nu-este-un-numar-sau-nu-are-o-valoare-acceptata-de-sistem':
    () =>
      api(
        ef(`listaMesajePaginatieFactura?startTime=${Date.now() - 1000}&endTime=aaa&cif=${DEMO.cif}&pagina=1`),
      ),
  'efactura.listaMesajePaginatieFactura/pagina-nu-este-un-numar-sau-nu-are-o-valoare-acceptata-de-sistem':
    () => paginated(DEMO.cif, 'aa'),
  'efactura.listaMesajePaginatieFactura/starttime-mai-vechi-de-60-de-zile': () =>
    api(
      ef(
        `listaMesajePaginatieFactura?startTime=${Date.now() - 61 * 86_400_000}&endTime=${Date.now()}&cif=${DEMO.cif}&pagina=1`,
      ),
    ),
  'efactura.listaMesajePaginatieFactura/endtime-inainte-de-starttime': () =>
    api(
      ef(
        `listaMesajePaginatieFactura?startTime=${Date.now() - 1000}&endTime=${Date.now() - 5000}&cif=${DEMO.cif}&pagina=1`,
      ),
    ),
  'efactura.listaMesajePaginatieFactura/endtime-in-viitor': () =>
    api(
      ef(
        `listaMesajePaginatieFactura?startTime=${Date.now() - 1000}&endTime=${Date.now() + 3_600_000}&cif=${DEMO.cif}&pagina=1`,
      ),
    ),
  'efactura.listaMesajePaginatieFactura/parametrul-filtru-invalid': () => paginated(DEMO.cif, 1, '&filtru=X'),
  'efactura.listaMesajePaginatieFactura/paginia-mai-mare-decat-total-pagini': async () => {
    await uploadIndex();
    return paginated(DEMO.cif, 50);
  },
  'efactura.listaMesajePaginatieFactura/nu-exista-mesaje': () => paginated('1049'),
  'efactura.listaMesajePaginatieFactura/nu-aveti-drept-pentru-acest-cif': () => paginated(WRONG_CNP),
  'efactura.listaMesajePaginatieFactura/lipsa-starttime-endtime-cif-sau-pagina': () =>
    api(ef('listaMesajePaginatieFactura?startTime=1')),
  'efactura.descarcare/factura-a-fost-descarcata-cu-succes': async () =>
    api(ef(`descarcare?id=${await downloadId()}`)),
  'efactura.descarcare/id-ul-furnizat-nu-este-valid': () => api(ef('descarcare?id=123a')),
  'efactura.descarcare/a-fost-atinsa-limita-de-apeluri-zilnice': async () => {
    const download = () => api(ef(`descarcare?id=${id}`));
    const id = await downloadId();
    await repeat(DAILY_QUOTAS.downloadsPerMessage, download);
    return download();
  },
  'efactura.descarcare/nu-exista-nici-o-factura-pentru-id-ul-solicitat': () => api(ef('descarcare?id=21')),
  'efactura.descarcare/nu-ati-completat-parametrul-standard': () => api(ef('descarcare')),
  'efactura.validare/validare-succes': () => post(ef('validare/FACT1'), INVOICE),
  'efactura.validare/validare-esuata': () => post(ef('validare/FACT1'), BAD_SELLER),
  'efactura.validare/standard-invalid': () => post(ef('validare/XYZ'), INVOICE),
  'efactura.validare/dimensiune-prea-mare': () => post(ef('validare/FACT1'), OVER_5_MB),
  'efactura.validare/request-invalid': () => post(ef('validare/'), INVOICE),
  'efactura.transformare/conversie-cu-succes': () => post(ef('transformare/FACT1'), INVOICE),
  'efactura.transformare/validare-esuata': () => post(ef('transformare/FACT1'), BAD_SELLER),
  'efactura.transformare/standard-invalid': () => post(ef('transformare/XYZ'), INVOICE),
  'efactura.transformare/dimensiune-prea-mare': () => post(ef('transformare/FACT1'), OVER_5_MB),
  'efactura.transformare/request-invalid': () => post(ef('transformare/'), INVOICE),
  'efactura.transformareFaraValidare/conversie-cu-succes': () => post(ef('transformare/FACT1/DA'), INVOICE),
  'efactura.transformareFaraValidare/standard-invalid': () => post(ef('transformare/XYZ/DA'), INVOICE),
  'efactura.transformareFaraValidare/dimensiune-prea-mare': () =>
    post(ef('transformare/FACT1/DA'), OVER_5_MB),
  'efactura.transformareFaraValidare/request-invalid': () => post(ef('transformare//DA'), INVOICE),
  'efactura.validareSemnatura/validare-fisiere-incarcate': async () => {
    const { invoice, signature } = await downloadedPair();
    return checkSignature(invoice, signature);
  },
  'efactura.validareSemnatura/nevalidare-fisiere-incarcate': async () => {
    const { signature } = await downloadedPair();
    return checkSignature(BAD_SELLER, signature);
  },
  'efactura.validareSemnatura/400': () => {
    const body = new FormData();
    body.append('file', new Blob([INVOICE], { type: 'text/xml' }), 'factura.xml');
    return api('/api/validate/signature', { method: 'POST', body });
  },
  'etransport.upload/incarcare-cu-succes-v2': () =>
    post(et(`upload/ETRANSP/${DEMO.cif}/2`), DECLARATION, 'application/xml'),
  'etransport.upload/standard-invalid': () =>
    post(et(`upload/EFACT/${DEMO.cif}/2`), DECLARATION, 'application/xml'),
  'etransport.upload/cif-invalid': () => post(et('upload/ETRANSP/123a/2'), DECLARATION, 'application/xml'),
  'etransport.upload/lipsa-drepturi-pentru-cif': () =>
    post(et(`upload/ETRANSP/${WRONG_CNP}/2`), DECLARATION, 'application/xml'),
  'etransport.upload/dimensiune-fisier-prea-mare': () =>
    post(et(`upload/ETRANSP/${DEMO.cif}/2`), OVER_5_MB, 'application/xml'),
  'etransport.upload/fisier-transmis-invalid': () =>
    post(
      et(`upload/ETRANSP/${DEMO.cif}/2`),
      '<?xml version="1.0" encoding="UTF-8"?>\n<a/>',
      'application/xml',
    ),
  'etransport.upload/cale-incorecta': () => post(et('upload/'), DECLARATION, 'application/xml'),
  'etransport.stareMesaj/prelucrare-cu-succes': async () => api(et(`stareMesaj/${await etransportIndex()}`)),
  'etransport.stareMesaj/prelucrare-esuata': async () => {
    const deletion = DECLARATION.replace(
      /<notificare\b[\s\S]*<\/notificare>/,
      '<stergere uit="XAXAXAXAXAXAXAXA"/>',
    );
    return api(et(`stareMesaj/${await etransportIndex(deletion)}`));
  },
  'etransport.stareMesaj/in-prelucrare': () =>
    withPolls(1, async () => api(et(`stareMesaj/${await etransportIndex()}`))),
  'etransport.stareMesaj/xml-eronat': async () => {
    const nothing = DECLARATION.replace(/<notificare\b[\s\S]*<\/notificare>/, '');
    return api(et(`stareMesaj/${await etransportIndex(nothing)}`));
  },
  'etransport.stareMesaj/index-invalid': () => api(et('stareMesaj/a')),
  'etransport.stareMesaj/declaratie-transport-inexistenta': () => api(et('stareMesaj/1')),
  'etransport.stareMesaj/limita-apeluri-zilnice-atinsa': async () => {
    const index = await etransportIndex();
    const poll = () => api(et(`stareMesaj/${index}`));
    await repeat(DAILY_QUOTAS.statusPerMessage, poll);
    return poll();
  },
  'etransport.stareMesaj/cale-incorecta': () => api(et('stareMesaj/')),
  'etransport.lista/lista-mesaje': async () => {
    await etransportIndex();
    return api(et(`lista/1/${DEMO.cif}`));
  },
  'etransport.lista/numar-zile-invalid': () => api(et(`lista/60a/${DEMO.cif}`)),
  'etransport.lista/numar-de-zile-in-afara-intervalului': () => api(et(`lista/61/${DEMO.cif}`)),
  'etransport.lista/cif-invalid': () => api(et('lista/1/123a')),
  'etransport.lista/limita-apeluri-depasita': async () => {
    const list = () => api(et('lista/1/1030'));
    await repeat(DAILY_QUOTAS.listPerCui, list);
    return list();
  },
  'etransport.lista/lipsa-mesaje': () => api(et('lista/60/60')),
  'etransport.lista/cale-incorecta': () => api(et('lista/')),
  'etransport.info/informatii-transport': async () => {
    const { UIT } = await etransportUpload();
    return api(et(`info?cui_op=${DEMO.cif}&uit=${UIT}`));
  },
  'etransport.info/lipsa-informatii': () => api(et(`info?cui_op=${DEMO.cif}&uit=NONE`)),
  'etransport.info/cui-op-invalid': () => api(et('info?cui_op=abc')),
  'etransport.info/lipsa-drepturi-cif': () => api(et(`info?cui_op=${WRONG_CNP}`)),
  'etransport.info/cui-decl-invalid': () => api(et(`info?cui_op=${DEMO.cif}&cui_decl=abc`)),
  'etransport.info/apel-incorect': () => api(et('info')),
  'oauth.hello/hello': () => api(`${Paths.hello}?name=anaf-postman`),
};

function mediaTypeOf(res: Response): string {
  return first((res.headers.get('content-type') ?? '').split(';')).trim();
}

/** Undoes XML character references, as a parser reading the attribute would. */
function unescapeXml(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#\d+|\w+);/g, (m, ref: string) =>
    ref.startsWith('#') ? String.fromCharCode(Number(ref.slice(1))) : (named[ref] ?? m),
  );
}

/**
 * The words of an answer a client reads: XML `errorMessage`s and `stare`, or JSON `Errors`,
 * `Messages`, `eroare`, `message`, `msg`, `error` and `stare`.
 */
function wordsOf(value: unknown): string[] {
  if (typeof value === 'string') {
    const found = [...value.matchAll(/\s(?:errorMessage|stare)="([^"]*)"/g)].map((m) => m[1] ?? '');
    return found.map(unescapeXml);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const v = value as Record<string, unknown>;
  const listed = [v.Errors, v.Messages].flatMap((list) =>
    Array.isArray(list) ? (list as { errorMessage?: unknown; message?: unknown }[]) : [],
  );
  const words = [
    ...listed.map((e) => e.errorMessage ?? e.message),
    v.eroare ?? v.message ?? v.msg ?? v.error,
    v.stare,
  ];
  return words.filter((w): w is string => typeof w === 'string');
}

/** Words compared without their numbers (ids, dates, counts and limits vary; the wording must not). */
const wording = (words: string[]) => words.map((w) => w.replace(/\d+/g, '#'));

/**
 * What real ANAF adds to a documented example, per recipe (tests/fixtures/anaf/captures.ts): the
 * mock says it, the example does not. Cut before the words are compared.
 */
const LIVE_ADDITIONS: Record<string, RegExp> = {
  // ANAF appends its own request moment (END_TIME_IN_FUTURE).
  'efactura.listaMesajePaginatieFactura/endtime-in-viitor': / = \d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/,
};

/** A recipe's key, `operationId/example`, in its two parts. */
function keyParts(key: string): [id: string, example: string] {
  const [id, example, ...rest] = key.split('/');
  if (id === undefined || example === undefined || rest.length > 0) {
    throw new Error(`recipe ${key} is not named operationId/example`);
  }
  return [id, example];
}

describe.each(Object.keys(RECIPES).map((k) => [k] as const))('%s', (key) => {
  it('the mock answers as the document says, and the body validates against its schema', async () => {
    const [id, example] = keyParts(key);
    const op = defined(operations.get(id), `operation ${id} in the document`);
    const examples = Object.values(op.responses)
      .flatMap((r) => Object.values(r.content ?? {}))
      .flatMap((m) => Object.keys(m.examples ?? {}));
    expect(examples).toContain(example);
    const res = await entry(RECIPES, key)();
    const bytes = Buffer.from(await res.arrayBuffer());
    const media = op.responses[String(res.status)]?.content?.[mediaTypeOf(res)];
    expect({ status: res.status, type: mediaTypeOf(res), described: media !== undefined }).toMatchObject({
      described: true,
    });
    // The example's own status and media type are where the mock's answer landed.
    expect(media!.examples ?? {}).toHaveProperty([example]);
    const text = bytes.toString(mediaTypeOf(res).startsWith('application/json') ? 'utf8' : 'latin1');
    const value = mediaTypeOf(res) === 'application/json' ? (JSON.parse(text) as unknown) : text;
    const schema = JSON.parse(
      JSON.stringify(media!.schema).replace(/"#\/components/g, '"doc#/components'),
    ) as object;
    const validate = ajv.compile(schema);
    if (!validate(value))
      throw new Error(`${key}: ${ajv.errorsText(validate.errors)}\n${text.slice(0, 300)}`);
    // ANAF's words, not only its shape: every word the mock says is one the example says.
    const documented = wording(wordsOf((media!.examples![example] as { value: unknown }).value));
    if (documented.length > 0) {
      const added = LIVE_ADDITIONS[key];
      const said = wording(wordsOf(value).map((w) => (added ? w.replace(added, '') : w)));
      expect(said.length).toBeGreaterThan(0);
      for (const w of said) expect(documented).toContain(w);
    }
  });
});

it('every operation of the document has at least one answer driven from the mock', () => {
  const driven = new Set(Object.keys(RECIPES).map((k) => keyParts(k)[0]));
  const missing = [...operations.keys()].filter((id) => !driven.has(id) && !id.startsWith('oauth.'));
  expect(missing).toEqual([]);
});

it('the examples the recipes name exist (a renamed answer fails here, not silently)', () => {
  // OAuth examples are named by RFC 6749's error codes, not by ANAF's Romanian names.
  const anaf = Object.keys(RECIPES)
    .map(keyParts)
    .filter(([id]) => !id.startsWith('oauth.'));
  for (const [, example] of anaf) expect(exampleKey(example)).toBe(example);
});
