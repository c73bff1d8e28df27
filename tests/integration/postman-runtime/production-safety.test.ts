/**
 * The committed collection against ANAF's real production hosts (nock), in the Postman app's engine
 * (postman-runtime) and in Newman: nothing is filed unless the environment allows it for the very
 * cif, the shipped demo documents never go even then, one document is filed once per run, and a
 * healthy token is never spent. Any request nock did not expect fails the test (strict nock).
 */
import fs from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import { Paths, Var } from '../../../src/anaf';
import { stableId } from '../../../src/generate/ids';
import type { PostmanCollection } from '../../../src/generate';
import { API, jwt, nowSeconds, OAUTH, OWN_DOCUMENTS, prodEnvironment } from '../generate/helpers';
import { useStrictNock } from '../generate/nock-setup';
import { runInNewman, runInPostmanRuntime, type RunResult } from './engines';

useStrictNock();

const ROOT = path.resolve(__dirname, '..', '..', '..');
const collection = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'collections', 'anaf.postman_collection.json'), 'utf8'),
) as PostmanCollection;
const id = (endpoint: string) => stableId('request', endpoint);
const UPLOADS = [id('efactura.upload'), id('efactura.uploadb2c'), id('etransport.upload')];
const ENGINES = [
  ['postman-runtime', runInPostmanRuntime],
  ['newman', runInNewman],
] as const;

const access = jwt(nowSeconds() + 30 * 86400);
const refresh = jwt(nowSeconds() + 300 * 86400, 'refresh');
/** A healthy production environment: a month of access token left, filing not allowed, no documents. */
const healthy = (values: Record<string, string> = {}) =>
  prodEnvironment({
    accessToken: access,
    refreshToken: refresh,
    allowFilingForCif: '',
    efacturaDocument: '',
    etransportDocument: '',
    ...values,
  });

const failed = (run: RunResult) =>
  run.items.flatMap((i) => i.assertions.filter((a) => !a.passed).map((a) => `${i.name}: ${a.name}`));
const skipped = (run: RunResult) => run.items.filter((i) => i.skipped).map((i) => i.name);

/** An upload interceptor on production that records each body it receives. */
function uploadAt(pathPrefix: string, bodies: string[]) {
  nock(API)
    .post((uri) => uri.startsWith(pathPrefix))
    .reply(200, (_uri, body) => {
      bodies.push(String(body));
      return pathPrefix.includes('ETRANSPORT')
        ? { ExecutionStatus: 0, index_incarcare: 5001, dateResponse: '202612070900' }
        : '<header xmlns="mfp:anaf:dgti:spv:respUploadFisier:v1" ExecutionStatus="0" index_incarcare="5001"/>';
    });
}

describe.each(ENGINES)('ANAF production in %s', (_engine, runIn) => {
  it('a whole-collection run with a valid token: no token request, no upload, no failure', async () => {
    // Only the read requests may reach ANAF: strict nock fails on anything else (a token POST, an upload).
    nock(API)
      .persist()
      .get(() => true)
      .reply(200, { mesaje: [], serial: 's', cui: '12345674', titlu: 'Lista' });
    nock(API)
      .persist()
      .post((uri) => /\/(validare|transformare)\//.test(uri))
      .reply(200, { stare: 'ok', trace_id: 't' });
    const ids = collection.item.flatMap((folder) => (folder.item ?? []).map((i) => i.id));
    const run = await runIn(collection, healthy(), ids);
    nock.cleanAll(); // the persisted read interceptors are not "pending"

    expect(run.items.filter((i) => i.name === 'Refresh access token').every((i) => i.skipped)).toBe(true);
    expect(skipped(run)).toEqual(expect.arrayContaining(['upload', 'uploadb2c']));
    expect(run.items.filter((i) => i.name === 'upload')).toHaveLength(2);
    expect(run.items.filter((i) => /upload/.test(i.name)).every((i) => i.skipped)).toBe(true);
    // Skipped for want of the allowance: a note, not a failure (a read-only suite stays green).
    expect(failed(run).filter((f) => /upload/.test(f))).toEqual([]);
    expect(run.values[Var.refreshToken]).toBe(refresh);
  });

  it('allowed for the cif, the shipped demo documents fail and are not sent', async () => {
    const run = await runIn(collection, healthy({ allowFilingForCif: '12345674' }), UPLOADS);
    expect(run.items.map((i) => [i.name, i.skipped])).toEqual([
      ['upload', true],
      ['uploadb2c', true],
      ['upload', true],
    ]);
    expect(failed(run)).toHaveLength(3);
    for (const f of failed(run))
      expect(f).toMatch(/^(upload|uploadb2c): \1: refused, not sent to ANAF production$/);
  });

  it('allowed for another cif: not filed, skipped without failing', async () => {
    const run = await runIn(
      collection,
      healthy({ allowFilingForCif: '87654329', ...OWN_DOCUMENTS }),
      UPLOADS,
    );
    expect(run.items.every((i) => i.skipped)).toBe(true);
    expect(failed(run)).toEqual([]);
  });

  it('allowed for the cif with documents of the user’s own: each is sent once, in place of the sample', async () => {
    const invoices: string[] = [];
    const declarations: string[] = [];
    uploadAt('/prod/FCTEL/rest/upload?', invoices);
    uploadAt('/prod/ETRANSPORT/ws/v1/upload/ETRANSP/12345674/2', declarations);
    const run = await runIn(
      collection,
      healthy({ allowFilingForCif: '12345674', ...OWN_DOCUMENTS }),
      UPLOADS,
    );
    // upload and the e-Transport upload went; uploadb2c would file the same invoice again: refused.
    expect(run.items.map((i) => [i.name, i.skipped])).toEqual([
      ['upload', false],
      ['uploadb2c', true],
      ['upload', false],
    ]);
    expect(invoices).toEqual([OWN_DOCUMENTS.efacturaDocument]);
    expect(declarations).toEqual([OWN_DOCUMENTS.etransportDocument]);
    expect(failed(run)).toEqual(['uploadb2c: uploadb2c: refused, not sent to ANAF production']);
  });

  it('the test stage files the demo documents without an allowance', async () => {
    const bodies: string[] = [];
    uploadAt('/test/FCTEL/rest/upload?', bodies);
    const env = healthy({ efacturaBaseUrl: `${API}/test/FCTEL/rest` });
    const run = await runIn(collection, env, [id('efactura.upload')]);
    expect(run.items.map((i) => i.skipped)).toEqual([false]);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toContain('Furnizor Demo SRL');
  });

  it('an access token within the refresh margin: the refresh request goes, once', async () => {
    nock(OAUTH)
      .post(Paths.token)
      .reply(200, {
        access_token: jwt(nowSeconds() + 90 * 86400),
        token_type: 'Bearer',
        expires_in: 7776000,
      });
    const run = await runIn(collection, healthy({ accessToken: jwt(nowSeconds() + 60) }), [
      id('oauth.refresh'),
    ]);
    expect(run.items.map((i) => i.skipped)).toEqual([false]);
    expect(failed(run)).toEqual([]);
  });

  it('forceRefresh with an unknown spelling fails and sends nothing; "yes" sends', async () => {
    const env = (force: string) => {
      const e = healthy();
      e.values.push({ key: 'forceRefresh', value: force, type: 'default', enabled: true });
      return e;
    };
    const unknown = await runIn(collection, env('ture'), [id('oauth.refresh')]);
    expect(unknown.items.map((i) => i.skipped)).toEqual([true]);
    expect(failed(unknown)).toEqual([expect.stringMatching(/forceRefresh: not a yes\/no value/)]);

    nock(OAUTH)
      .post(Paths.token)
      .reply(200, {
        access_token: jwt(nowSeconds() + 90 * 86400),
        token_type: 'Bearer',
        expires_in: 7776000,
      });
    const yes = await runIn(collection, env('yes'), [id('oauth.refresh')]);
    expect(yes.items.map((i) => i.skipped)).toEqual([false]);
  });
});
