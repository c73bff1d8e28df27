/**
 * What real ANAF does that the documented answers do not show: the firewall page, quota answers
 * (never retried), the paginated list walking every page, invalid_client as 400 or 401.
 */
import nock from 'nock';
import {
  API,
  basicHeader,
  committedCollection,
  jwt,
  nowSeconds,
  OAUTH,
  prodEnvironment,
  requestId,
  runNewman,
  TOKEN_PATH,
} from './helpers';
import { useStrictNock } from './nock-setup';

useStrictNock();

const collection = committedCollection();
const access = jwt(nowSeconds() + 30 * 86400);
const EF = '/prod/FCTEL/rest';
const api = () => nock(API, { reqheaders: { authorization: `Bearer ${access}` } });
const run = (folder: string, values: Record<string, string> = {}) =>
  runNewman({ collection, environment: prodEnvironment({ accessToken: access, ...values }), folder });
const efactura = (name: string) => requestId(collection, 'e-Factura', name);

const FIREWALL =
  '<html><head><title>Request Rejected</title></head><body>The requested URL was rejected. Please consult with ' +
  'your administrator.<br><br>Your support ID is: 18446744073709551615<br><br></body></html>';

describe('the firewall page', () => {
  it('fails the status test naming the firewall and the support ID', async () => {
    api().get(`${EF}/stareMesaj`).query(true).reply(200, FIREWALL, { 'Content-Type': 'text/html' });
    const r = await run(efactura('stareMesaj'), { uploadIndex: '1' });
    expect(r.failures.find((f) => f.name === 'status is 200')?.message).toBe(
      "ANAF's firewall rejected the request (an HTML page instead of the API's answer), support ID 18446744073709551615",
    );
  });
});

describe('daily quotas', () => {
  it('a quota answer is named and requested once only', async () => {
    api().get(`${EF}/descarcare`).query(true).once().reply(200, {
      eroare: 'S-au facut deja 10 descarcari de mesaj in cursul zilei',
      titlu: 'Descarcare mesaj',
    });
    const r = await run(efactura('descarcare'), { downloadId: '7' });
    expect(r.failures.map((f) => f.message)).toEqual([
      'daily limit reached (not retried; try again tomorrow): S-au facut deja 10 descarcari de mesaj in cursul zilei',
    ]);
    expect(r.sent.filter((s) => s.includes('descarcare'))).toHaveLength(1);
  });
});

describe('the paginated list in a collection run', () => {
  it('walks every page with the same window and chains the first id', async () => {
    const pages: Record<string, string>[] = [];
    const answer = (page: number) => ({
      mesaje: [{ id: `30${page}`, tip: 'FACTURA PRIMITA' }],
      numar_total_pagini: 3,
      index_pagina_curenta: page,
    });
    for (const page of [1, 2, 3]) {
      api()
        .get(`${EF}/listaMesajePaginatieFactura`)
        .query((q) => {
          if (q.pagina !== String(page)) return false;
          pages.push(q as Record<string, string>);
          return true;
        })
        .reply(200, answer(page));
    }
    const r = await run(efactura('listaMesajePaginatieFactura'));
    expect(r.failures).toEqual([]);
    expect(pages.map((p) => p.pagina)).toEqual(['1', '2', '3']);
    expect(new Set(pages.map((p) => `${p.startTime}-${p.endTime}`)).size).toBe(1);
    expect(r.env.downloadId).toBe('301');
    expect(r.env.listPage).toBe('1');
    expect(r.console).toContain('info: list page 1 of 3: the next page follows');
  });
});

describe('invalid_client', () => {
  it.each([400, 401])('HTTP %s is named the same way', async (status) => {
    nock(OAUTH, { reqheaders: { authorization: basicHeader() } })
      .post(TOKEN_PATH)
      .reply(status, { error: 'invalid_client', error_description: 'Bad client credentials' });
    const r = await runNewman({
      collection,
      environment: prodEnvironment({ refreshToken: jwt(nowSeconds() + 86400) }),
      folder: requestId(collection, 'OAuth 2.0', 'Refresh access token'),
    });
    expect(r.failures.map((f) => f.name)).toContain(
      `token request rejected: invalid_client — Bad client credentials (HTTP ${status})`,
    );
  });
});

describe('the paginated list never loops on an answer that ignores pagina', () => {
  it('stops after one request when page 1 comes back for page 1 only once', async () => {
    api()
      .get(`${EF}/listaMesajePaginatieFactura`)
      .query(true)
      .reply(200, { mesaje: [{ id: '1' }], numar_total_pagini: 3, index_pagina_curenta: 1 });
    api()
      .get(`${EF}/listaMesajePaginatieFactura`)
      .query((q) => q.pagina === '2')
      .reply(200, { mesaje: [{ id: '2' }], numar_total_pagini: 3, index_pagina_curenta: 1 });
    const r = await run(efactura('listaMesajePaginatieFactura'));
    expect(r.failures).toEqual([]);
    expect(r.sent.filter((s) => s.includes('listaMesajePaginatieFactura'))).toHaveLength(2);
  });
});
