/** One endpoint of `src/anaf` → one Bruno request file. */
import fs from 'node:fs';
import { ref, Var, type ClientAuth, type EndpointSpec } from '../anaf';
import { packagePath } from '../paths';
import type { Lang } from '../templates/engine';
import { renderDescription } from '../templates/registry';
import { bruFile, dictBlock, textBlock, type BruEntry } from './bru';
import { requestPreRequest, requestTests } from './scripts';

function sample(name: string): string {
  return fs.readFileSync(packagePath('templates', 'samples', name), 'utf8');
}

/** The URL with the query Bruno sends (optional parameters stay off, in `params:query`). */
function url(endpoint: EndpointSpec): string {
  const sent = endpoint.query.filter((q) => !q.optional);
  const search = sent.length ? `?${sent.map((q) => `${q.key}=${q.value}`).join('&')}` : '';
  return `${ref(endpoint.base)}/${endpoint.path.join('/')}${search}`;
}

/** Bruno's body mode name and block of an endpoint's body. */
function body(endpoint: EndpointSpec, clientAuth: ClientAuth): { mode: string; block?: string } {
  const spec = endpoint.body;
  if (!spec) return { mode: 'none' };
  if (spec.mode === 'raw') {
    const mode = spec.contentType.includes('xml') ? 'xml' : 'text';
    return { mode, block: textBlock(`body:${mode}`, sample(spec.sample)) };
  }
  if (spec.mode === 'formdata') {
    const files = spec.files.map((f) => ({ key: f.key, value: `@file(${ref(f.file)})` }));
    return { mode: 'multipartForm', block: dictBlock('body:multipart-form', files) };
  }
  const fields: BruEntry[] = spec.fields.map((f) => ({ key: f.key, value: f.value }));
  if (endpoint.auth === 'client' && clientAuth === 'body') {
    fields.push(
      { key: 'client_id', value: ref(Var.clientId) },
      { key: 'client_secret', value: ref(Var.clientSecret) },
    );
  }
  return { mode: 'formUrlEncoded', block: dictBlock('body:form-urlencoded', fields) };
}

/** `inherit` takes the collection's bearer; the token requests use the client credentials. */
function auth(endpoint: EndpointSpec, clientAuth: ClientAuth): { mode: string; block?: string } {
  if (endpoint.auth === 'inherit') return { mode: 'inherit' };
  if (endpoint.auth === 'client' && clientAuth === 'basic') {
    const credentials = [
      { key: 'username', value: ref(Var.clientId) },
      { key: 'password', value: ref(Var.clientSecret) },
    ];
    return { mode: 'basic', block: dictBlock('auth:basic', credentials) };
  }
  return { mode: 'none' };
}

function headers(endpoint: EndpointSpec): string | undefined {
  const spec = endpoint.body;
  // multipart: the client writes Content-Type itself, with the boundary.
  if (!spec || spec.mode === 'formdata') return undefined;
  const contentType = spec.mode === 'raw' ? spec.contentType : 'application/x-www-form-urlencoded';
  return dictBlock('headers', [{ key: 'Content-Type', value: contentType }]);
}

/** The `.bru` text of `endpoint`, at position `seq` of its folder. */
export function requestFile(endpoint: EndpointSpec, seq: number, lang: Lang, clientAuth: ClientAuth): string {
  const b = body(endpoint, clientAuth);
  const a = auth(endpoint, clientAuth);
  const query = endpoint.query.map((q) => ({ key: q.key, value: q.value, enabled: !q.optional }));
  return bruFile([
    dictBlock('meta', [
      { key: 'name', value: endpoint.name },
      { key: 'type', value: 'http' },
      { key: 'seq', value: String(seq) },
    ]),
    dictBlock(endpoint.method.toLowerCase(), [
      { key: 'url', value: url(endpoint) },
      { key: 'body', value: b.mode },
      { key: 'auth', value: a.mode },
    ]),
    query.length ? dictBlock('params:query', query) : undefined,
    headers(endpoint),
    a.block,
    b.block,
    textBlock('script:pre-request', requestPreRequest(lang, endpoint)),
    textBlock('tests', requestTests(lang, endpoint)),
    textBlock('docs', renderDescription(lang, endpoint.id, { values: {}, clientAuth })),
  ]);
}

/** File name of an endpoint's request: the part of its id after the folder. */
export function requestFileName(endpoint: EndpointSpec): string {
  return `${endpoint.id.slice(endpoint.folder.length + 1)}.bru`;
}
