/**
 * The collections are valid v2.1.0 collections (the official JSON Schema, with ajv) and survive a
 * load with Postman's own SDK (what Newman and Postman read them with).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Collection, type Item } from 'postman-collection';
import { generate, type PostmanCollection } from '../../../src/generate';
import { collectionSchemaErrors } from '../../helpers/schema';
import { at, first } from '../../helpers/checked';
import { EXPECTED_REQUESTS, jsonCopy, requestKey, requestsOf } from './expected';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function committed(file: string): PostmanCollection {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'collections', file), 'utf8')) as PostmanCollection;
}

const COLLECTIONS: [string, () => PostmanCollection, 'basic' | 'body'][] = [
  ['committed en', () => committed('anaf.postman_collection.json'), 'basic'],
  ['committed ro', () => committed('anaf.ro.postman_collection.json'), 'basic'],
  ...(['en', 'ro'] as const).flatMap((lang) =>
    (['basic', 'body'] as const).flatMap((clientAuth) =>
      (['efactura', 'etransport', 'efactura,etransport'] as const).map(
        (services): [string, () => PostmanCollection, 'basic' | 'body'] => [
          `generated ${lang}, ${clientAuth}, ${services}`,
          () => first(generate({ langs: lang, clientAuth, services }).collections).collection,
          clientAuth,
        ],
      ),
    ),
  ),
];

describe('the official v2.1.0 JSON Schema', () => {
  it('rejects a broken collection (the validator is really wired up)', () => {
    const broken = jsonCopy(committed('anaf.postman_collection.json')) as unknown as {
      item: { item: { request: { url: unknown; auth: { type: string } } }[] }[];
    };
    at(at(broken.item, 1).item, 0).request.url = 42;
    at(at(broken.item, 0).item, 1).request.auth.type = 'password-in-clear';
    const errors = collectionSchemaErrors(broken);
    expect(errors.join('\n')).toMatch(/\/item\/1\/item\/0\/request\/url/);
    expect(errors.join('\n')).toMatch(/\/item\/0\/item\/1\/request\/auth\/type/);
  });

  it.each(COLLECTIONS)('accepts the %s collection', (_label, load) => {
    expect(collectionSchemaErrors(jsonCopy(load()))).toEqual([]);
  });

  it.each(COLLECTIONS)('the %s collection declares schema v2.1.0', (_label, load) => {
    expect(load().info.schema).toBe('https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
  });
});

describe('loading with the postman-collection SDK', () => {
  it.each(COLLECTIONS)('%s: items, URLs, methods and auth survive', (_label, load, clientAuth) => {
    const json = jsonCopy(load());
    const sdk = new Collection(json as unknown as ConstructorParameters<typeof Collection>[0]);
    const ours = requestsOf(json);

    const items: Item[] = [];
    sdk.forEachItem((item) => {
      items.push(item);
    });
    expect(items).toHaveLength(ours.length);
    expect(ours.length).toBeGreaterThan(0);
    expect(sdk.id).toBe(json.info._postman_id);
    expect(sdk.name).toBe(json.info.name);

    items.forEach((item, i) => {
      const found = at(ours, i); // same length, checked above
      const mine = found.item;
      const exp = EXPECTED_REQUESTS.find((e) => requestKey(e) === requestKey(found));
      expect(exp).toBeDefined();
      expect(item.id).toBe(mine.id);
      expect(item.name).toBe(mine.name);
      expect(item.request.method).toBe(exp?.method);
      expect(item.request.url.getPath()).toBe(`/${exp?.path.join('/')}`);
      expect(item.request.url.getHost()).toBe(exp?.host);
      const sdkQuery = item.request.url.query.all().map((q) => [q.key, q.disabled === true]);
      expect(sdkQuery).toEqual(exp?.query.map(([k, , d]) => [k, d === 'disabled']));
      // The effective auth (own or inherited from the collection).
      const effective = item.getAuth();
      const expectedType = {
        inherit: 'oauth2',
        noauth: 'noauth',
        client: clientAuth === 'basic' ? 'basic' : 'noauth',
      }[exp?.auth ?? 'inherit'];
      expect(effective?.type).toBe(expectedType);
      if (mine.request.body?.mode === 'urlencoded') {
        const fields = item.request.body?.urlencoded?.all().map((f) => f.key);
        expect(fields).toEqual(mine.request.body.urlencoded.map((f) => f.key));
      }
    });

    expect(sdk.auth?.type).toBe('oauth2');
    const params = sdk.auth?.parameters();
    expect(params?.get('accessToken')).toBe('{{accessToken}}');
    expect(params?.get('grant_type')).toBe('authorization_code');
    expect(params?.get('tokenRequestParams')).toEqual([
      expect.objectContaining({ key: 'token_content_type', value: 'jwt', send_as: 'request_body' }),
    ]);
  });

  it("the SDK's URL text and a toJSON() round trip keep every request id, name and URL", () => {
    const json = committed('anaf.postman_collection.json');
    const ours = requestsOf(json).map((r) => [
      r.item.id,
      r.item.name,
      r.item.request.method,
      r.item.request.url.raw,
    ]);
    const sdkSummary = (c: Collection) => {
      const out: string[][] = [];
      c.forEachItem((item) => {
        out.push([item.id, item.name, item.request.method, item.request.url.toString()]);
      });
      return out;
    };
    const first = new Collection(jsonCopy(json) as unknown as ConstructorParameters<typeof Collection>[0]);
    expect(sdkSummary(first)).toEqual(ours);
    const again = new Collection(jsonCopy(first.toJSON()));
    expect(sdkSummary(again)).toEqual(ours);
  });
});
