/**
 * The e-Factura and e-Transport test scripts: answers judged by their body (ExecutionStatus, Errors,
 * stare, eroare), ids chained into variables, requests without their input id skipping themselves.
 */
import nock from 'nock';
import { API, committedCollection, jwt, nowSeconds, prodEnvironment, requestId, runNewman } from './helpers';
import { useStrictNock } from './nock-setup';

useStrictNock();

const collection = committedCollection();
const EF = '/prod/FCTEL/rest';
const ET = '/prod/ETRANSPORT/ws/v1';
const access = jwt(nowSeconds() + 30 * 86400);
const efactura = (name: string) => requestId(collection, 'e-Factura', name);
const etransport = (name: string) => requestId(collection, 'e-Transport', name);

/** ANAF's API host, expecting the stored bearer. */
const api = () => nock(API, { reqheaders: { authorization: `Bearer ${access}` } });

function xmlHeader(ns: string, attrs: string, errors?: string): string {
  const open = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<header xmlns="${ns}" ${attrs}`;
  return errors === undefined ? `${open}/>` : `${open}>\n  <Errors errorMessage="${errors}"/>\n</header>`;
}
const UPLOAD_NS = 'mfp:anaf:dgti:spv:respUploadFisier:v1';
const STATUS_NS = 'mfp:anaf:dgti:efactura:stareMesajFactura:v1';
const XML = { 'Content-Type': 'application/xml' };

async function run(folder: string, values: Record<string, string> = {}) {
  return runNewman({ collection, environment: prodEnvironment({ accessToken: access, ...values }), folder });
}

const failed = (r: { failures: { name: string; message: string }[] }) =>
  r.failures.map((f) => [f.name, f.message]);

describe('e-Factura upload (XML answer)', () => {
  it('ExecutionStatus="0" passes and stores index_incarcare as uploadIndex', async () => {
    api()
      .post(`${EF}/upload`, /<Invoice/)
      .query({ standard: 'UBL', cif: '12345674' })
      .reply(
        200,
        xmlHeader(UPLOAD_NS, 'dateResponse="202108051140" ExecutionStatus="0" index_incarcare="3828"'),
        XML,
      );
    const r = await run(efactura('upload'));
    expect(r.failures).toEqual([]);
    expect(r.assertions.map((a) => a.name)).toEqual([
      'status is 200',
      'upload accepted (ExecutionStatus 0, index_incarcare)',
    ]);
    expect(r.env.uploadIndex).toBe('3828');
  });

  it('a 200 with ExecutionStatus="1" fails with ANAF errorMessage and clears uploadIndex (no later step may use an earlier id)', async () => {
    api()
      .post(`${EF}/upload`)
      .query(true)
      .reply(
        200,
        xmlHeader(
          UPLOAD_NS,
          'dateResponse="202108051140" ExecutionStatus="1"',
          'Nu aveti drept in SPV pentru CIF=12345674',
        ),
        XML,
      );
    const r = await run(efactura('upload'), { uploadIndex: '11' });
    expect(failed(r)).toEqual([
      [
        'upload accepted (ExecutionStatus 0, index_incarcare)',
        'ExecutionStatus=1: Nu aveti drept in SPV pentru CIF=12345674',
      ],
    ]);
    expect(r.env.uploadIndex).toBe('');
  });

  it('ExecutionStatus="1" fails even without an Errors element', async () => {
    api()
      .post(`${EF}/upload`)
      .query(true)
      .reply(200, xmlHeader(UPLOAD_NS, 'ExecutionStatus="1" index_incarcare="12"'), XML);
    const r = await run(efactura('upload'));
    expect(failed(r)).toEqual([
      ['upload accepted (ExecutionStatus 0, index_incarcare)', 'ExecutionStatus=1'],
    ]);
    expect(r.env.uploadIndex).toBe('');
  });

  it('a 401 fails the status test only, naming refresh and login', async () => {
    api().post(`${EF}/upload`).query(true).reply(401, { error: 'The access token expired' });
    const r = await run(efactura('upload'));
    expect(failed(r)).toEqual([
      [
        'status is 200',
        'the access token was refused (HTTP 401); run `anaf-postman refresh`, or `anaf-postman login` if the refresh is refused too; ANAF said: The access token expired',
      ],
    ]);
  });
});

describe('e-Factura stareMesaj (XML answer)', () => {
  const status = (attrs: string, errors?: string) =>
    api()
      .get(`${EF}/stareMesaj`)
      .query({ id_incarcare: '3828' })
      .reply(200, xmlHeader(STATUS_NS, attrs, errors), XML);

  it('stare="ok" passes and stores id_descarcare as downloadId', async () => {
    status('stare="ok" id_descarcare="1234"');
    const r = await run(efactura('stareMesaj'), { uploadIndex: '3828' });
    expect(r.failures).toEqual([]);
    expect(r.env.downloadId).toBe('1234');
  });

  it('stare="in prelucrare" passes with a console note', async () => {
    status('stare="in prelucrare"');
    const r = await run(efactura('stareMesaj'), { uploadIndex: '3828' });
    expect(r.failures).toEqual([]);
    expect(r.env.downloadId).toBe('');
    expect(r.console).toContain(
      'info: still processing (stare: in prelucrare): run the status request again later',
    );
  });

  it('stare="nok" fails but still chains the id of the error ZIP', async () => {
    status('stare="nok" id_descarcare="99"');
    const r = await run(efactura('stareMesaj'), { uploadIndex: '3828' });
    expect(failed(r)).toEqual([['message processed without errors', 'stare: nok']]);
    expect(r.env.downloadId).toBe('99');
  });

  it('Errors fail with the errorMessage', async () => {
    status('', 'Nu exista factura cu id_incarcare= 3828');
    const r = await run(efactura('stareMesaj'), { uploadIndex: '3828' });
    expect(failed(r)).toEqual([
      ['message state is known (stare)', 'Nu exista factura cu id_incarcare= 3828'],
    ]);
  });

  it('skips itself with a console note while uploadIndex is empty', async () => {
    const r = await run(efactura('stareMesaj'));
    expect(r.failures).toEqual([]);
    expect(r.sent).toEqual([]);
    expect(r.console).toEqual(['info: stareMesaj: skipped: no value yet for uploadIndex']);
  });
});

describe('e-Factura lists (JSON answer)', () => {
  const list = () => api().get(`${EF}/listaMesajeFactura`).query({ zile: '60', cif: '12345674' });

  it('messages pass, and the first id becomes downloadId when none is stored', async () => {
    list().reply(200, {
      mesaje: [
        {
          data_creare: '202211011415',
          cif: '12345674',
          id_solicitare: '5',
          tip: 'FACTURA TRIMISA',
          id: '77',
        },
      ],
      serial: 'x',
      cui: '12345674',
      titlu: 'Lista Mesaje',
    });
    const r = await run(efactura('listaMesajeFactura'));
    expect(r.failures).toEqual([]);
    expect(r.env.downloadId).toBe('77');
  });

  it('"Nu exista mesaje…" is an empty list: it passes', async () => {
    list().reply(200, { eroare: 'Nu exista mesaje in ultimele 60 zile', titlu: 'Lista Mesaje' });
    const r = await run(efactura('listaMesajeFactura'));
    expect(r.failures).toEqual([]);
    expect(r.console).toContain(
      'info: no messages in the requested period: Nu exista mesaje in ultimele 60 zile',
    );
  });

  it('a 200 with another eroare fails with it', async () => {
    list().reply(200, { eroare: 'CIF introdus= 12345674 nu este un numar', titlu: 'Lista Mesaje' });
    const r = await run(efactura('listaMesajeFactura'));
    expect(failed(r)).toEqual([
      ['list answered without error (an empty list passes)', 'CIF introdus= 12345674 nu este un numar'],
    ]);
  });

  it('the paginated list fills startTime/endTime with 59 days ending a minute ago (Unix ms) when empty', async () => {
    let query: Record<string, string> = {};
    const before = Date.now();
    api()
      .get(`${EF}/listaMesajePaginatieFactura`)
      .query((q) => {
        query = q as Record<string, string>;
        return true;
      })
      .reply(200, { eroare: 'Nu exista mesaje in intervalul selectat', titlu: 'Lista Mesaje' });
    const r = await run(efactura('listaMesajePaginatieFactura'));
    const after = Date.now();
    expect(r.failures).toEqual([]);
    expect(query).toMatchObject({ cif: '12345674', pagina: '1' });
    const start = Number(query.startTime);
    const end = Number(query.endTime);
    // ANAF refuses an endTime even a second ahead of its clock: a minute of margin.
    expect(end).toBeGreaterThanOrEqual(before - 60_000);
    expect(end).toBeLessThanOrEqual(after - 60_000);
    expect(end - start).toBe(59 * 86400_000 - 60_000);
    // Filled for the run only: the environment keeps them empty.
    expect(r.env).toMatchObject({ listStartTime: '', listEndTime: '' });
  });

  it('the paginated list keeps startTime/endTime the environment gives', async () => {
    api()
      .get(`${EF}/listaMesajePaginatieFactura`)
      .query({ startTime: '1700000000000', endTime: '1700000900000', cif: '12345674', pagina: '1' })
      .reply(200, { mesaje: [], numar_total_pagini: 0 });
    const r = await run(efactura('listaMesajePaginatieFactura'), {
      listStartTime: '1700000000000',
      listEndTime: '1700000900000',
    });
    expect(r.failures).toEqual([]);
  });
});

describe('e-Factura descarcare', () => {
  const download = () => api().get(`${EF}/descarcare`).query({ id: '1234' });
  const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40, 0)]);

  it('a ZIP passes', async () => {
    download().reply(200, zip, { 'Content-Type': 'application/octet-stream' });
    const r = await run(efactura('descarcare'), { downloadId: '1234' });
    expect(r.failures).toEqual([]);
  });

  it('a JSON eroare in a 200 fails with it', async () => {
    download().reply(200, {
      eroare: 'Pentru id=1234 nu exista inregistrata nici o factura',
      titlu: 'Descarcare mesaj',
    });
    const r = await run(efactura('descarcare'), { downloadId: '1234' });
    expect(failed(r)).toEqual([
      ['download is a ZIP archive', 'Pentru id=1234 nu exista inregistrata nici o factura'],
    ]);
  });

  it('anything else fails', async () => {
    download().reply(200, 'hello', { 'Content-Type': 'text/plain' });
    const r = await run(efactura('descarcare'), { downloadId: '1234' });
    expect(failed(r)).toEqual([
      ['download is a ZIP archive', 'the answer is neither a ZIP archive nor an ANAF error: hello'],
    ]);
  });

  it('skips itself before any id_descarcare is known, sending nothing', async () => {
    const r = await run(efactura('descarcare'));
    expect(r.failures).toEqual([]);
    expect(r.sent).toEqual([]);
    expect(r.console).toEqual(['info: descarcare: skipped: no value yet for downloadId']);
  });
});

describe('e-Factura validare and transformare', () => {
  it('validare stare ok passes, nok fails with the Messages', async () => {
    api()
      .post(`${EF}/validare/FACT1`)
      .reply(200, { stare: 'ok', Messages: [{ message: 'E-factura este valida' }] });
    expect((await run(efactura('validare'))).failures).toEqual([]);

    api()
      .post(`${EF}/validare/FACT1`)
      .reply(200, { stare: 'nok', Messages: [{ message: 'BR-01 lipseste' }], trace_id: 't' });
    expect(failed(await run(efactura('validare')))).toEqual([
      ['validation answered stare ok', 'stare: nok: BR-01 lipseste'],
    ]);
  });

  it('transformare: a PDF passes, JSON stare nok fails', async () => {
    api()
      .post(`${EF}/transformare/FACT1`)
      .reply(200, Buffer.from('%PDF-1.4\n%mock\n'), { 'Content-Type': 'application/pdf' });
    expect((await run(efactura('transformare'))).failures).toEqual([]);

    api()
      .post(`${EF}/transformare/FACT1`)
      .reply(200, { stare: 'nok', Messages: [{ message: 'Fisierul nu este o factura' }] });
    expect(failed(await run(efactura('transformare')))).toEqual([
      ['conversion returned a PDF', 'stare: nok: Fisierul nu este o factura'],
    ]);
  });
});

describe('e-Transport (JSON answers)', () => {
  it('upload ExecutionStatus 0 stores index_incarcare as etransportUploadIndex', async () => {
    api().post(`${ET}/upload/ETRANSP/12345674/2`).reply(200, {
      dateResponse: '202401011200',
      ExecutionStatus: 0,
      index_incarcare: 5001,
      UIT: 'ABC',
      trace_id: 't',
    });
    const r = await run(etransport('upload'));
    expect(r.failures).toEqual([]);
    expect(r.env.etransportUploadIndex).toBe('5001');
  });

  it('upload ExecutionStatus 1 fails with the Errors', async () => {
    api()
      .post(`${ET}/upload/ETRANSP/12345674/2`)
      .reply(200, { ExecutionStatus: 1, Errors: [{ errorMessage: 'Fisierul transmis nu este un XML' }] });
    const r = await run(etransport('upload'));
    expect(failed(r)).toEqual([
      [
        'upload accepted (ExecutionStatus 0, index_incarcare)',
        'ExecutionStatus=1: Fisierul transmis nu este un XML',
      ],
    ]);
    expect(r.env.etransportUploadIndex).toBe('');
  });

  it('stareMesaj ok passes; Errors fail', async () => {
    api().get(`${ET}/stareMesaj/5001`).reply(200, { stare: 'ok', ExecutionStatus: 0 });
    expect((await run(etransport('stareMesaj'), { etransportUploadIndex: '5001' })).failures).toEqual([]);

    api()
      .get(`${ET}/stareMesaj/5001`)
      .reply(200, {
        ExecutionStatus: 1,
        Errors: [{ errorMessage: 'Nu exista mesaj cu id_incarcare= 5001' }],
      });
    const r = await run(etransport('stareMesaj'), { etransportUploadIndex: '5001' });
    expect(failed(r)).toEqual([
      ['message state is known (stare)', 'ExecutionStatus=1: Nu exista mesaj cu id_incarcare= 5001'],
    ]);
  });

  it('lista: the empty answer (ExecutionStatus 1, "Nu exista mesaje…") passes; another error fails', async () => {
    api()
      .get(`${ET}/lista/60/12345674`)
      .reply(200, { ExecutionStatus: 1, Errors: [{ errorMessage: 'Nu exista mesaje in ultimele 60 zile' }] });
    expect((await run(etransport('lista'))).failures).toEqual([]);

    api()
      .get(`${ET}/lista/60/12345674`)
      .reply(200, {
        ExecutionStatus: 1,
        Errors: [{ errorMessage: 'Numarul de zile trebuie sa fie intre 1 si 60' }],
      });
    expect(failed(await run(etransport('lista')))).toEqual([
      [
        'list answered without error (an empty list passes)',
        'ExecutionStatus=1: Numarul de zile trebuie sa fie intre 1 si 60',
      ],
    ]);
  });
});
