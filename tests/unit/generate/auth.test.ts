/** The collection's auth: Postman's OAuth 2.0 helper configured as ANAF's guide does. */
import fs from 'node:fs';
import path from 'node:path';
import { generate, type PostmanAuthAttribute, type PostmanCollection } from '../../../src/generate';
import { first } from '../../helpers/checked';
import { KNOWN_OAUTH2_KEYS } from './expected';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function committed(file: string): PostmanCollection {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'collections', file), 'utf8')) as PostmanCollection;
}

const CASES: [string, 'basic' | 'body', () => PostmanCollection[]][] = [
  ['generate() (basic)', 'basic', () => generate().collections.map((c) => c.collection)],
  [
    'generate({ clientAuth: "body" })',
    'body',
    () => generate({ clientAuth: 'body' }).collections.map((c) => c.collection),
  ],
  [
    'generate({ clientAuth: "body", redirectUri, clientId })',
    'body',
    () =>
      generate({
        clientAuth: 'BODY',
        redirectUri: 'https://localhost:9443/cb',
        clientId: 'abc',
      }).collections.map((c) => c.collection),
  ],
  [
    'the committed collections',
    'basic',
    () => [committed('anaf.postman_collection.json'), committed('anaf.ro.postman_collection.json')],
  ],
];

function attributes(collection: PostmanCollection): PostmanAuthAttribute[] {
  expect(collection.auth.type).toBe('oauth2');
  expect(Array.isArray(collection.auth.oauth2)).toBe(true);
  return collection.auth.oauth2 ?? [];
}

function byKey(collection: PostmanCollection): Record<string, unknown> {
  return Object.fromEntries(attributes(collection).map((a) => [a.key, a.value]));
}

describe.each(CASES)('collection auth of %s', (_label, clientAuth, load) => {
  let collections: PostmanCollection[];
  beforeAll(() => {
    collections = load();
    expect(collections.length).toBeGreaterThan(0);
  });

  it('is oauth2 with the authorization code grant against ANAF token endpoints', () => {
    for (const c of collections) {
      expect(byKey(c)).toEqual(
        expect.objectContaining({
          grant_type: 'authorization_code',
          authUrl: '{{oauthBaseUrl}}/authorize',
          accessTokenUrl: '{{oauthBaseUrl}}/token',
          clientId: '{{clientId}}',
          clientSecret: '{{clientSecret}}',
          redirect_uri: '{{redirectUri}}',
          addTokenTo: 'header',
          accessToken: '{{accessToken}}',
        }),
      );
    }
  });

  it(`sends the client credentials as ${clientAuth === 'basic' ? 'a Basic header' : 'body fields'}`, () => {
    for (const c of collections) {
      expect(byKey(c).client_authentication).toBe(clientAuth === 'basic' ? 'header' : 'body');
    }
  });

  it('asks for JWTs: token_content_type=jwt in the auth URL and in token and refresh bodies', () => {
    for (const c of collections) {
      const attrs = byKey(c);
      expect(attrs.authRequestParams).toEqual([
        { key: 'token_content_type', value: 'jwt', enabled: true, send_as: 'request_url' },
      ]);
      expect(attrs.tokenRequestParams).toEqual([
        { key: 'token_content_type', value: 'jwt', enabled: true, send_as: 'request_body' },
      ]);
      expect(attrs.refreshRequestParams).toEqual([
        { key: 'token_content_type', value: 'jwt', enabled: true, send_as: 'request_body' },
      ]);
    }
  });

  it('uses only keys Postman knows, each once, with a type matching its value', () => {
    for (const c of collections) {
      const attrs = attributes(c);
      const keys = attrs.map((a) => a.key);
      expect(keys.filter((k) => !KNOWN_OAUTH2_KEYS.includes(k))).toEqual([]);
      expect(new Set(keys).size).toBe(keys.length);
      for (const a of attrs) {
        const expectedType = Array.isArray(a.value)
          ? 'any'
          : typeof a.value === 'boolean'
            ? 'boolean'
            : 'string';
        expect({ key: a.key, type: a.type }).toEqual({ key: a.key, type: expectedType });
      }
    }
  });

  it('optional helper keys, when present, agree with ANAF (Bearer, same token URL, empty scope)', () => {
    for (const c of collections) {
      const attrs = byKey(c);
      if ('refreshTokenUrl' in attrs) expect(attrs.refreshTokenUrl).toBe('{{oauthBaseUrl}}/token');
      if ('tokenType' in attrs) expect(attrs.tokenType).toBe('Bearer');
      if ('headerPrefix' in attrs) expect(attrs.headerPrefix).toBe('Bearer');
      if ('scope' in attrs) expect(attrs.scope).toBe('');
      if ('useBrowser' in attrs) expect(typeof attrs.useBrowser).toBe('boolean');
      // PKCE is not part of ANAF's flow.
      expect(attrs).not.toHaveProperty('challengeAlgorithm');
      expect(attrs).not.toHaveProperty('code_verifier');
    }
  });

  it('holds variable references only, never a literal credential', () => {
    for (const c of collections) {
      const attrs = byKey(c);
      for (const key of ['clientId', 'clientSecret', 'accessToken', 'redirect_uri']) {
        expect(attrs[key]).toMatch(/^\{\{[A-Za-z]+\}\}$/);
      }
    }
  });
});

describe('useBrowser', () => {
  const useBrowser = (redirectUri?: string) => {
    const attrs = byKey(first(generate({ langs: 'en', redirectUri }).collections).collection);
    return attrs.useBrowser;
  };
  it("is on with Postman's own callback (only reachable through the browser flow)", () => {
    expect(useBrowser()).toBe(true);
    expect(useBrowser('https://oauth.pstmn.io/v1/callback')).toBe(true);
  });
  it('is off with an own callback URL', () => {
    expect(useBrowser('https://localhost:8443/callback')).toBe(false);
  });
});
