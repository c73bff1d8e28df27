/** One endpoint of `src/anaf` → one Postman request item. */
import { Var, ref, type ClientAuth, type EndpointSpec } from '../anaf';
import { readSample } from '../paths';
import { renderDescription } from '../templates/registry';
import type { Lang } from '../templates/engine';
import { stableId } from './ids';
import { requestEvents } from './scripts';
import type { PostmanAuth, PostmanBody, PostmanRequestItem, PostmanUrl } from './types';

function url(endpoint: EndpointSpec): PostmanUrl {
  const sent = endpoint.query.filter((q) => !q.optional);
  const search = sent.length ? `?${sent.map((q) => `${q.key}=${q.value}`).join('&')}` : '';
  return {
    raw: `${ref(endpoint.base)}/${endpoint.path.join('/')}${search}`,
    host: [ref(endpoint.base)],
    path: [...endpoint.path],
    ...(endpoint.query.length
      ? {
          query: endpoint.query.map((q) => ({
            key: q.key,
            value: q.value,
            ...(q.optional ? { disabled: true } : {}),
          })),
        }
      : {}),
  };
}

const BASIC_CLIENT_AUTH: PostmanAuth = {
  type: 'basic',
  basic: [
    { key: 'username', value: ref(Var.clientId), type: 'string' },
    { key: 'password', value: ref(Var.clientSecret), type: 'string' },
  ],
};

function auth(endpoint: EndpointSpec, clientAuth: ClientAuth): PostmanAuth | undefined {
  if (endpoint.auth === 'inherit') return undefined;
  if (endpoint.auth === 'client' && clientAuth === 'basic') return BASIC_CLIENT_AUTH;
  return { type: 'noauth' };
}

function body(endpoint: EndpointSpec, clientAuth: ClientAuth): PostmanBody | undefined {
  const spec = endpoint.body;
  if (!spec) return undefined;
  if (spec.mode === 'raw') {
    return { mode: 'raw', raw: readSample(spec.sample), options: { raw: { language: 'xml' } } };
  }
  if (spec.mode === 'formdata') {
    // Newman resolves `{{var}}` in a file's src; in the Postman app the user picks the files.
    return {
      mode: 'formdata',
      formdata: spec.files.map((f) => ({ key: f.key, type: 'file' as const, src: ref(f.file) })),
    };
  }
  const fields = [...spec.fields];
  if (endpoint.auth === 'client' && clientAuth === 'body') {
    fields.push(
      { key: 'client_id', value: ref(Var.clientId) },
      { key: 'client_secret', value: ref(Var.clientSecret) },
    );
  }
  return {
    mode: 'urlencoded',
    urlencoded: fields.map((f) => ({ key: f.key, value: f.value, type: 'text' })),
  };
}

function headers(endpoint: EndpointSpec): { key: string; value: string }[] {
  const spec = endpoint.body;
  // multipart: the client writes Content-Type itself, with the boundary.
  if (!spec || spec.mode === 'formdata') return [];
  const contentType = spec.mode === 'raw' ? spec.contentType : 'application/x-www-form-urlencoded';
  return [{ key: 'Content-Type', value: contentType }];
}

/** Builds the request item of `endpoint` in `lang`. */
export function requestItem(endpoint: EndpointSpec, lang: Lang, clientAuth: ClientAuth): PostmanRequestItem {
  const requestAuth = auth(endpoint, clientAuth);
  const requestBody = body(endpoint, clientAuth);
  const events = requestEvents(lang, endpoint);
  return {
    id: stableId('request', endpoint.id),
    name: endpoint.name,
    ...(events.length ? { event: events } : {}),
    request: {
      method: endpoint.method,
      header: headers(endpoint),
      ...(requestAuth ? { auth: requestAuth } : {}),
      ...(requestBody ? { body: requestBody } : {}),
      url: url(endpoint),
      description: renderDescription(lang, endpoint.id, { values: {}, clientAuth }),
    },
    response: [],
  };
}
