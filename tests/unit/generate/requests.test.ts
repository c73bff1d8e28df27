/**
 * Every request of the collection, checked against the hand-written table of `expected.ts`
 * (transcribed from anaf-reference.md), in the generated objects and in the committed file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generate, type PostmanCollection, type PostmanRequestItem } from '../../../src/generate';
import { first } from '../../helpers/checked';
import {
  ANY,
  BODY_CLIENT_FIELDS,
  EXPECTED_REQUESTS,
  REFERENCE_URLS,
  requestKey,
  requestsOf,
  variableRefs,
  type ExpectedRequest,
} from './expected';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function committed(file: string): PostmanCollection {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'collections', file), 'utf8')) as PostmanCollection;
}

function english(result: ReturnType<typeof generate>): PostmanCollection {
  const found = result.collections.find((c) => c.lang === 'en');
  if (!found) throw new Error('no English collection generated');
  return found.collection;
}

type ClientAuthMode = 'basic' | 'body';

/** Collections to check, with the client authentication each was generated with. */
const SOURCES: [string, ClientAuthMode, () => PostmanCollection][] = [
  ['generate() (default: basic)', 'basic', () => english(generate())],
  ['generate({ clientAuth: "body" })', 'body', () => english(generate({ clientAuth: 'body' }))],
  ['generate({ lang: ro })', 'basic', () => first(generate({ langs: ['ro'] }).collections).collection],
  [
    'committed collections/anaf.postman_collection.json',
    'basic',
    () => committed('anaf.postman_collection.json'),
  ],
  [
    'committed collections/anaf.ro.postman_collection.json',
    'basic',
    () => committed('anaf.ro.postman_collection.json'),
  ],
];

function find(collection: PostmanCollection, exp: ExpectedRequest): PostmanRequestItem {
  const matches = requestsOf(collection).filter((r) => requestKey(r) === requestKey(exp));
  expect(matches.map((m) => requestKey(m))).toEqual([requestKey(exp)]);
  return first(matches).item;
}

function headerValue(item: PostmanRequestItem, name: string): string[] {
  return item.request.header.filter((h) => h.key.toLowerCase() === name.toLowerCase()).map((h) => h.value);
}

function sortPairs(pairs: [string, string][]): [string, string][] {
  return [...pairs].sort((a, b) => (a[0] === b[0] ? 0 : a[0] < b[0] ? -1 : 1));
}

describe.each(SOURCES)('requests of %s', (_label, clientAuth, load) => {
  let collection: PostmanCollection;
  beforeAll(() => {
    collection = load();
  });

  it('has exactly the reference requests, in folder order', () => {
    expect(collection.item.map((f) => f.name)).toEqual([
      'OAuth 2.0',
      'e-Factura',
      'Received invoices',
      'e-Transport',
    ]);
    expect(requestsOf(collection).map(requestKey)).toEqual(EXPECTED_REQUESTS.map((e) => requestKey(e)));
  });

  describe.each(EXPECTED_REQUESTS.map((e) => [requestKey(e), e] as const))('%s', (_key, exp) => {
    it('method and URL: host variable + path, raw in agreement', () => {
      const item = find(collection, exp);
      expect(item.request.method).toBe(exp.method);
      expect(item.request.url.host).toEqual([exp.host]);
      expect(item.request.url.path).toEqual(exp.path);
      const sent = exp.query.filter((q) => q[2] !== 'disabled');
      const [rawBase, rawSearch] = item.request.url.raw.split('?');
      expect(rawBase).toBe(`${exp.host}/${exp.path.join('/')}`);
      if (sent.length === 0) {
        expect(rawSearch).toBeUndefined();
      } else {
        const rawPairs = (rawSearch ?? '').split('&').map((p) => p.split('='));
        expect(rawPairs.map((p) => p[0])).toEqual(sent.map((q) => q[0]));
        const structured = (item.request.url.query ?? []).filter((q) => !q.disabled);
        expect(rawPairs.map((p) => p.slice(1).join('='))).toEqual(structured.map((q) => q.value));
      }
    });

    it('query: keys, values and which are disabled', () => {
      const item = find(collection, exp);
      const actual = (item.request.url.query ?? []).map((q) => ({
        key: q.key,
        value: q.value,
        disabled: q.disabled === true,
      }));
      const expected = exp.query.map(([key, value, disabled]) => ({
        key,
        value: value === ANY ? expect.stringMatching(/\S/) : value,
        disabled: disabled === 'disabled',
      }));
      expect(actual).toEqual(expected);
    });

    it('body: form fields or raw XML with its Content-Type', () => {
      const item = find(collection, exp);
      const body = item.request.body;
      if (exp.form) {
        expect(body?.mode).toBe('urlencoded');
        if (body?.mode !== 'urlencoded') return;
        const fields = body.urlencoded.map((f) => [f.key, f.value] as [string, string]);
        const expected =
          exp.auth === 'client' && clientAuth === 'body' ? [...exp.form, ...BODY_CLIENT_FIELDS] : exp.form;
        expect(sortPairs(fields)).toEqual(sortPairs(expected));
        expect(new Set(fields.map((f) => f[0])).size).toBe(fields.length);
        expect(body.urlencoded.filter((f) => (f as { disabled?: boolean }).disabled)).toEqual([]);
        for (const type of headerValue(item, 'Content-Type')) {
          expect(type).toBe('application/x-www-form-urlencoded');
        }
      } else if (exp.files) {
        expect(body?.mode).toBe('formdata');
        if (body?.mode !== 'formdata') return;
        expect(body.formdata.map((f) => [f.key, f.src])).toEqual(exp.files);
        expect(body.formdata.every((f) => f.type === 'file')).toBe(true);
        // multipart: the client writes the Content-Type with its boundary.
        expect(headerValue(item, 'Content-Type')).toEqual([]);
      } else if (exp.rawContentType) {
        expect(body?.mode).toBe('raw');
        if (body?.mode !== 'raw') return;
        expect(body.raw.trim()).toMatch(/^<[\s\S]*>$/);
        expect(headerValue(item, 'Content-Type')).toEqual([exp.rawContentType]);
      } else {
        expect(body).toBeUndefined();
        expect(headerValue(item, 'Content-Type')).toEqual([]);
      }
    });

    it(`auth (${clientAuth} client authentication)`, () => {
      const item = find(collection, exp);
      const auth = item.request.auth;
      expect(headerValue(item, 'Authorization')).toEqual([]);
      if (exp.auth === 'inherit') {
        expect(auth).toBeUndefined();
      } else if (exp.auth === 'noauth' || clientAuth === 'body') {
        expect(auth).toEqual({ type: 'noauth' });
      } else {
        expect(auth?.type).toBe('basic');
        const attrs = Object.fromEntries((auth?.basic ?? []).map((a) => [a.key, a.value]));
        expect(attrs).toEqual({ username: '{{clientId}}', password: '{{clientSecret}}' });
      }
      if (exp.auth === 'client' && clientAuth === 'basic') {
        const keys =
          item.request.body?.mode === 'urlencoded' ? item.request.body.urlencoded.map((f) => f.key) : [];
        expect(keys).not.toContain('client_secret');
        expect(keys).not.toContain('client_id');
      }
    });
  });

  it('offers no revoke request (ANAF dropped it; the reference says not to rely on it)', () => {
    const urls = requestsOf(collection).map((r) => r.item.request.url.raw);
    expect(urls.filter((u) => /revoke/i.test(u))).toEqual([]);
  });
});

describe('reference coverage', () => {
  // anaf-reference.md lists four e-Transport endpoints: upload, stareMesaj, lista and
  // `info?cui_op=...` (GET, record lookup).
  it('e-Transport has the info?cui_op=... lookup the reference lists', () => {
    const collection = english(generate());
    const info = requestsOf(collection).filter(
      (r) =>
        r.folder === 'e-Transport' &&
        r.item.request.method === 'GET' &&
        r.item.request.url.host[0] === '{{etransportBaseUrl}}' &&
        r.item.request.url.path.join('/') === 'info',
    );
    expect(info).toHaveLength(1);
    expect((first(info).item.request.url.query ?? []).map((q) => q.key)).toEqual([
      'cui_op',
      'cui_decl',
      'uit',
      'ref_decl',
    ]);
  });
});

describe('URLs resolved with the prod and test environments equal the reference URLs', () => {
  const result = generate();
  const collection = english(result);
  describe.each(['prod', 'test'] as const)('%s', (stage) => {
    const env = result.environments.find((e) => e.stage === stage)?.environment;
    const values = Object.fromEntries((env?.values ?? []).map((v) => [v.key, v.value]));
    const resolve = (raw: string) =>
      first(raw.split('?')).replace(
        /^\{\{([^{}]+)\}\}/,
        (_m, name: string) => values[name] ?? `<unset ${name}>`,
      );
    it.each(Object.entries(REFERENCE_URLS[stage]))('%s → %s', (key, url) => {
      const found = requestsOf(collection).find((r) => requestKey(r) === key);
      expect(found && resolve(found.item.request.url.raw)).toBe(url);
    });
  });
});

describe('variables the requests use', () => {
  const result = generate();
  const collection = english(result);
  const requestText = JSON.stringify([collection.auth, requestsOf(collection).map((r) => r.item.request)]);

  it.each(result.environments.map((e) => [e.stage, e.environment] as const))(
    'every {{variable}} of the requests and auth is defined in the %s environment',
    (_stage, env) => {
      const keys = env.values.map((v) => v.key);
      expect(variableRefs(requestText).filter((name) => !keys.includes(name))).toEqual([]);
    },
  );

  it.each(result.environments.map((e) => [e.stage, e.environment] as const))(
    'every {{variable}} anywhere in both collections (descriptions, scripts) is defined in the %s environment',
    (_stage, env) => {
      const keys = env.values.map((v) => v.key);
      for (const { lang, collection: c } of result.collections) {
        expect([lang, variableRefs(JSON.stringify(c)).filter((name) => !keys.includes(name))]).toEqual([
          lang,
          [],
        ]);
      }
    },
  );

  it.each(result.environments.map((e) => [e.stage, e.environment] as const))(
    'the %s environment defaults of the request inputs are values ANAF accepts',
    (_stage, env) => {
      const v = Object.fromEntries(env.values.map((x) => [x.key, x.value]));
      expect(['UBL', 'CN', 'CII', 'RASP']).toContain(v.uploadStandard);
      expect(['FACT1', 'FCN']).toContain(v.validationStandard);
      expect(v.listDays).toMatch(/^\d+$/);
      expect(Number(v.listDays)).toBeGreaterThanOrEqual(1);
      expect(Number(v.listDays)).toBeLessThanOrEqual(60);
      expect(['', 'E', 'T', 'P', 'R']).toContain(v.listFilter);
    },
  );
});
