/**
 * The mock against the document: each documented answer the mock can be driven into is requested,
 * and the mock's answer must be one the document describes (status and media type) and validate
 * against that response's schema. So the mock and the document cannot drift apart.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { MOCK_DEMO_CLIENT as DEMO, Paths } from '../../../src/anaf';
import { startMock, type MockServer } from '../../../src/mock';
import { buildOpenApi } from '../../../src/openapi';
import { exampleKey } from '../../../src/openapi/responses';
import { defined, entry, first } from '../../helpers/checked';

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
const post = (p: string, body: string, type = 'text/plain') =>
  api(p, { method: 'POST', body, headers: { 'Content-Type': type } });

async function uploadIndex(): Promise<string> {
  const text = await (await post(ef(`upload?standard=UBL&cif=${DEMO.cif}`), INVOICE)).text();
  return defined(/index_incarcare="(\d+)"/.exec(text)?.[1], `index_incarcare in ${text}`);
}
async function downloadId(): Promise<string> {
  const text = await (await api(ef(`stareMesaj?id_incarcare=${await uploadIndex()}`))).text();
  return defined(/id_descarcare="(\d+)"/.exec(text)?.[1], `id_descarcare in ${text}`);
}
async function etransportIndex(): Promise<number> {
  const up = (await (
    await post(et(`upload/ETRANSP/${DEMO.cif}/2`), DECLARATION, 'application/xml')
  ).json()) as {
    index_incarcare: number;
  };
  return up.index_incarcare;
}

/** `operationId / example key` → the request that drives the mock into that answer. */
const RECIPES: Record<string, () => Promise<Response>> = {
  'efactura.upload/factura-a-fost-incarcata-cu-succes': () =>
    post(ef(`upload?standard=UBL&cif=${DEMO.cif}`), INVOICE),
  'efactura.upload/nu-a-fost-specificat-un-standard-bun': () =>
    post(ef(`upload?standard=XYZ&cif=${DEMO.cif}`), INVOICE),
  'efactura.upload/parametrul-extern-este-completat-dar-este-invalid': () =>
    post(ef(`upload?standard=UBL&cif=${DEMO.cif}&extern=NU`), INVOICE),
  'efactura.upload/nu-ati-completat-parametrul-standard-sau-cif': () =>
    post(ef('upload?standard=UBL'), INVOICE),
  'efactura.upload/nu-ati-atasat-nimic-in-request-body': () =>
    post(ef(`upload?standard=UBL&cif=${DEMO.cif}`), ''),
  'efactura.uploadb2c/factura-a-fost-incarcata-cu-succes': () =>
    post(ef(`uploadb2c?standard=UBL&cif=${DEMO.cif}`), INVOICE),
  'efactura.stareMesaj/factura-a-fost-prelucrata-cu-succes': async () =>
    api(ef(`stareMesaj?id_incarcare=${await uploadIndex()}`)),
  'efactura.stareMesaj/nu-ati-completat-parametrul-id-incarcare': () => api(ef('stareMesaj')),
  'efactura.listaMesajeFactura/cif-ul-returneaza-mesaje': async () => {
    await uploadIndex();
    return api(ef(`listaMesajeFactura?zile=1&cif=${DEMO.cif}`));
  },
  'efactura.listaMesajeFactura/numar-de-zile-incorect': () =>
    api(ef(`listaMesajeFactura?zile=61&cif=${DEMO.cif}`)),
  'efactura.listaMesajeFactura/parametrul-filtru-invalid': () =>
    api(ef(`listaMesajeFactura?zile=1&cif=${DEMO.cif}&filtru=X`)),
  'efactura.listaMesajeFactura/lipsa-zile-sau-cif': () => api(ef('listaMesajeFactura?zile=1')),
  'efactura.listaMesajePaginatieFactura/cif-ul-returneaza-mesaje': async () => {
    await uploadIndex();
    const now = Date.now();
    return api(
      ef(`listaMesajePaginatieFactura?startTime=${now - 3_600_000}&endTime=${now}&cif=${DEMO.cif}&pagina=1`),
    );
  },
  'efactura.listaMesajePaginatieFactura/endtime-inainte-de-starttime': () =>
    api(
      ef(
        `listaMesajePaginatieFactura?startTime=${Date.now() - 1000}&endTime=${Date.now() - 5000}&cif=${DEMO.cif}&pagina=1`,
      ),
    ),
  'efactura.listaMesajePaginatieFactura/lipsa-starttime-endtime-cif-sau-pagina': () =>
    api(ef('listaMesajePaginatieFactura?startTime=1')),
  'efactura.descarcare/factura-a-fost-descarcata-cu-succes': async () =>
    api(ef(`descarcare?id=${await downloadId()}`)),
  'efactura.descarcare/id-ul-furnizat-nu-este-valid': () => api(ef('descarcare?id=123a')),
  'efactura.descarcare/nu-ati-completat-parametrul-standard': () => api(ef('descarcare')),
  'efactura.validare/validare-succes': () => post(ef('validare/FACT1'), INVOICE),
  'efactura.validare/standard-invalid': () => post(ef('validare/XYZ'), INVOICE),
  'efactura.transformare/conversie-cu-succes': () => post(ef('transformare/FACT1'), INVOICE),
  'efactura.transformareFaraValidare/conversie-cu-succes': () => post(ef('transformare/FACT1/DA'), INVOICE),
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
  'etransport.stareMesaj/prelucrare-cu-succes': async () => api(et(`stareMesaj/${await etransportIndex()}`)),
  'etransport.stareMesaj/index-invalid': () => api(et('stareMesaj/a')),
  'etransport.lista/lista-mesaje': async () => {
    await etransportIndex();
    return api(et(`lista/1/${DEMO.cif}`));
  },
  'etransport.lista/numar-de-zile-in-afara-intervalului': () => api(et(`lista/61/${DEMO.cif}`)),
  'etransport.info/lipsa-informatii': () => api(et(`info?cui_op=${DEMO.cif}&uit=NONE`)),
  'etransport.info/apel-incorect': () => api(et('info')),
  'oauth.hello/hello': () => api(`${Paths.hello}?name=anaf-postman`),
};

function mediaTypeOf(res: Response): string {
  return first((res.headers.get('content-type') ?? '').split(';')).trim();
}

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
  });
});

it('every operation of the document has at least one answer driven from the mock', () => {
  const driven = new Set(Object.keys(RECIPES).map((k) => keyParts(k)[0]));
  const missing = [...operations.keys()].filter((id) => !driven.has(id) && !id.startsWith('oauth.'));
  expect(missing).toEqual([]);
});

it('the examples the recipes name exist (a renamed answer fails here, not silently)', () => {
  for (const [, example] of Object.keys(RECIPES).map(keyParts)) expect(exampleKey(example)).toBe(example);
});
