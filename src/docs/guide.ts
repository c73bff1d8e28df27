/**
 * The guide: one Markdown file per language, rendered from `templates/docs/guide.LANG.md.hbs` with
 * the collection's own description partials, the endpoint specs and the reader's values.
 */
import fs from 'node:fs';
import {
  AnafHosts,
  DAILY_QUOTAS,
  MESSAGE_RETENTION_DAYS,
  Paths,
  SIZE_LIMITS,
  ACCESS_TOKEN_LIFETIME_SECONDS,
  CODE_LIFETIME_SECONDS,
  DEFAULT_REFRESH_SKEW_SECONDS,
  OAUTH_ENDPOINTS,
  POSTMAN_CALLBACK_URL,
  REFRESH_TOKEN_LIFETIME_SECONDS,
  REFRESH_WARNING_DAYS,
  TOKEN_CONTENT_TYPE,
  type EndpointSpec,
} from '../anaf';
import { collectionFileName, environmentFileName, type GeneratedFile } from '../generate';
import { STAGES } from '../generate/environment';
import { MOCK_DEMO_CLIENT } from '../anaf';
import { AnafPostmanError } from '../errors';
import { packagePath } from '../paths';
import { renderTemplate } from '../templates/registry';
import type { Lang } from '../templates/engine';
import { firstChangedOrigin, joinLines, layout, sourcedLines } from './lines';
import {
  CLIENT_ID_PLACEHOLDER,
  DEFAULT_PRODUCT_NAME,
  resolveDocsOptions,
  type DocsOptions,
  type ResolvedDocsOptions,
} from './options';
import { createRenderer, type Render } from './renderer';
import { cell, folderViews, requestCurl, urlParts, type FolderView } from './requests';
import { shellWord, type WordPart } from './shell';
import { contents, headings } from './toc';
import { GuideValues } from './values';

/** EU trusted list of Romania: the qualified trust service providers that issue the certificates. */
export const EU_TRUSTED_LIST_RO = 'https://eidas.ec.europa.eu/efda/tl-browser/#/screen/tl/RO';

/**
 * ANAF's portal pages the guide links (#27): the entry point for API developers ("Înregistrare
 * pentru API-uri", where the account is made and the OAuth profile edited), and ANAF's own
 * procedure for registering an application (a PDF, in Romanian, with screenshots). Both URLs are
 * cited alike by independent client libraries and by integrators' guides; check them when ANAF
 * moves its pages.
 */
export const ANAF_PORTAL = {
  registration: 'https://www.anaf.ro/InregOauth/',
  procedure:
    'https://static.anaf.ro/static/10/Anaf/Informatii_R/API/Oauth_procedura_inregistrare_aplicatii_portal_ANAF.pdf',
} as const;

/** Options of {@link renderGuides}. */
export interface GuideOptions extends DocsOptions {
  /**
   * Path from the guide's folder to the package root, for links to the collections, environments
   * and samples (default `..`: the guide in the package's own `docs/`).
   */
  linkRoot?: string;
}

/** One rendered guide. */
export interface Guide {
  lang: Lang;
  fileName: string;
  text: string;
}

/** File name of the guide in `lang` (English is the unsuffixed default, as for the collections). */
export function guideFileName(lang: Lang): string {
  return lang === 'en' ? 'guide.md' : `guide.${lang}.md`;
}

function endpoint(id: string): EndpointSpec {
  const found = OAUTH_ENDPOINTS.find((e) => e.id === id);
  if (!found) throw new Error(`docs: no endpoint ${id} in src/anaf`);
  return found;
}

function docStrings(lang: Lang): Record<string, Record<string, string>> {
  const file = packagePath('templates', 'docs', 'i18n', `${lang}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, string>>;
}

function text(parts: WordPart[]): string {
  return parts.map((p) => ('text' in p ? p.text : `$${p.shellVar}`)).join('');
}

/** The form fields of a token request with the values the reader sends. */
function fields(spec: EndpointSpec, values: GuideValues) {
  if (spec.body?.mode !== 'urlencoded') return [];
  return spec.body.fields.map((f) => ({ name: f.key, value: cell(text(values.parts(f.value))) }));
}

/** The shell variables the commands read, in order of first use, with what to put in each. */
function shellVars(values: GuideValues, lang: Lang) {
  const notes = docStrings(lang).shellVars ?? {};
  return values.used.map((name) => ({ name, note: notes[name] ?? '' }));
}

function lifetimeDays(seconds: number): number {
  return Math.round(seconds / 86400);
}

/** Everything the guide template sees. */
function guideContext(lang: Lang, options: ResolvedDocsOptions, linkRoot: string) {
  const values = new GuideValues(options);
  // curl can try the browser step only on the mock: that command shows the mock's URL.
  const mockValues = new GuideValues({
    ...options,
    stage: 'mock',
    clientId: MOCK_DEMO_CLIENT.clientId,
    redirectUri: MOCK_DEMO_CLIENT.redirectUri,
  });
  const folders: FolderView[] = folderViews(lang, values, mockValues, docStrings(lang).requestNames ?? {});
  const authorize = endpoint('oauth.authorize');
  const exchange = endpoint('oauth.exchange');
  const refresh = endpoint('oauth.refresh');
  const exchangeBodyAuth = requestCurl(exchange, values, 'body');
  const base = options.linkBase ?? linkRoot.replace(/\/+$/, '');
  const link = (relative: string) => `${base}/${relative}`;
  const redirect = new URL(options.redirectUri);
  return {
    lang,
    stage: options.stage,
    product: options.productName,
    mockClient: { clientId: MOCK_DEMO_CLIENT.clientId, redirectUri: MOCK_DEMO_CLIENT.redirectUri },
    // `{{v "name"}}` in the description partials prints these.
    values: values.known,
    clientAuth: 'basic',
    clientId: options.clientId,
    redirectUri: options.redirectUri,
    clientIdGiven: options.clientId !== CLIENT_ID_PLACEHOLDER,
    postmanCallback: options.redirectUri === POSTMAN_CALLBACK_URL,
    httpCallback: redirect.protocol === 'http:',
    baseUrls: {
      oauth: values.known.oauthBaseUrl,
      efactura: values.known.efacturaBaseUrl,
      etransport: values.known.etransportBaseUrl,
      efacturaTools: values.known.efacturaToolsBaseUrl,
      publicTools: `${AnafHosts.publicTools}${Paths.efactura('prod')}`,
      api: values.known.apiBaseUrl,
    },
    tokenContentType: TOKEN_CONTENT_TYPE,
    quotas: DAILY_QUOTAS,
    sizeLimitsMb: Object.fromEntries(Object.entries(SIZE_LIMITS).map(([k, v]) => [k, v / (1024 * 1024)])),
    retentionDays: MESSAGE_RETENTION_DAYS,
    authorizeUrl: text(urlParts(authorize, values)),
    authorizeParams: authorize.query.map((q) => ({ name: q.key, value: cell(text(values.parts(q.value))) })),
    tokenUrl: text(urlParts(exchange, values)),
    exchange: {
      fields: fields(exchange, values),
      curl: requestCurl(exchange, values),
      curlBodyAuth: exchangeBodyAuth,
    },
    refresh: { fields: fields(refresh, values), curl: requestCurl(refresh, values) },
    lifetimes: {
      codeSeconds: CODE_LIFETIME_SECONDS,
      accessDays: lifetimeDays(ACCESS_TOKEN_LIFETIME_SECONDS),
      refreshDays: lifetimeDays(REFRESH_TOKEN_LIFETIME_SECONDS),
      skewSeconds: DEFAULT_REFRESH_SKEW_SECONDS,
      warningDays: REFRESH_WARNING_DAYS,
    },
    folders,
    shellVars: shellVars(values, lang),
    strings: docStrings(lang),
    links: {
      collection: link(`collections/${collectionFileName(lang)}`),
      collectionFile: collectionFileName(lang),
      environments: STAGES.map((stage) => ({
        stage,
        file: environmentFileName(stage),
        link: link(`environments/${environmentFileName(stage)}`),
      })),
      samples: link('templates/samples'),
      // Each request's operation in the OpenAPI document (operationId = the endpoint's id).
      openapi: link('openapi/anaf.openapi.yaml'),
      // The other language's guide, when it is written beside this one.
      otherGuide: options.langs.filter((l) => l !== lang).map(guideFileName)[0],
    },
    trustedList: EU_TRUSTED_LIST_RO,
    portal: ANAF_PORTAL,
    postmanCallbackUrl: POSTMAN_CALLBACK_URL,
    toc: '',
  };
}

/**
 * The `docs` command line of the values a guide shows: `anaf-postman docs` and each value that is
 * not the default (shell-quoted). It heads the guide, so `docs --check` can tell a guide written
 * with other values from one edited by hand (#27).
 */
export function valuesCommand(options: ResolvedDocsOptions): string {
  const mock = options.stage === 'mock';
  const flags: [string, string | undefined][] = [
    ['--stage', options.stage === 'prod' ? undefined : options.stage],
    [
      '--client-id',
      options.clientId === (mock ? MOCK_DEMO_CLIENT.clientId : CLIENT_ID_PLACEHOLDER)
        ? undefined
        : options.clientId,
    ],
    [
      '--redirect-uri',
      options.redirectUri === (mock ? MOCK_DEMO_CLIENT.redirectUri : POSTMAN_CALLBACK_URL)
        ? undefined
        : options.redirectUri,
    ],
    ['--product-name', options.productName === DEFAULT_PRODUCT_NAME ? undefined : options.productName],
    ['--link-base', options.linkBase],
  ];
  const given = flags.flatMap(([flag, value]) =>
    value === undefined ? [] : [flag, shellWord([{ text: value }])],
  );
  return ['anaf-postman docs', ...given].join(' ');
}

/** The command a guide's first line says it was written with, or undefined when it has no such line. */
export function writtenWith(text: string): string | undefined {
  return /^<!-- (?:Generated by|Fișier generat de) `([^`]*)`/.exec(text)?.[1];
}

/**
 * The command `actual` (a guide on disk) was written with, when it differs from the values of
 * `options`: the guide is stale because the values differ, not because a template changed.
 */
export function otherValues(options: GuideOptions, actual: string): { was: string; now: string } | undefined {
  const was = writtenWith(actual);
  const now = valuesCommand(resolveDocsOptions(options));
  return was !== undefined && was !== now ? { was, now } : undefined;
}

/** The HTML comment heading every guide: the values it was written with, and which template to edit instead. */
function header(template: string, lang: Lang, command: string): string {
  const partials = `templates/docs/_*.md.hbs, templates/descriptions/${lang}/*.md.hbs`;
  if (lang === 'ro') {
    return (
      `<!-- Fișier generat de \`${command}\` din ${template} și parțialele incluse (${partials}). ` +
      'Nu modificați acest fișier: modificați șablonul (sau înlocuiți-l cu `docs --templates DIR`) și rulați din nou `docs`. -->'
    );
  }
  return (
    `<!-- Generated by \`${command}\` from ${template} and the partials it includes (${partials}). ` +
    'Do not edit this file: edit the template (or override it with `docs --templates DIR`) and run `docs` again. -->'
  );
}

/** Renders the guide in `lang`; the contents list is built from the first rendering's headings. */
function renderLines(
  lang: Lang,
  options: ResolvedDocsOptions,
  linkRoot: string,
  render: Render,
  origin: string,
) {
  const template = `docs/guide.${lang}.md.hbs`;
  const ctx = guideContext(lang, options, linkRoot);
  const anchors = (markdown: string) => {
    const byText = new Map(headings(markdown).map((h) => [h.text, h.anchor]));
    for (const folder of ctx.folders) {
      for (const r of folder.requests) r.anchor = byText.get(r.heading) ?? '';
    }
  };
  const plain = (text: string) => joinLines(layout(sourcedLines(text)));
  const draft = plain(render(template, ctx));
  anchors(draft);
  const self = ctx.strings.titles?.contents;
  if (self === undefined) {
    throw new AnafPostmanError('INTERNAL', `templates/docs/i18n/${lang}.json lacks titles.contents`);
  }
  ctx.toc = contents(draft, self);
  const lines = layout(sourcedLines(render(template, ctx)));
  return [{ text: header(origin, lang, valuesCommand(options)), origin }, { text: '' }, ...lines];
}

/** The renderer of these options: the package's precompiled templates, unless overridden. */
function renderer(options: ResolvedDocsOptions, mark = false) {
  if (!options.templates && !mark) {
    return {
      render: renderTemplate as Render,
      origin: (lang: Lang) => `templates/docs/guide.${lang}.md.hbs`,
    };
  }
  const { render, origins } = createRenderer(options.templates, mark);
  return { render, origin: (lang: Lang) => origins.get(`docs/guide.${lang}.md.hbs`) ?? '' };
}

/**
 * Renders the guide in each requested language. The same options always give the same text.
 * @throws AnafPostmanError `USAGE` for an unknown language, a bad client id or redirect URI.
 */
export function renderGuides(options: GuideOptions = {}): Guide[] {
  const resolved = resolveDocsOptions(options);
  const linkRoot = (options.linkRoot ?? '..').split('\\').join('/');
  const { render, origin } = renderer(resolved);
  return resolved.langs.map((lang) => ({
    lang,
    fileName: guideFileName(lang),
    text: joinLines(renderLines(lang, resolved, linkRoot, render, origin(lang))),
  }));
}

/**
 * The template to edit for a guide that differs from what `options` generate: the one that wrote
 * the first line where `actual` differs (a description partial, a guide partial or the guide
 * template itself), or undefined when the guide is up to date.
 */
export function changedTemplate(options: GuideOptions, fileName: string, actual: string): string | undefined {
  const resolved = resolveDocsOptions(options);
  const linkRoot = (options.linkRoot ?? '..').split('\\').join('/');
  const lang = resolved.langs.find((l) => guideFileName(l) === fileName);
  if (!lang) return undefined;
  const { render, origin } = renderer(resolved, true);
  return firstChangedOrigin(renderLines(lang, resolved, linkRoot, render, origin(lang)), actual);
}

/** The guides as files to write below the output folder. */
export function guideFiles(guides: Guide[]): GeneratedFile[] {
  return guides.map((g) => ({ relativePath: g.fileName, text: g.text }));
}
