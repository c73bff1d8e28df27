/**
 * Bruno's OpenCollection YAML, the format new Bruno collections use: `opencollection.yml` (the
 * collection: name, bearer, auto-refresh, docs), a `folder.yml` per folder, one `.yml` per request and
 * `environments/<stage>.yml`. The same content as the `.bru` files, in the shapes Bruno's own writer
 * (`@usebruno/filestore`) gives them, written by our deterministic YAML writer.
 */
import {
  environmentVariables,
  FOLDERS,
  ref,
  serviceFolders,
  Var,
  type ClientAuth,
  type EndpointSpec,
  type Stage,
} from '../anaf';
import { AnafPostmanError } from '../errors';
import type { ResolvedOptions } from '../generate/options';
import { toYaml } from '../openapi/yaml';
import type { Lang } from '../templates/engine';
import { renderDescription, strings } from '../templates/registry';
import { chosenFolders } from './collection';
import { brunoRequest, requestStem, type BrunoAuth, type BrunoBody } from './request';
import { collectionPreRequest } from './scripts';

/** The OpenCollection version these files follow (what Bruno's writer puts in `opencollection.yml`). */
export const OPENCOLLECTION_VERSION = '1.0.0';

/** YAML text with a blank line before each top-level key but the first, as Bruno writes its files. */
function yamlFile(value: Record<string, unknown>): string {
  const lines = toYaml(value).split('\n');
  return lines
    .flatMap((line, i) =>
      i > 0 && line !== '' && !line.startsWith(' ') && !line.startsWith('-') ? ['', line] : [line],
    )
    .join('\n');
}

/** A script's code as Bruno keeps it (trimmed); none for an empty one. */
function script(
  type: 'before-request' | 'tests',
  code: string | undefined,
): { type: string; code: string }[] {
  const text = code?.trim();
  return text ? [{ type, code: text }] : [];
}

function docs(text: string): { content: string; type: 'text/markdown' } {
  return { content: text.trim(), type: 'text/markdown' };
}

function body(b: BrunoBody): Record<string, unknown> | undefined {
  if (b.mode === 'xml' || b.mode === 'text') return { type: b.mode, data: b.text };
  if (b.mode === 'formUrlEncoded') {
    return { type: 'form-urlencoded', data: b.fields.map((f) => ({ name: f.key, value: f.value })) };
  }
  if (b.mode === 'multipartForm') {
    return {
      type: 'multipart-form',
      data: b.files.map((f) => ({ name: f.key, type: 'file', value: [f.file] })),
    };
  }
  return undefined;
}

function auth(a: BrunoAuth): unknown {
  if (a.mode === 'inherit') return 'inherit';
  if (a.mode === 'basic') return { type: 'basic', username: a.username, password: a.password };
  return undefined; // no auth: Bruno writes none
}

/** The collection's name in `lang`, naming the chosen services. */
export function collectionName(options: ResolvedOptions, lang: Lang): string {
  const { collectionName: name, serviceJoin } = strings(lang);
  if (name === undefined || serviceJoin === undefined) {
    throw new AnafPostmanError('INTERNAL', `templates/i18n/${lang}.json lacks collectionName or serviceJoin`);
  }
  // The services, as bruno.json and the Postman collection name them (not the folders beside them).
  const services = serviceFolders(chosenFolders(options)).map((f) => f.name);
  return name.replace('{services}', services.join(serviceJoin));
}

/**
 * `opencollection.yml`: the bearer every `inherit` request sends, from `{{accessToken}}`, and the
 * auto-refresh that keeps that variable fresh (as `collection.bru`), with what `bruno.json` says.
 */
export function openCollectionFile(options: ResolvedOptions, lang: Lang): string {
  const ctx = { values: {}, clientAuth: options.clientAuth, services: options.services };
  return yamlFile({
    opencollection: OPENCOLLECTION_VERSION,
    info: { name: collectionName(options, lang), version: '1' },
    request: {
      auth: { type: 'bearer', token: ref(Var.accessToken) },
      scripts: script('before-request', collectionPreRequest(lang)),
    },
    docs: docs(renderDescription(lang, 'collection', ctx)),
    bundled: false,
    extensions: { bruno: { ignore: ['node_modules', '.git'] } },
  });
}

/** `folder.yml` of a folder: its name, position and description. */
export function folderYml(options: ResolvedOptions, lang: Lang, folderId: string, seq: number): string {
  const folder = FOLDERS.find((f) => f.id === folderId);
  if (!folder) throw new Error(`bruno: no folder ${folderId} in src/anaf`);
  const ctx = { values: {}, clientAuth: options.clientAuth, services: options.services };
  return yamlFile({
    info: { name: folder.name, type: 'folder', seq },
    request: { auth: 'inherit' },
    docs: docs(renderDescription(lang, `folder.${folder.id}`, ctx)),
  });
}

/** The YAML text of `endpoint`'s request, at position `seq` of its folder. */
export function requestYml(endpoint: EndpointSpec, seq: number, lang: Lang, clientAuth: ClientAuth): string {
  const r = brunoRequest(endpoint, seq, lang, clientAuth);
  const requestBody = body(r.body);
  const requestAuth = auth(r.auth);
  const scripts = [...script('before-request', r.preRequest), ...script('tests', r.tests)];
  return yamlFile({
    info: { name: r.name, type: 'http', seq: r.seq },
    http: {
      method: r.method,
      url: r.url,
      ...(r.headers.length ? { headers: r.headers.map((h) => ({ name: h.key, value: h.value })) } : {}),
      ...(r.query.length
        ? {
            params: r.query.map((q) => ({
              name: q.key,
              value: q.value,
              type: 'query',
              ...(q.enabled ? {} : { disabled: true }),
            })),
          }
        : {}),
      ...(requestBody ? { body: requestBody } : {}),
      ...(requestAuth === undefined ? {} : { auth: requestAuth }),
    },
    ...(scripts.length ? { runtime: { scripts } } : {}),
    docs: r.docs.trim(),
  });
}

/** File name of an endpoint's YAML request. */
export function requestYmlName(endpoint: EndpointSpec): string {
  return `${requestStem(endpoint)}.yml`;
}

/**
 * `environments/<stage>.yml`: every variable a plain one, except the client secret of prod and test,
 * a `secret` Bruno keeps out of the file (as `vars:secret` in `.bru`; see environment.ts).
 */
export function environmentYml(options: ResolvedOptions, stage: Stage): string {
  const variables = environmentVariables(stage, {
    clientId: options.clientId,
    redirectUri: options.redirectUri,
    clientAuth: options.clientAuth,
  });
  const secret = (key: string) => stage !== 'mock' && key === Var.clientSecret;
  return yamlFile({
    name: stage,
    variables: [
      ...variables.filter((v) => !secret(v.key)).map((v) => ({ name: v.key, value: v.value })),
      ...variables.filter((v) => secret(v.key)).map((v) => ({ secret: true, name: v.key })),
    ],
  });
}
