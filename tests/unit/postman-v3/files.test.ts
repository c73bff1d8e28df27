/**
 * The collection in Postman's collection format v3: the same requests, scripts, descriptions,
 * variables and auth as the v2.1 collection, in the layout `postman collection migrate` writes, read
 * back with a YAML parser (the `yaml` devDependency). `postman collection lint` and `collection run`
 * of these files are checked by scripts/postman-cli-check.js (CI), not here.
 */
import { parse } from 'yaml';
import { ALL_ENDPOINTS } from '../../../src/anaf';
import { generate, type PostmanCollection, type PostmanRequestItem } from '../../../src/generate';
import { generatePostmanV3, postmanV3CollectionDir } from '../../../src/postman-v3';
import { safeStem, uniqueStems } from '../../../src/postman-v3/names';
import { collectionScript } from '../../../src/postman-v3/scripts';

type Doc = Record<string, unknown>;

const files = generatePostmanV3();
const v21 = (lang: 'en' | 'ro'): PostmanCollection => {
  const found = generate().collections.find((c) => c.lang === lang);
  if (!found) throw new Error(`no ${lang} collection`);
  return found.collection;
};

function doc(relativePath: string): Doc {
  const file = files.find((f) => f.relativePath === relativePath);
  if (!file) throw new Error(`no ${relativePath}`);
  return parse(file.text) as Doc;
}

/** Every request of a v2.1 collection with the folder it sits in. */
function requests(c: PostmanCollection): { folder: string; item: PostmanRequestItem }[] {
  return c.item.flatMap((f) => f.item.map((item) => ({ folder: f.name, item })));
}

describe.each(['en', 'ro'] as const)('generatePostmanV3 (%s)', (lang) => {
  const dir = postmanV3CollectionDir(lang);
  const collection = v21(lang);
  const definition = doc(`${dir}/.resources/definition.yaml`);

  it('one request file per endpoint, named after the request, in its folder, with its id and order', () => {
    const requestFiles = files.filter(
      (f) => f.relativePath.startsWith(`${dir}/`) && f.relativePath.endsWith('.request.yaml'),
    );
    expect(requestFiles).toHaveLength(ALL_ENDPOINTS.length);
    for (const [i, folder] of collection.item.entries()) {
      const folderDoc = doc(`${dir}/${folder.name}/.resources/definition.yaml`);
      expect(folderDoc).toEqual({
        $kind: 'collection',
        id: folder.id,
        description: folder.description,
        order: (i + 1) * 1000,
      });
      for (const [j, item] of folder.item.entries()) {
        const r = doc(`${dir}/${folder.name}/${item.name}.request.yaml`);
        expect(r.$kind).toBe('http-request');
        expect(r.id).toBe(item.id);
        expect(r.name).toBeUndefined(); // the stem is the name
        expect(r.order).toBe((j + 1) * 1000);
      }
    }
  });

  it('each request keeps method, URL, query (disabled ones marked), headers, body and description', () => {
    for (const { folder, item } of requests(collection)) {
      const r = doc(`${dir}/${folder}/${item.name}.request.yaml`);
      const q = item.request.url.query ?? [];
      expect([r.method, r.url, r.description]).toEqual([
        item.request.method,
        item.request.url.raw,
        item.request.description,
      ]);
      const query = r.queryParams as
        undefined | Record<string, string> | { key: string; value: string; disabled?: boolean }[];
      const asList = Array.isArray(query)
        ? query.map((p) => ({ key: p.key, value: p.value, ...(p.disabled ? { disabled: true } : {}) }))
        : Object.entries(query ?? {}).map(([key, value]) => ({ key, value }));
      expect(asList).toEqual(
        q.map((p) => ({ key: p.key, value: p.value, ...(p.disabled ? { disabled: true } : {}) })),
      );
      expect(r.headers ?? {}).toEqual(Object.fromEntries(item.request.header.map((h) => [h.key, h.value])));
      const body = item.request.body;
      if (!body) expect(r.body).toBeUndefined();
      else if (body.mode === 'raw') expect(r.body).toEqual({ type: 'xml', content: body.raw });
      else if (body.mode === 'urlencoded')
        expect(r.body).toEqual({
          type: 'urlencoded',
          content: Object.fromEntries(body.urlencoded.map((f) => [f.key, f.value])),
        });
      else
        expect(r.body).toEqual({
          type: 'formdata',
          content: body.formdata.map((f) => ({ type: 'file', key: f.key, src: f.src })),
        });
    }
  });

  it('auth: the OAuth 2.0 bearer on every request that inherits it, Basic or none where the v2.1 request has its own', () => {
    const oauth2 = Object.fromEntries((collection.auth.oauth2 ?? []).map((a) => [a.key, a.value]));
    expect(oauth2.accessToken).toBe('{{accessToken}}');
    expect(definition.auth).toBeUndefined();
    for (const { folder, item } of requests(collection)) {
      const r = doc(`${dir}/${folder}/${item.name}.request.yaml`);
      const own = item.request.auth;
      if (!own) expect(r.auth).toEqual({ type: 'oauth2', credentials: oauth2 });
      else if (own.type === 'basic')
        expect(r.auth).toEqual({
          type: 'basic',
          credentials: { username: '{{clientId}}', password: '{{clientSecret}}' },
        });
      else expect(r.auth).toEqual({ type: own.type });
    }
  });

  it('the collection keeps name, id, description and the variables with their descriptions, no secret among them', () => {
    expect([definition.$kind, definition.id, definition.name, definition.description]).toEqual([
      'collection',
      collection.info._postman_id,
      collection.info.name,
      collection.info.description,
    ]);
    expect(definition.variables).toEqual(
      (collection.variable ?? []).map((v) => ({ key: v.key, value: '', description: v.description })),
    );
    expect(JSON.stringify(definition.variables)).not.toMatch(/clientSecret|accessToken"|refreshToken"/);
  });

  it('tests stay on their request; pre-request scripts run from the collection script, after the refresh, keyed by id', () => {
    const scripts = definition.scripts as { type: string; code: string; language: string }[];
    expect(scripts).toHaveLength(1);
    const [script] = scripts;
    expect(script?.type).toBe('http:beforeRequest');
    const refresh = collection.event[0]?.script.exec ?? [];
    // The v2.1 refresh script, whole, then each request's own pre-request script.
    for (const line of refresh.filter((l) => l.trim() !== '')) expect(script?.code).toContain(line.trim());
    for (const { folder, item } of requests(collection)) {
      const r = doc(`${dir}/${folder}/${item.name}.request.yaml`);
      const test = item.event?.find((e) => e.listen === 'test');
      const pre = item.event?.find((e) => e.listen === 'prerequest');
      const own = (r.scripts ?? []) as { type: string; code: string }[];
      expect(own.map((s) => s.type)).toEqual(test ? ['afterResponse'] : []);
      if (test) expect(own[0]?.code).toBe(test.script.exec.join('\n'));
      if (pre) {
        expect(script?.code).toContain(`${JSON.stringify(item.id)}: function (pm) {`);
        for (const line of pre.script.exec.filter((l) => l.trim() !== ''))
          expect(script?.code).toContain(line.trim());
      } else expect(script?.code).not.toContain(JSON.stringify(item.id));
    }
  });
});

describe('the collection script', () => {
  it('is valid JavaScript, and runs the own script after the refresh, not when the refresh skipped the request', () => {
    const code = collectionScript(
      ['log("refresh"); if (skip) pm.execution.skipRequest();'],
      [{ id: 'r1', label: 'F / r1', lines: ['log("own r1");'] }],
    );
    const run = (id: string, skip: boolean) => {
      const calls: string[] = [];
      const pm = {
        info: { requestId: id },
        request: { auth: auth && { type: auth } },
        execution: { skipRequest: () => calls.push('skip') },
        sendRequest: () => undefined,
      };
      new Function('pm', 'log', 'skip', code)(pm, (s: string) => calls.push(s), skip);
      return calls;
    };
    let auth: string | undefined = 'oauth2';
    expect(run('r1', false)).toEqual(['refresh', 'own r1']);
    expect(run('r1', true)).toEqual(['refresh', 'skip']);
    expect(run('other', false)).toEqual(['refresh']);
    // The token requests (Basic), the browser step and a request without auth: no refresh.
    for (auth of ['basic', 'noauth', undefined]) expect(run('r1', false)).toEqual(['own r1']);
  });

  it('waits for a token request in flight before the own script', () => {
    const code = collectionScript(
      ['pm.sendRequest({}, function () { log("refreshed"); });'],
      [{ id: 'r1', label: 'F / r1', lines: ['log("own");'] }],
    );
    const calls: string[] = [];
    let answer: (() => void) | undefined;
    const pm = {
      info: { requestId: 'r1' },
      request: { auth: { type: 'oauth2' } },
      execution: { skipRequest: () => calls.push('skip') },
      sendRequest: (_r: unknown, cb: () => void) => {
        answer = cb;
      },
    };
    new Function('pm', 'log', code)(pm, (s: string) => calls.push(s));
    expect(calls).toEqual([]);
    answer?.();
    expect(calls).toEqual(['refreshed', 'own']);
  });
});

describe('names', () => {
  it('keeps a safe name, replaces what Postman’s linter refuses, and numbers case-insensitive collisions', () => {
    expect(safeStem('transformare (no validation)')).toBe('transformare (no validation)');
    expect(safeStem('a/b: c?')).toBe('a-b- c-');
    expect(safeStem('con')).toBe('con-');
    expect(uniqueStems(['upload', 'Upload', 'upload'])).toEqual(['upload', 'Upload (2)', 'upload (3)']);
  });

  it('is deterministic and follows --lang and --services', () => {
    expect(generatePostmanV3()).toEqual(files);
    const ro = generatePostmanV3({ langs: 'ro', services: 'efactura' });
    expect(ro.every((f) => f.relativePath.startsWith('postman-v3/anaf.ro/'))).toBe(true);
    expect(ro.some((f) => f.relativePath.includes('/e-Transport/'))).toBe(false);
  });
});
