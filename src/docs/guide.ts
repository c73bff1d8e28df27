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
import { packagePath } from '../paths';
import { renderTemplate } from '../templates/registry';
import type { Lang } from '../templates/engine';
import {
  CLIENT_ID_PLACEHOLDER,
  resolveDocsOptions,
  type DocsOptions,
  type ResolvedDocsOptions,
} from './options';
import { cell, folderViews, requestCurl, urlParts, type FolderView } from './requests';
import type { WordPart } from './shell';
import { contents, headings } from './toc';
import { GuideValues } from './values';

/** EU trusted list of Romania: the qualified trust service providers that issue the certificates. */
export const EU_TRUSTED_LIST_RO = 'https://eidas.ec.europa.eu/efda/tl-browser/#/screen/tl/RO';

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
  const folders: FolderView[] = folderViews(lang, values);
  const authorize = endpoint('oauth.authorize');
  const exchange = endpoint('oauth.exchange');
  const refresh = endpoint('oauth.refresh');
  const exchangeBodyAuth = requestCurl(exchange, values, 'body');
  const link = (relative: string) => `${linkRoot.replace(/\/+$/, '')}/${relative}`;
  const redirect = new URL(options.redirectUri);
  return {
    lang,
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
      // The other language's guide, when it is written beside this one.
      otherGuide: options.langs.filter((l) => l !== lang).map(guideFileName)[0],
    },
    trustedList: EU_TRUSTED_LIST_RO,
    postmanCallbackUrl: POSTMAN_CALLBACK_URL,
    toc: '',
  };
}

/** Renders the guide in `lang`; the contents list is built from the first rendering's headings. */
function renderOne(lang: Lang, options: ResolvedDocsOptions, linkRoot: string): string {
  const template = `docs/guide.${lang}.md.hbs`;
  const ctx = guideContext(lang, options, linkRoot);
  const anchors = (markdown: string) => {
    const byText = new Map(headings(markdown).map((h) => [h.text, h.anchor]));
    for (const folder of ctx.folders) {
      for (const r of folder.requests) r.anchor = byText.get(r.heading) ?? '';
    }
  };
  const draft = renderTemplate(template, ctx);
  anchors(draft);
  ctx.toc = contents(draft, ctx.strings.titles.contents);
  const final = renderTemplate(template, ctx);
  // Collapse the blank lines a template's block helpers leave behind, and end with one newline.
  return `${final
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

/**
 * Renders the guide in each requested language. The same options always give the same text.
 * @throws AnafPostmanError `USAGE` for an unknown language, a bad client id or redirect URI.
 */
export function renderGuides(options: GuideOptions = {}): Guide[] {
  const resolved = resolveDocsOptions(options);
  const linkRoot = (options.linkRoot ?? '..').split('\\').join('/');
  return resolved.langs.map((lang) => ({
    lang,
    fileName: guideFileName(lang),
    text: renderOne(lang, resolved, linkRoot),
  }));
}

/** The guides as files to write below the output folder. */
export function guideFiles(guides: Guide[]): GeneratedFile[] {
  return guides.map((g) => ({ relativePath: g.fileName, text: g.text }));
}
