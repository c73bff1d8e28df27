/**
 * Every request of the committed collections against a closed port (connection refused): the test
 * scripts then see no response at all. Each failure must be the request error itself or a named
 * test of ours, never a script that threw (which hides the tests after it and names no check).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { PostmanCollection } from '../../../src/generate';
import { environment, jwt, nowSeconds, requestId, ROOT, runNewman } from './helpers';

/** A port that accepted nothing a moment ago: listened on, then closed. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function readJson<T>(relative: string): T {
  return JSON.parse(fs.readFileSync(path.join(ROOT, relative), 'utf8')) as T;
}

/** The requests whose test script reads the response text itself (not only through JSON.parse). */
const READS_TEXT: [folder: string, name: string][] = [
  ['OAuth 2.0', 'TestOauth hello'],
  ['e-Factura', 'upload'],
  ['e-Factura', 'uploadb2c'],
  ['e-Factura', 'descarcare'],
  ['e-Factura', 'transformare'],
];

/** One Newman failure as the summary holds it. */
interface RawFailure {
  error: { name: string; message: string; test?: string };
  at?: string;
  source?: { id?: string; name?: string };
}

describe.each([
  ['en', 'collections/anaf.postman_collection.json'],
  ['ro', 'collections/anaf.ro.postman_collection.json'],
])('no response (connection refused), %s collection', (lang, file) => {
  const strings = readJson<Record<string, string>>(`templates/i18n/${lang}.json`);
  const testNames = new Set(Object.values(strings));

  it('every failure is the request error or a named test; the body tests say there was no answer', async () => {
    const base = `http://127.0.0.1:${await closedPort()}`;
    const env = environment(
      {
        oauthBaseUrl: `${base}/anaf-oauth2/v1`,
        efacturaBaseUrl: `${base}/prod/FCTEL/rest`,
        efacturaToolsBaseUrl: `${base}/prod/FCTEL/rest`,
        etransportBaseUrl: `${base}/prod/ETRANSPORT/ws/v1`,
        apiBaseUrl: base,
        clientId: 'closed-port-client',
        clientSecret: 'closed-port-secret',
        cif: '12345674',
        authorizationCode: 'a-code',
        accessToken: jwt(nowSeconds() + 30 * 86400),
        refreshToken: jwt(nowSeconds() + 300 * 86400),
        uploadIndex: '3828',
        downloadId: '1234',
        etransportUploadIndex: '5678',
      },
      'environments/anaf-mock.postman_environment.json',
    );
    const collection = readJson<PostmanCollection>(file);
    const r = await runNewman({ collection, environment: env, timeoutRequest: 5000 });

    const failures = r.summary.run.failures as unknown as RawFailure[];
    const requestErrors = failures.filter((f) => f.at === 'request');
    const others = failures.filter((f) => f.at !== 'request');
    // Every request was sent and refused.
    expect(requestErrors.length).toBe(r.summary.run.executions.length);
    expect(requestErrors.length).toBeGreaterThanOrEqual(READS_TEXT.length);
    for (const f of requestErrors) expect(f.error.message).toMatch(/ECONNREFUSED/);
    // The rest are failed assertions of named tests: no script threw.
    const named = (test: string | undefined) =>
      test !== undefined && [...testNames].some((n) => test === n || test.startsWith(`${n}: `));
    const thrown = others.filter((f) => !/^assertion:/.test(f.at ?? '') || !named(f.error.test));
    expect(thrown.map((f) => `${f.source?.name} (${f.at}): ${f.error.name}: ${f.error.message}`)).toEqual([]);
    expect(others.length).toBeGreaterThan(0);
    // Every test of a request that got no answer fails saying so, `status is 200` included.
    // The failed uploads cleared their ids: the status requests skipped themselves.
    for (const folder of ['e-Factura', 'e-Transport']) {
      const id = requestId(collection, folder, 'stareMesaj');
      expect(r.summary.run.executions.filter((e) => e.item.id === id)).toEqual([]);
    }
    for (const [folder, name] of READS_TEXT) {
      const id = requestId(collection, folder, name);
      const body = others.filter((f) => f.source?.id === id);
      expect(body.map((f) => [`${folder} / ${name}`, f.error.message])).toEqual([
        [`${folder} / ${name}`, strings.networkError],
        [`${folder} / ${name}`, strings.networkError],
      ]);
    }
  });
});
