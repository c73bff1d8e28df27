/**
 * The collection's scripts against real ANAF traffic that ANAF's OpenAPI documents do not show
 * (tests/fixtures/anaf/captures.ts; sources in tests/fixtures/anaf/README.md), through Newman on
 * ANAF's real hostnames (nock): another wording of a daily limit, plain text where JSON was
 * expected, validation messages in both of ANAF's forms, an upload refused with HTTP 400 JSON, and
 * an API 401.
 */
import nock from 'nock';
import { documentedAnswer, isDailyQuota, ruleMessage } from '../../../src/anaf';
import { failureExitCode } from '../../../src/run/recorder';
import { ExitCode } from '../../../src/errors';
import {
  API_401,
  DOWNLOAD_QUOTA_PLAIN,
  UPLOAD_400,
  VALIDATION_NOK_STRUCTURED,
  VALIDATION_NOK_STRUCTURED_SHOWN,
} from '../../fixtures/anaf/captures';
import { API, committedCollection, jwt, nowSeconds, prodEnvironment, requestId, runNewman } from './helpers';
import { useStrictNock } from './nock-setup';

useStrictNock();

const collection = committedCollection();
const EF = '/prod/FCTEL/rest';
const access = jwt(nowSeconds() + 30 * 86400);
const efactura = (name: string) => requestId(collection, 'e-Factura', name);
const oauth = (name: string) => requestId(collection, 'OAuth 2.0', name);
const api = () => nock(API, { reqheaders: { authorization: `Bearer ${access}` } });
const run = (folder: string, values: Record<string, string> = {}) =>
  runNewman({ collection, environment: prodEnvironment({ accessToken: access, ...values }), folder });
const failed = (r: { failures: { name: string; message: string }[] }) =>
  r.failures.map((f) => [f.name, f.message]);

const DAILY = 'daily limit reached (not retried; try again tomorrow):';

describe('a daily limit in its other wording ("Ai atins limita de N …")', () => {
  it('is a daily quota on the TypeScript side too', () => {
    expect(isDailyQuota(DOWNLOAD_QUOTA_PLAIN)).toBe(true);
  });

  it('as plain text instead of a ZIP: named the daily limit, in ANAF words, requested once', async () => {
    api()
      .get(`${EF}/descarcare`)
      .query(true)
      .once()
      .reply(200, DOWNLOAD_QUOTA_PLAIN, { 'Content-Type': 'text/plain;charset=UTF-8' });
    const r = await run(efactura('descarcare'), { downloadId: '7' });
    expect(failed(r)).toEqual([['download is a ZIP archive', `${DAILY} ${DOWNLOAD_QUOTA_PLAIN}`]]);
    expect(r.sent.filter((s) => s.includes('descarcare'))).toHaveLength(1);
  });

  it('in a JSON eroare: named the daily limit', async () => {
    api()
      .get(`${EF}/descarcare`)
      .query(true)
      .reply(200, { eroare: DOWNLOAD_QUOTA_PLAIN, titlu: 'Descarcare mesaj' });
    const r = await run(efactura('descarcare'), { downloadId: '7' });
    expect(failed(r)).toEqual([['download is a ZIP archive', `${DAILY} ${DOWNLOAD_QUOTA_PLAIN}`]]);
  });

  it('as plain text where JSON is expected: the words are kept, not only "answer is not JSON"', async () => {
    api()
      .get(`${EF}/listaMesajeFactura`)
      .query(true)
      .reply(200, 'Serviciul nu raspunde momentan.', { 'Content-Type': 'text/plain' });
    const r = await run(efactura('listaMesajeFactura'));
    expect(failed(r)).toEqual([
      [
        'list answered without error (an empty list passes)',
        'answer is not JSON: Serviciul nu raspunde momentan.',
      ],
    ]);
  });
});

describe('validation messages in both of ANAF forms', () => {
  it('the structured form (tipAssert=…; codEroare=…; textEroare=…): each rule as code and text', async () => {
    api().post(`${EF}/validare/FACT1`).reply(200, VALIDATION_NOK_STRUCTURED, {
      'Content-Type': 'application/json',
    });
    const r = await run(efactura('validare'));
    expect(failed(r)).toEqual([
      ['validation answered stare ok', `stare: nok: ${VALIDATION_NOK_STRUCTURED_SHOWN.join('; ')}`],
    ]);
  });

  it('the E: … form of ANAF documented answer: each rule as code and text', async () => {
    const answer = documentedAnswer('efactura.validare', 'validare esuata');
    api().post(`${EF}/validare/FACT1`).reply(200, answer.body, { 'Content-Type': 'application/json' });
    const r = await run(efactura('validare'));
    const message = r.failures[0]?.message ?? '';
    expect(message).toMatch(/^stare: nok: BR-CO-09: The Seller VAT identifier \(BT-31\)/);
    expect(message).toContain('; BR-RO-110: Daca Codul ţării vânzătorului (BT-40)');
    expect(message).toMatch(/; R_BT_32_cui: Cui vanzator incorect \/ validare CUI \(1234\)$/);
    const messages = (JSON.parse(answer.body) as { Messages: { message: string }[] }).Messages;
    expect(message).toBe(`stare: nok: ${messages.map((m) => ruleMessage(m.message)).join('; ')}`);
  });

  it('transformare reads them the same way', async () => {
    api().post(`${EF}/transformare/FACT1`).reply(200, VALIDATION_NOK_STRUCTURED, {
      'Content-Type': 'application/json',
    });
    const r = await run(efactura('transformare'));
    expect(failed(r)).toEqual([
      ['conversion returned a PDF', `stare: nok: ${VALIDATION_NOK_STRUCTURED_SHOWN.join('; ')}`],
    ]);
  });
});

describe('an upload refused with HTTP 400 JSON', () => {
  it('fails once, in ANAF words, without a second "ExecutionStatus=undefined"', async () => {
    api().post(`${EF}/upload`).query(true).reply(400, UPLOAD_400, { 'Content-Type': 'application/json' });
    const r = await run(efactura('upload'), { uploadIndex: '11' });
    expect(failed(r)).toEqual([
      ['status is 200', 'HTTP 400: Trebuie sa aveti atasat in request un fisier de tip xml'],
    ]);
    expect(r.env.uploadIndex).toBe('');
  });
});

describe('an API 401 (the access token refused)', () => {
  const REFUSED =
    'the access token was refused (HTTP 401); run `anaf-postman refresh`, or `anaf-postman login` if the refresh is refused too; ANAF said: Unauthorized';

  it('says what to run, with ANAF words', async () => {
    nock(API)
      .get('/TestOauth/jaxrs/hello')
      .query(true)
      .reply(API_401.status, API_401.body, { 'Content-Type': 'application/json' });
    const r = await run(oauth('TestOauth hello'));
    expect(failed(r)).toEqual([
      ['status is 200', REFUSED],
      ['TestOauth answers Hello', '{"message":"Unauthorized","status":"401"}'],
    ]);
    expect(failureExitCode(REFUSED)).toBe(ExitCode.authorizationNeeded);
  });

  it('on an upload: once, and the same words', async () => {
    api().post(`${EF}/upload`).query(true).reply(API_401.status, API_401.body, {
      'Content-Type': 'application/json',
    });
    expect(failed(await run(efactura('upload')))).toEqual([['status is 200', REFUSED]]);
  });
});
