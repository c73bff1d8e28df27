/**
 * One endpoint of `src/anaf` → what the guide's request reference shows: method, URL, parameters,
 * the collection's test names and a curl command. Iterates the same specs as the generator, so a
 * new endpoint appears in the guide by itself.
 */
import { FOLDERS, operationIdOf, ref, Var, type EndpointSpec, type FolderId } from '../anaf';
import { requestEvents } from '../generate/scripts';
import type { Lang } from '../templates/engine';
import { curlCommand, type CurlArg, type WordPart } from './shell';
import type { GuideValues } from './values';

/** Where a parameter travels. */
export type ParamPlace = 'path' | 'query' | 'body';

/** One row of a request's parameter table. */
export interface ParamView {
  name: string;
  place: ParamPlace;
  /** As the collection holds it: a fixed value or a `{{variable}}`. */
  value: string;
  optional: boolean;
}

/** A request as the guide shows it. */
export interface RequestView {
  id: string;
  /** The request's operation in the OpenAPI document. */
  operationId: string;
  name: string;
  heading: string;
  /** Anchor of the heading, known once the guide is rendered (filled in by the guide). */
  anchor?: string;
  method: string;
  /** URL as in the collection, with the prod base filled in. */
  url: string;
  auth: EndpointSpec['auth'];
  /** Description partial (`en/efactura.upload`). */
  partial: string;
  params: ParamView[];
  /** Raw body: its content type, the sample file's name and its path from the package root. */
  rawBody?: { contentType: string; sample: string; samplePath: string };
  formBody: boolean;
  /** Names of the tests the collection runs on the answer. */
  tests: string[];
  curl: string;
}

/** A folder of the collection with its requests. */
export interface FolderView {
  id: FolderId;
  name: string;
  partial: string;
  requests: RequestView[];
}

/** The `pm.test("…")` names of a request's test script, in the reader's language. */
export function testNames(lang: Lang, endpoint: EndpointSpec): string[] {
  const test = requestEvents(lang, endpoint).find((e) => e.listen === 'test');
  if (!test) return [];
  const names: string[] = [];
  for (const [, literal] of test.script.exec.join('\n').matchAll(/pm\.test\(\s*("(?:[^"\\]|\\.)*")/g)) {
    if (literal === undefined) continue;
    const name = JSON.parse(literal) as string;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** Escapes what would end a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function params(endpoint: EndpointSpec): ParamView[] {
  const path = endpoint.path
    .filter((s) => /^\{\{\w+\}\}$/.test(s))
    .map((s) => ({ name: s.slice(2, -2), place: 'path' as const, value: s, optional: false }));
  const query = endpoint.query.map((q) => ({
    name: q.key,
    place: 'query' as const,
    value: q.value,
    optional: q.optional === true,
  }));
  const form =
    endpoint.body?.mode === 'urlencoded'
      ? endpoint.body.fields.map((f) => ({
          name: f.key,
          place: 'body' as const,
          value: f.value,
          optional: false,
        }))
      : endpoint.body?.mode === 'formdata'
        ? endpoint.body.files.map((f) => ({
            name: f.key,
            place: 'body' as const,
            value: ref(f.file),
            optional: false,
          }))
        : [];
  return [...path, ...query, ...form].map((p) => ({ ...p, name: cell(p.name), value: cell(p.value) }));
}

/** The URL a curl command calls: prod base, path and the query parameters the collection sends. */
export function urlParts(endpoint: EndpointSpec, values: GuideValues): WordPart[] {
  const parts: WordPart[] = [...values.parts(ref(endpoint.base))];
  for (const segment of endpoint.path) parts.push({ text: '/' }, ...values.parts(segment, true));
  endpoint.query
    .filter((q) => !q.optional)
    .forEach((q, i) =>
      parts.push({ text: `${i === 0 ? '?' : '&'}${q.key}=` }, ...values.parts(q.value, true)),
    );
  return parts;
}

/** Client authentication as curl options: HTTP Basic (`-u`) or the two form fields. */
export function clientAuthArgs(values: GuideValues, mode: 'basic' | 'body'): CurlArg[] {
  if (mode === 'basic') {
    return [{ flag: '-u', value: values.parts(`${ref(Var.clientId)}:${ref(Var.clientSecret)}`) }];
  }
  return [
    { flag: '--data-urlencode', value: values.parts(`client_id=${ref(Var.clientId)}`) },
    { flag: '--data-urlencode', value: values.parts(`client_secret=${ref(Var.clientSecret)}`) },
  ];
}

/** The curl command of a request; `clientAuth` chooses how a token request authenticates. */
export function requestCurl(
  endpoint: EndpointSpec,
  values: GuideValues,
  clientAuth: 'basic' | 'body' = 'basic',
): string {
  const args: CurlArg[] = [];
  if (endpoint.auth === 'inherit') {
    args.push({ flag: '-H', value: values.parts(`Authorization: Bearer ${ref(Var.accessToken)}`) });
  }
  if (endpoint.auth === 'client' && clientAuth === 'basic') args.push(...clientAuthArgs(values, 'basic'));
  const body = endpoint.body;
  if (body?.mode === 'raw') {
    args.push({ flag: '-H', value: [{ text: `Content-Type: ${body.contentType}` }] });
    args.push({ flag: '--data-binary', value: [{ text: `@${body.sample}` }] });
  }
  if (body?.mode === 'formdata') {
    for (const f of body.files) args.push({ flag: '-F', value: values.parts(`${f.key}=@${ref(f.file)}`) });
  }
  if (body?.mode === 'urlencoded') {
    for (const f of body.fields)
      args.push({ flag: '--data-urlencode', value: values.parts(`${f.key}=${f.value}`) });
    if (endpoint.auth === 'client' && clientAuth === 'body') args.push(...clientAuthArgs(values, 'body'));
  }
  return curlCommand(endpoint.method, args, urlParts(endpoint, values));
}

/** The URL as the collection shows it, on prod. */
function displayUrl(endpoint: EndpointSpec, values: GuideValues): string {
  const sent = endpoint.query.filter((q) => !q.optional);
  const search = sent.length ? `?${sent.map((q) => `${q.key}=${q.value}`).join('&')}` : '';
  return values.withBases(`${ref(endpoint.base)}/${endpoint.path.join('/')}${search}`);
}

/**
 * The view of one request. `mockValues` give the curl of a browser step, which curl can only try
 * against the mock: its command then shows the mock's URL, as its text says.
 */
export function requestView(
  endpoint: EndpointSpec,
  folderName: string,
  lang: Lang,
  values: GuideValues,
  mockValues: GuideValues = values,
  displayName: string = endpoint.name,
): RequestView {
  const body = endpoint.body;
  return {
    id: endpoint.id,
    operationId: operationIdOf(endpoint),
    name: endpoint.name,
    heading: `${folderName}: ${displayName}`,
    method: endpoint.method,
    url: displayUrl(endpoint, values),
    auth: endpoint.auth,
    partial: `${lang}/${endpoint.id}`,
    params: params(endpoint),
    rawBody:
      body?.mode === 'raw'
        ? {
            contentType: body.contentType,
            sample: body.sample,
            samplePath: `templates/samples/${body.sample}`,
          }
        : undefined,
    formBody: body?.mode === 'urlencoded',
    tests: testNames(lang, endpoint).map(cell),
    curl: requestCurl(endpoint, endpoint.auth === 'none' ? mockValues : values),
  };
}

/** Every folder of the collection, in collection order. */
export function folderViews(
  lang: Lang,
  values: GuideValues,
  mockValues: GuideValues = values,
  /** Headings in the reader's language by endpoint id; the collection's name otherwise. */
  names: Record<string, string> = {},
): FolderView[] {
  return FOLDERS.map((folder) => ({
    id: folder.id,
    name: folder.name,
    partial: `${lang}/folder.${folder.id}`,
    requests: folder.endpoints.map((e) =>
      requestView(e, folder.name, lang, values, mockValues, names[e.id] ?? e.name),
    ),
  }));
}
