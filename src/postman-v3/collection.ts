/**
 * The Postman collection (v2.1 objects, as `generate` builds them) → Postman's collection format v3:
 * a folder per collection, `.resources/definition.yaml` for the collection and for each folder, and
 * one `<request name>.request.yaml` per request, in the shapes `postman collection migrate` writes.
 */
import type {
  PostmanAuth,
  PostmanBody,
  PostmanCollection,
  PostmanEvent,
  PostmanFolder,
  PostmanRequestItem,
} from '../generate';
import { toYaml } from '../openapi/yaml';
import { uniqueStems } from './names';
import { collectionScript, ownScripts, prerequestLines } from './scripts';

/** One file of a v3 collection, relative to the collection's folder. */
export interface V3File {
  path: string;
  text: string;
}

/** Gap between two `order` values, as Postman's migrator leaves it (room to insert by hand). */
const ORDER_STEP = 1000;

function code(event: PostmanEvent): string {
  return event.script.exec.join('\n');
}

/** A v2.1 auth object → v3's `{ type, credentials }` (attribute arrays become a map). */
function auth(a: PostmanAuth): Record<string, unknown> {
  const attrs = a.type === 'noauth' ? undefined : a[a.type as 'oauth2' | 'basic'];
  if (!attrs) return { type: a.type };
  return { type: a.type, credentials: Object.fromEntries(attrs.map((x) => [x.key, x.value])) };
}

function body(b: PostmanBody): Record<string, unknown> {
  if (b.mode === 'raw') return { type: b.options.raw.language, content: b.raw };
  if (b.mode === 'urlencoded') {
    return { type: 'urlencoded', content: Object.fromEntries(b.urlencoded.map((f) => [f.key, f.value])) };
  }
  return { type: 'formdata', content: b.formdata.map((f) => ({ type: f.type, key: f.key, src: f.src })) };
}

/** Query parameters as a map, or as a list when one of them is off (a map cannot say so). */
function queryParams(request: PostmanRequestItem['request']): unknown {
  const query = request.url.query;
  if (!query?.length) return undefined;
  if (query.some((q) => q.disabled)) {
    return query.map((q) => ({ key: q.key, value: q.value, ...(q.disabled ? { disabled: true } : {}) }));
  }
  return Object.fromEntries(query.map((q) => [q.key, q.value]));
}

function requestFile(item: PostmanRequestItem, stem: string, order: number, inherited: PostmanAuth): string {
  const { request } = item;
  const tests = item.event?.filter((e) => e.listen === 'test') ?? [];
  const headers = Object.fromEntries(request.header.map((h) => [h.key, h.value]));
  const query = queryParams(request);
  return toYaml({
    $kind: 'http-request',
    id: item.id,
    // The name is the file's stem; written only when the stem had to differ from it.
    ...(stem === item.name ? {} : { name: item.name }),
    description: request.description,
    url: request.url.raw,
    method: request.method,
    ...(request.header.length ? { headers } : {}),
    ...(query === undefined ? {} : { queryParams: query }),
    ...(request.body ? { body: body(request.body) } : {}),
    // The collection's auth is written on each request that inherits it: see v3Files.
    auth: auth(request.auth ?? inherited),
    ...(tests.length
      ? { scripts: tests.map((e) => ({ type: 'afterResponse', code: code(e), language: 'text/javascript' })) }
      : {}),
    order,
  });
}

function folderDefinition(folder: PostmanFolder, dir: string, order: number): string {
  return toYaml({
    $kind: 'collection',
    id: folder.id,
    ...(dir === folder.name ? {} : { name: folder.name }),
    description: folder.description,
    order,
  });
}

function collectionDefinition(collection: PostmanCollection): string {
  const refresh = prerequestLines(collection.event) ?? [];
  return toYaml({
    $kind: 'collection',
    id: collection.info._postman_id,
    name: collection.info.name,
    description: collection.info.description,
    variables: (collection.variable ?? []).map((v) => ({
      key: v.key,
      value: v.value,
      description: v.description,
    })),
    scripts: [
      {
        type: 'http:beforeRequest',
        code: collectionScript(refresh, ownScripts(collection)),
        language: 'text/javascript',
      },
    ],
  });
}

/**
 * Every file of the v3 form of `collection`, paths relative to the collection's folder.
 *
 * The collection's auth (the OAuth 2.0 helper, sending `{{accessToken}}`) is written on every request
 * that inherits it in the v2.1 collection, not on the collection: the Postman CLI (1.34) applies a
 * collection's or folder's auth to a script's `pm.sendRequest` too, replacing the Authorization header
 * the script gives it, so the refresh would reach ANAF's token endpoint with the expired bearer instead
 * of the client's Basic credentials (and be refused, 401 invalid_client).
 */
export function v3Files(collection: PostmanCollection): V3File[] {
  const files: V3File[] = [{ path: '.resources/definition.yaml', text: collectionDefinition(collection) }];
  const dirs = uniqueStems(collection.item.map((f) => f.name));
  collection.item.forEach((folder, i) => {
    const dir = dirs[i]!;
    files.push({
      path: `${dir}/.resources/definition.yaml`,
      text: folderDefinition(folder, dir, (i + 1) * ORDER_STEP),
    });
    const stems = uniqueStems(folder.item.map((r) => r.name));
    folder.item.forEach((request, j) => {
      const stem = stems[j]!;
      files.push({
        path: `${dir}/${stem}.request.yaml`,
        text: requestFile(request, stem, (j + 1) * ORDER_STEP, collection.auth),
      });
    });
  });
  return files;
}
