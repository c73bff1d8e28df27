/** The generated Bruno files: Bruno's own parser reads them, and they hold no user value. */
import { ALL_ENDPOINTS, MOCK_DEMO_CLIENT, SECRET_VARS, Var } from '../../../src/anaf';
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

const files = generateBruno({ langs: 'en' });
const text = (rel: string) => {
  const file = files.find((f) => f.relativePath === `${brunoCollectionDir('en')}/${rel}`);
  if (!file) throw new Error(`no ${rel}`);
  return file.text;
};

describe('generateBruno', () => {
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
    expect(generateBruno({ langs: 'en' })).toEqual(files);
    const ro = generateBruno({ langs: 'ro', services: 'efactura' });
    expect(ro.every((f) => f.relativePath.startsWith('bruno/anaf.ro/'))).toBe(true);
    expect(ro.some((f) => f.relativePath.includes('/etransport/'))).toBe(false);
  });
});
