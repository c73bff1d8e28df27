/** One endpoint of `src/anaf` → one Bruno request: a format-neutral model, then a `.bru` file. */
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

/** A request's body as Bruno models it (the mode names are Bruno's). */
export type BrunoBody =
  | { mode: 'none' }
  | { mode: 'xml' | 'text'; text: string }
  | { mode: 'multipartForm'; files: { key: string; file: string }[] }
  | { mode: 'formUrlEncoded'; fields: { key: string; value: string }[] };

/** A request's auth: the collection's bearer, the client's Basic credentials, or none. */
export type BrunoAuth =
  { mode: 'inherit' } | { mode: 'none' } | { mode: 'basic'; username: string; password: string };

/** Everything a Bruno request file says, whatever the file format. */
export interface BrunoRequest {
  name: string;
  seq: number;
  method: string;
  url: string;
  query: { key: string; value: string; enabled: boolean }[];
  headers: { key: string; value: string }[];
  body: BrunoBody;
  auth: BrunoAuth;
  preRequest: string | undefined;
  tests: string | undefined;
  docs: string;
}

/** The URL with the query Bruno sends (optional parameters stay off, in the query list). */
function url(endpoint: EndpointSpec): string {
  const sent = endpoint.query.filter((q) => !q.optional);
  const search = sent.length ? `?${sent.map((q) => `${q.key}=${q.value}`).join('&')}` : '';
  return `${ref(endpoint.base)}/${endpoint.path.join('/')}${search}`;
}

function body(endpoint: EndpointSpec, clientAuth: ClientAuth): BrunoBody {
  const spec = endpoint.body;
  if (!spec) return { mode: 'none' };
  if (spec.mode === 'raw') {
    return { mode: spec.contentType.includes('xml') ? 'xml' : 'text', text: sample(spec.sample) };
  }
  if (spec.mode === 'formdata') {
    return { mode: 'multipartForm', files: spec.files.map((f) => ({ key: f.key, file: ref(f.file) })) };
  }
  const fields = spec.fields.map((f) => ({ key: f.key, value: f.value }));
  if (endpoint.auth === 'client' && clientAuth === 'body') {
    fields.push(
      { key: 'client_id', value: ref(Var.clientId) },
      { key: 'client_secret', value: ref(Var.clientSecret) },
    );
  }
  return { mode: 'formUrlEncoded', fields };
}

/** `inherit` takes the collection's bearer; the token requests use the client credentials. */
function auth(endpoint: EndpointSpec, clientAuth: ClientAuth): BrunoAuth {
  if (endpoint.auth === 'inherit') return { mode: 'inherit' };
  if (endpoint.auth === 'client' && clientAuth === 'basic') {
    return { mode: 'basic', username: ref(Var.clientId), password: ref(Var.clientSecret) };
  }
  return { mode: 'none' };
}

function headers(endpoint: EndpointSpec): { key: string; value: string }[] {
  const spec = endpoint.body;
  // multipart: the client writes Content-Type itself, with the boundary.
  if (!spec || spec.mode === 'formdata') return [];
  const contentType = spec.mode === 'raw' ? spec.contentType : 'application/x-www-form-urlencoded';
  return [{ key: 'Content-Type', value: contentType }];
}

/** The request of `endpoint`, at position `seq` of its folder. */
export function brunoRequest(
  endpoint: EndpointSpec,
  seq: number,
  lang: Lang,
  clientAuth: ClientAuth,
): BrunoRequest {
  return {
    name: endpoint.name,
    seq,
    method: endpoint.method,
    url: url(endpoint),
    query: endpoint.query.map((q) => ({ key: q.key, value: q.value, enabled: !q.optional })),
    headers: headers(endpoint),
    body: body(endpoint, clientAuth),
    auth: auth(endpoint, clientAuth),
    preRequest: requestPreRequest(lang, endpoint),
    tests: requestTests(lang, endpoint),
    docs: renderDescription(lang, endpoint.id, { values: {}, clientAuth }),
  };
}

function bruBody(b: BrunoBody): string | undefined {
  if (b.mode === 'xml' || b.mode === 'text') return textBlock(`body:${b.mode}`, b.text);
  if (b.mode === 'multipartForm') {
    const files = b.files.map((f) => ({ key: f.key, value: `@file(${f.file})` }));
    return dictBlock('body:multipart-form', files);
  }
  if (b.mode === 'formUrlEncoded') {
    return dictBlock('body:form-urlencoded', b.fields satisfies BruEntry[]);
  }
  return undefined;
}

/** The `.bru` text of `endpoint`, at position `seq` of its folder. */
export function requestFile(endpoint: EndpointSpec, seq: number, lang: Lang, clientAuth: ClientAuth): string {
  const r = brunoRequest(endpoint, seq, lang, clientAuth);
  const a = r.auth;
  return bruFile([
    dictBlock('meta', [
      { key: 'name', value: r.name },
      { key: 'type', value: 'http' },
      { key: 'seq', value: String(r.seq) },
    ]),
    dictBlock(r.method.toLowerCase(), [
      { key: 'url', value: r.url },
      { key: 'body', value: r.body.mode },
      { key: 'auth', value: a.mode },
    ]),
    r.query.length ? dictBlock('params:query', r.query) : undefined,
    r.headers.length ? dictBlock('headers', r.headers) : undefined,
    a.mode === 'basic'
      ? dictBlock('auth:basic', [
          { key: 'username', value: a.username },
          { key: 'password', value: a.password },
        ])
      : undefined,
    bruBody(r.body),
    textBlock('script:pre-request', r.preRequest),
    textBlock('tests', r.tests),
    textBlock('docs', r.docs),
  ]);
}

/** The part of an endpoint's id after its folder: the request's file name without extension. */
export function requestStem(endpoint: EndpointSpec): string {
  return endpoint.id.slice(endpoint.folder.length + 1);
}

/** File name of an endpoint's `.bru` request. */
export function requestFileName(endpoint: EndpointSpec): string {
  return `${requestStem(endpoint)}.bru`;
}
