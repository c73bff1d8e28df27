/**
 * A step that fails clears the id it would have produced, so the step that reads it skips itself
 * instead of passing on an id left by an earlier run.
 */
import nock from 'nock';
import { API, committedCollection, jwt, nowSeconds, prodEnvironment, requestId, runNewman } from './helpers';
import { useStrictNock } from './nock-setup';

useStrictNock();

const collection = committedCollection();
const access = jwt(nowSeconds() + 30 * 86400);
const EF = '/prod/FCTEL/rest';
const ET = '/prod/ETRANSPORT/ws/v1';
const api = () => nock(API, { reqheaders: { authorization: `Bearer ${access}` } });
const run = (folder: string[], values: Record<string, string>) =>
  runNewman({ collection, environment: prodEnvironment({ accessToken: access, ...values }), folder });
const ids = (folder: string, ...names: string[]) => names.map((n) => requestId(collection, folder, n));
const sentTo = (r: { sent: string[] }, fragment: string) => r.sent.filter((s) => s.includes(fragment));

describe('ids left by an earlier run are never used after a failed step', () => {
  it('a refused e-Transport upload clears etransportUploadIndex: stareMesaj skips itself', async () => {
    api()
      .post(`${ET}/upload/ETRANSP/12345674/2`)
      .reply(200, { ExecutionStatus: 1, Errors: [{ errorMessage: 'Fisierul nu respecta structura' }] });
    const r = await run(ids('e-Transport', 'upload', 'stareMesaj'), { etransportUploadIndex: '999' });
    expect(r.env.etransportUploadIndex).toBe('');
    expect(sentTo(r, '/stareMesaj/')).toEqual([]);
    expect(r.assertions.filter((a) => a.item === 'stareMesaj')).toEqual([]);
    expect(r.failures.map((f) => f.item)).toEqual(['upload']);
  });

  it('a refused e-Factura upload clears uploadIndex: stareMesaj skips itself', async () => {
    api()
      .post(`${EF}/upload`)
      .query(true)
      .reply(
        200,
        '<header xmlns="mfp:anaf:dgti:spv:respUploadFisier:v1" ExecutionStatus="1"><Errors errorMessage="CIF introdus= 1 nu este un numar"/></header>',
        { 'Content-Type': 'application/xml' },
      );
    const r = await run(ids('e-Factura', 'upload', 'stareMesaj'), { uploadIndex: '5' });
    expect(r.env.uploadIndex).toBe('');
    expect(sentTo(r, '/stareMesaj')).toEqual([]);
    expect(r.failures.map((f) => f.item)).toEqual(['upload']);
  });

  it.each([
    [
      'an error',
      '<header xmlns="mfp:anaf:dgti:efactura:stareMesajFactura:v1"><Errors errorMessage="Nu aveti dreptul"/></header>',
    ],
    ['in prelucrare', '<header xmlns="mfp:anaf:dgti:efactura:stareMesajFactura:v1" stare="in prelucrare"/>'],
  ])('stareMesaj answering %s clears downloadId: descarcare skips itself', async (_what, xml) => {
    api().get(`${EF}/stareMesaj`).query(true).reply(200, xml, { 'Content-Type': 'application/xml' });
    const r = await run(ids('e-Factura', 'stareMesaj', 'descarcare'), { uploadIndex: '5', downloadId: '77' });
    expect(r.env.downloadId).toBe('');
    expect(sentTo(r, '/descarcare')).toEqual([]);
  });

  it('a processed message still chains its id_descarcare to the download', async () => {
    api()
      .get(`${EF}/stareMesaj`)
      .query(true)
      .reply(
        200,
        '<header xmlns="mfp:anaf:dgti:efactura:stareMesajFactura:v1" stare="ok" id_descarcare="1234"/>',
        {
          'Content-Type': 'application/xml',
        },
      );
    api().get(`${EF}/descarcare`).query({ id: '1234' }).reply(200, Buffer.from('PK\u0003\u0004rest'), {
      'Content-Type': 'application/zip',
    });
    const r = await run(ids('e-Factura', 'stareMesaj', 'descarcare'), { uploadIndex: '5', downloadId: '77' });
    expect(r.env.downloadId).toBe('1234');
    expect(sentTo(r, '/descarcare')).toHaveLength(1);
  });
});
