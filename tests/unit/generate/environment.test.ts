/** The prod, test and mock environments: the variable contract, secrets, hosts and user values. */
import fs from 'node:fs';
import path from 'node:path';
import { MOCK_DEMO_CLIENT } from '../../../src/anaf';
import { generate, type PostmanEnvironment } from '../../../src/generate';
import { entry } from '../../helpers/checked';
import { CONTRACT_VARS, POSTMAN_CALLBACK, SECRET_VARS } from './expected';

const ROOT = path.resolve(__dirname, '..', '..', '..');
type Stage = 'prod' | 'test' | 'mock';
const STAGES: Stage[] = ['prod', 'test', 'mock'];

function envOf(result: ReturnType<typeof generate>, stage: Stage): PostmanEnvironment {
  const found = result.environments.find((e) => e.stage === stage);
  if (!found) throw new Error(`no ${stage} environment`);
  return found.environment;
}

function committedEnv(stage: Stage): PostmanEnvironment {
  const file = path.join(ROOT, 'environments', `anaf-${stage}.postman_environment.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as PostmanEnvironment;
}

function values(env: PostmanEnvironment): Record<string, string> {
  return Object.fromEntries(env.values.map((v) => [v.key, v.value]));
}

const SOURCES: [string, (stage: Stage) => PostmanEnvironment][] = [
  ['generated', (stage) => envOf(generate(), stage)],
  ['committed', committedEnv],
];

describe.each(SOURCES)('%s environments', (_label, load) => {
  it('are prod, test and mock, in that order, with their file names', () => {
    expect(generate().environments.map((e) => [e.stage, e.fileName])).toEqual([
      ['prod', 'anaf-prod.postman_environment.json'],
      ['test', 'anaf-test.postman_environment.json'],
      ['mock', 'anaf-mock.postman_environment.json'],
    ]);
  });

  it.each(STAGES)('%s: a Postman environment holding every contract variable once, enabled', (stage) => {
    const env = load(stage);
    expect(env._postman_variable_scope).toBe('environment');
    expect(env.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(env.name).toMatch(/\S/);
    const keys = env.values.map((v) => v.key);
    expect(CONTRACT_VARS.filter((k) => !keys.includes(k))).toEqual([]);
    expect(new Set(keys).size).toBe(keys.length);
    for (const v of env.values) {
      expect([v.key, typeof v.value, v.enabled]).toEqual([v.key, 'string', true]);
    }
  });

  it.each(STAGES)('%s: exactly the secrets are typed secret', (stage) => {
    const env = load(stage);
    const secret = env.values.filter((v) => v.type === 'secret').map((v) => v.key);
    expect(secret.sort()).toEqual([...SECRET_VARS].sort());
    for (const v of env.values) expect(['default', 'secret']).toContain(v.type);
  });

  it.each(['prod', 'test'] as const)('%s: ANAF hosts with /%s/ API paths', (stage) => {
    const v = values(load(stage));
    expect(v.oauthBaseUrl).toBe('https://logincert.anaf.ro/anaf-oauth2/v1');
    expect(v.efacturaBaseUrl).toBe(`https://api.anaf.ro/${stage}/FCTEL/rest`);
    expect(v.etransportBaseUrl).toBe(`https://api.anaf.ro/${stage}/ETRANSPORT/ws/v1`);
    expect(v.apiBaseUrl).toBe('https://api.anaf.ro');
  });

  it.each(['prod', 'test'] as const)(
    '%s: no secret values, no token, no code; Basic auth by default',
    (stage) => {
      const v = values(load(stage));
      for (const key of SECRET_VARS) expect([key, v[key]]).toEqual([key, '']);
      expect(v.clientId).toBe('');
      expect(v.redirectUri).toBe(POSTMAN_CALLBACK);
      expect(v.clientAuth).toBe('basic');
      expect(v.accessTokenExpiresAt).toBe('');
      expect(v.refreshTokenExpiresAt).toBe('');
      expect(v.cif).toBe('');
    },
  );

  it.each(STAGES)('%s: tokenRefreshSkewSeconds is a positive whole number of seconds', (stage) => {
    const skew = values(load(stage)).tokenRefreshSkewSeconds;
    expect(skew).toMatch(/^\d+$/);
    expect(Number(skew)).toBeGreaterThan(0);
  });

  it('mock: the demo client the mock accepts, on 127.0.0.1, with ANAF prod paths', () => {
    const v = values(load('mock'));
    expect(v.clientId).toBe(MOCK_DEMO_CLIENT.clientId);
    expect(v.clientSecret).toBe(MOCK_DEMO_CLIENT.clientSecret);
    expect(v.redirectUri).toBe(MOCK_DEMO_CLIENT.redirectUri);
    expect(v.clientId).not.toBe('');
    expect(v.clientSecret).not.toBe('');
    expect(v.cif).toMatch(/^\d+$/);
    for (const key of ['oauthBaseUrl', 'efacturaBaseUrl', 'etransportBaseUrl', 'apiBaseUrl']) {
      const url = new URL(entry(v, key));
      expect([key, url.protocol, url.hostname]).toEqual([key, 'http:', '127.0.0.1']);
    }
    const origin = new URL(entry(v, 'apiBaseUrl')).origin;
    expect(v.oauthBaseUrl).toBe(`${origin}/anaf-oauth2/v1`);
    expect(v.efacturaBaseUrl).toBe(`${origin}/prod/FCTEL/rest`);
    expect(v.etransportBaseUrl).toBe(`${origin}/prod/ETRANSPORT/ws/v1`);
    for (const key of ['authorizationCode', 'accessToken', 'refreshToken'])
      expect([key, v[key]]).toEqual([key, '']);
  });

  it('every environment has the same variables in the same order', () => {
    const order = (stage: Stage) => load(stage).values.map((v) => [v.key, v.type]);
    expect(order('test')).toEqual(order('prod'));
    expect(order('mock')).toEqual(order('prod'));
  });

  it('environment ids are distinct', () => {
    expect(new Set(STAGES.map((s) => load(s).id)).size).toBe(3);
  });
});

describe('user values', () => {
  const result = generate({
    clientId: 'my-client-id-42',
    redirectUri: 'https://localhost:8443/anaf/callback',
    clientAuth: 'body',
  });

  it.each(['prod', 'test'] as const)('--client-id and --redirect-uri land in %s', (stage) => {
    const v = values(envOf(result, stage));
    expect(v.clientId).toBe('my-client-id-42');
    expect(v.redirectUri).toBe('https://localhost:8443/anaf/callback');
    expect(v.clientAuth).toBe('body');
    for (const key of SECRET_VARS) expect([key, v[key]]).toEqual([key, '']);
  });

  it('the mock keeps its demo client and callback', () => {
    const v = values(envOf(result, 'mock'));
    expect(v.clientId).toBe(MOCK_DEMO_CLIENT.clientId);
    expect(v.redirectUri).toBe(MOCK_DEMO_CLIENT.redirectUri);
  });

  it.each(STAGES)('--client-auth body is recorded as clientAuth=body in %s', (stage) => {
    expect(values(envOf(result, stage)).clientAuth).toBe('body');
  });
});
