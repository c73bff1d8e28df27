/** The generated Bruno files: Bruno's own parser reads them, and they hold no user value. */
import { ALL_ENDPOINTS, MOCK_DEMO_CLIENT, SECRET_VARS, Var } from '../../../src/anaf';
import { chosenFolders } from '../../../src/bruno/collection';
import { resolveOptions } from '../../../src/generate/options';
import { brunoCollectionDir, generateBruno } from '../../../src/bruno';

// Bruno's parser, from the @usebruno/cli devDependency.
const lang = require('@usebruno/lang') as {
  bruToJsonV2(text: string): {
    http: { method: string; url: string; auth: string; body: string };
    script?: { req?: string };
    tests?: string;
  };
  bruToEnvJsonV2(text: string): { variables: { name: string; value: string; secret: boolean }[] };
  collectionBruToJson(text: string): {
    auth: { mode: string; bearer?: { token: string } };
    script: { req?: string };
  };
};

const files = generateBruno({ langs: 'en', brunoFormat: 'bru' });
const text = (rel: string) => {
  const file = files.find((f) => f.relativePath === `${brunoCollectionDir('en')}/${rel}`);
  if (!file) throw new Error(`no ${rel}`);
  return file.text;
};

describe('generateBruno (.bru)', () => {
  it('writes one request per endpoint, each parsed by Bruno with its method, URL and auth', () => {
    const requests = files.filter((f) =>
      /\/(oauth|efactura|received|etransport)\/(?!folder)[^/]+\.bru$/.test(f.relativePath),
    );
    expect(requests).toHaveLength(ALL_ENDPOINTS.length);
    for (const endpoint of ALL_ENDPOINTS) {
      const parsed = lang.bruToJsonV2(text(`${endpoint.folder}/${endpoint.id.split('.')[1]}.bru`));
      expect(parsed.http.method).toBe(endpoint.method.toLowerCase());
      expect(parsed.http.url.startsWith(`{{${endpoint.base}}}/${endpoint.path.join('/')}`)).toBe(true);
      expect(parsed.http.auth).toBe({ inherit: 'inherit', client: 'basic', none: 'none' }[endpoint.auth]);
      if (endpoint.check !== 'authorize') expect(parsed.tests).toMatch(/\btest\(/);
    }
  });

  it('sends the collection bearer from {{accessToken}} and refreshes it in the collection pre-request script', () => {
    const collection = lang.collectionBruToJson(text('collection.bru'));
    expect(collection.auth).toEqual({ mode: 'bearer', bearer: { token: `{{${Var.accessToken}}}` } });
    expect(collection.script.req).toMatch(/await bru\.sendRequest\(/);
    expect(collection.script.req).not.toMatch(/\bpm\./);
  });

  it('scripts use Bruno’s API only, never Postman’s', () => {
    for (const f of files.filter((x) => x.relativePath.endsWith('.bru')))
      expect(f.text).not.toMatch(/\bpm\.\w/);
  });

  it('environments hold no token or secret; only the mock has the public demo client', () => {
    for (const stage of ['prod', 'test', 'mock']) {
      const env = lang.bruToEnvJsonV2(text(`environments/${stage}.bru`));
      const byName = new Map(env.variables.map((v) => [v.name, v]));
      for (const name of SECRET_VARS) {
        const expected = stage === 'mock' && name === Var.clientSecret ? MOCK_DEMO_CLIENT.clientSecret : '';
        expect(byName.get(name)?.value).toBe(expected);
      }
      // Tokens must stay plain variables: Bruno never writes a secret's value back to the file.
      expect(byName.get(Var.refreshToken)?.secret).toBe(false);
      expect(byName.get(Var.clientSecret)?.secret).toBe(stage !== 'mock');
    }
  });

  it('is deterministic and follows --lang and --services', () => {
    expect(generateBruno({ langs: 'en', brunoFormat: 'bru' })).toEqual(files);
    const ro = generateBruno({ langs: 'ro', services: 'efactura', brunoFormat: 'bru' });
    expect(ro.every((f) => f.relativePath.startsWith('bruno/anaf.ro/'))).toBe(true);
    expect(ro.some((f) => f.relativePath.includes('/etransport/'))).toBe(false);
  });
});

// Bruno's own reader of both formats (@usebruno/filestore, a dependency of the CLI).
const filestore = require('@usebruno/filestore') as {
  parseRequest(text: string, o: { format: 'yml' | 'bru' }): BrunoItem;
  parseFolder(
    text: string,
    o: { format: 'yml' | 'bru' },
  ): { meta?: { name?: string; seq?: number } } & {
    request?: { auth?: { mode: string } };
    docs?: string;
  };
  parseCollection(
    text: string,
    o: { format: 'yml' | 'bru' },
  ): { brunoConfig?: { name: string }; collectionRoot?: BrunoRoot } & BrunoRoot;
  parseEnvironment(
    text: string,
    o: { format: 'yml' | 'bru' },
  ): { variables: { name: string; value: string; secret: boolean; enabled: boolean }[] };
};
interface BrunoRoot {
  request?: { auth?: { mode: string; bearer?: { token: string } }; script?: { req?: string } };
  docs?: string;
}
interface KeyValue {
  name: string;
  value: unknown;
  enabled?: boolean;
  type?: string;
}
interface BrunoItem {
  name: string;
  seq: number;
  type: string;
  request: {
    method: string;
    url: string;
    headers: KeyValue[];
    params: KeyValue[];
    auth: { mode: string; basic?: { username: string; password: string } | null };
    body: { mode: string } & Record<string, unknown>;
    script?: { req?: string | null; res?: string | null };
    tests?: string | null;
    docs?: string | null;
  };
}

/** What a request says, whatever the file format: the fields `bru run` acts on. */
function meaning(item: BrunoItem) {
  const r = item.request;
  const list = (l: KeyValue[] | undefined) =>
    (l ?? []).map((e) => ({ name: e.name, value: e.value, enabled: e.enabled !== false, type: e.type }));
  const body = r.body[r.body.mode];
  return {
    name: item.name,
    seq: Number(item.seq),
    type: item.type,
    method: r.method.toUpperCase(),
    url: r.url,
    headers: list(r.headers),
    params: list(r.params),
    auth: r.auth.mode,
    basic: r.auth.mode === 'basic' ? r.auth.basic : undefined,
    bodyMode: r.body.mode,
    body: typeof body === 'string' ? body.trim() : Array.isArray(body) ? list(body as KeyValue[]) : undefined,
    preRequest: (r.script?.req ?? '').trim(),
    tests: (r.tests ?? '').trim(),
    docs: (r.docs ?? '').trim(),
  };
}

describe('generateBruno (OpenCollection YAML, the default)', () => {
  const yml = generateBruno({ langs: 'en' });
  const ymlText = (rel: string) => {
    const file = yml.find((f) => f.relativePath === `${brunoCollectionDir('en')}/${rel}`);
    if (!file) throw new Error(`no ${rel}`);
    return file.text;
  };

  it('lays out opencollection.yml, a folder.yml per folder, a .yml per request and environments/*.yml', () => {
    expect(yml.map((f) => f.relativePath.slice('bruno/anaf/'.length))).toEqual([
      'opencollection.yml',
      ...chosenFolders(resolveOptions()).flatMap((f) => [
        `${f.id}/folder.yml`,
        ...f.endpoints.map((e) => `${f.id}/${e.id.slice(f.id.length + 1)}.yml`),
      ]),
      'environments/prod.yml',
      'environments/test.yml',
      'environments/mock.yml',
    ]);
  });

  it('every request reads, in Bruno’s own parser, exactly as its .bru twin', () => {
    for (const endpoint of ALL_ENDPOINTS) {
      const stem = `${endpoint.folder}/${endpoint.id.slice(endpoint.folder.length + 1)}`;
      const fromYml = meaning(filestore.parseRequest(ymlText(`${stem}.yml`), { format: 'yml' }));
      const fromBru = meaning(filestore.parseRequest(text(`${stem}.bru`), { format: 'bru' }));
      expect(fromYml).toEqual(fromBru);
      expect(fromYml.method).toBe(endpoint.method);
    }
  });

  it('folders and the collection read as their .bru twins: names, order, bearer, auto-refresh, docs', () => {
    chosenFolders(resolveOptions()).forEach((folder) => {
      const y = filestore.parseFolder(ymlText(`${folder.id}/folder.yml`), { format: 'yml' });
      const b = filestore.parseFolder(text(`${folder.id}/folder.bru`), { format: 'bru' });
      expect([y.meta?.name, Number(y.meta?.seq), y.request?.auth?.mode, y.docs?.trim()]).toEqual([
        b.meta?.name,
        Number(b.meta?.seq),
        b.request?.auth?.mode,
        b.docs?.trim(),
      ]);
    });
    const y = filestore.parseCollection(ymlText('opencollection.yml'), { format: 'yml' });
    const b = filestore.parseCollection(text('collection.bru'), { format: 'bru' });
    const root = y.collectionRoot ?? {};
    expect(y.brunoConfig?.name).toBe(JSON.parse(text('bruno.json')).name);
    expect(root.request?.auth).toEqual(expect.objectContaining(b.request?.auth));
    expect(root.request?.script?.req?.trim()).toBe(b.request?.script?.req?.trim());
    expect(root.docs?.trim()).toBe(b.docs?.trim());
  });

  it('environments hold what the .bru ones hold; the client secret of prod and test is a secret without value', () => {
    for (const stage of ['prod', 'test', 'mock']) {
      const y = filestore.parseEnvironment(ymlText(`environments/${stage}.yml`), { format: 'yml' });
      const b = filestore.parseEnvironment(text(`environments/${stage}.bru`), { format: 'bru' });
      const pick = (e: typeof y) =>
        e.variables.map((v) => ({ name: v.name, value: v.value, secret: v.secret, enabled: v.enabled }));
      expect(pick(y)).toEqual(pick(b));
    }
  });

  it('is deterministic; --bruno-format takes yaml, yml or bru and refuses anything else', () => {
    expect(generateBruno({ langs: 'en' })).toEqual(yml);
    expect(generateBruno({ langs: 'en', brunoFormat: 'yml' })).toEqual(yml);
    expect(() => generateBruno({ brunoFormat: 'json' })).toThrow(/^brunoFormat: "json" is not accepted/);
  });
});
