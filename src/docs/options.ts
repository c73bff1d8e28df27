/** Options of `docs`, checked once so the rest of the guide code can trust them. */
import fs from 'node:fs';
import path from 'node:path';
import { MOCK_DEMO_CLIENT, POSTMAN_CALLBACK_URL, type Stage } from '../anaf';
import { optionError } from '../errors';
import { checkRedirectUri } from '../generate/options';
import { LANGS, type Lang } from '../templates/engine';

/** Shown where the reader's client id goes when none was given. */
export const CLIENT_ID_PLACEHOLDER = 'YOUR_CLIENT_ID';

/** What `docs` accepts. */
export interface DocsOptions {
  /** Languages of the guide (default both: `en`, `ro`); also comma-separated. */
  langs?: Lang[] | string;
  /** The reader's client id (default the placeholder `YOUR_CLIENT_ID`). */
  clientId?: string;
  /** The callback URL registered on ANAF's portal (default Postman's callback). */
  redirectUri?: string;
  /** Whose URLs the guide shows: ANAF's `prod` (default) or `test`, or the local `mock`. */
  stage?: Stage | string;
  /**
   * A folder of templates that replace the package's own, by the same path below `templates/`
   * (`docs/_quickstart_en.md.hbs`, `descriptions/ro/oauth.authorize.md.hbs`).
   */
  templates?: string;
  /**
   * An absolute http(s) URL under which the package's files are published: links to the
   * collections, environments, samples and OpenAPI document start with it instead of a relative path.
   */
  linkBase?: string;
  /** The product's name in the guide's title and prose (default `anaf-postman`). */
  productName?: string;
}

/** Options after validation. */
export interface ResolvedDocsOptions {
  langs: Lang[];
  clientId: string;
  redirectUri: string;
  stage: Stage;
  /** Absolute path of the override folder, when one was given. */
  templates?: string;
  /** Without a trailing slash. */
  linkBase?: string;
  productName: string;
}

/** The stages a guide can describe. */
export const DOCS_STAGES: readonly Stage[] = ['prod', 'test', 'mock'];

/** The product name when none is given. */
export const DEFAULT_PRODUCT_NAME = 'anaf-postman';

function langs(value: Lang[] | string | undefined): Lang[] {
  if (value === undefined) return [...LANGS];
  const items = (Array.isArray(value) ? value : [value])
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  const unknown = items.find((v) => !LANGS.includes(v as Lang));
  if (items.length === 0 || unknown !== undefined) {
    const what = unknown === undefined ? 'no value' : `unknown value "${unknown}"`;
    throw optionError('USAGE', 'langs', `${what}; accepted: ${LANGS.join(', ')} (comma-separated)`);
  }
  return LANGS.filter((l) => items.includes(l));
}

/**
 * The client id goes unencoded into URLs, shell commands and Markdown tables, so it is limited to
 * the characters a URL never needs to escape. ANAF's client ids are hexadecimal.
 */
function clientId(value: string | undefined): string {
  if (value === undefined) return CLIENT_ID_PLACEHOLDER;
  if (!/^[A-Za-z0-9._~-]{1,200}$/.test(value)) {
    throw optionError(
      'USAGE',
      'clientId',
      `"${value}" is not accepted; use letters, digits and . _ ~ - only (ANAF's client ids are hexadecimal)`,
    );
  }
  return value;
}

/**
 * A redirect URI must also survive Markdown: code spans and table cells break on these characters,
 * which a URL can always carry percent-encoded instead.
 */
function redirectUri(value: string | undefined): string {
  const uri = checkRedirectUri(value ?? POSTMAN_CALLBACK_URL);
  const bad = /[\s`|<>"\\]/.exec(uri);
  if (bad) {
    throw optionError(
      'USAGE',
      'redirectUri',
      `"${uri}" contains ${JSON.stringify(bad[0])}; percent-encode it as registered on ANAF's portal`,
    );
  }
  return uri;
}

function stage(value: string | undefined): Stage {
  if (value === undefined) return 'prod';
  const found = DOCS_STAGES.find((s) => s === value.trim().toLowerCase());
  if (!found)
    throw optionError('USAGE', 'stage', `"${value}" is not a stage; accepted: ${DOCS_STAGES.join(', ')}`);
  return found;
}

function templatesDir(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const dir = path.resolve(value);
  if (value.trim() === '' || !fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw optionError('USAGE', 'templates', `"${value}" is not a folder`);
  }
  return dir;
}

function linkBase(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    !['https:', 'http:'].includes(url.protocol) ||
    url.search ||
    url.hash ||
    /[\s`|<>"()\\]/.test(value)
  ) {
    throw optionError(
      'USAGE',
      'linkBase',
      `"${value}" is not an absolute http(s) URL without query or fragment (e.g. https://example.com/anaf-postman)`,
    );
  }
  return value.replace(/\/+$/, '');
}

/** Shown in headings, prose and code spans: one line of text that Markdown reads literally. */
function productName(value: string | undefined): string {
  if (value === undefined) return DEFAULT_PRODUCT_NAME;
  const name = value.trim();
  if (!/^[^\s`|<>[\]*_#\\][^`|<>[\]*_#\\\n\r]{0,79}$/u.test(name) || /\s$/.test(name)) {
    throw optionError(
      'USAGE',
      'productName',
      `"${value}" is not accepted; use 1 to 80 characters on one line, without \` | < > [ ] * _ # \\`,
    );
  }
  return name;
}

/** Validates and fills in defaults. @throws AnafPostmanError `USAGE` naming the flag. */
export function resolveDocsOptions(options: DocsOptions = {}): ResolvedDocsOptions {
  const resolvedStage = stage(options.stage);
  return {
    langs: langs(options.langs),
    // The mock knows only its demo client: its guide shows that client unless told otherwise.
    clientId: clientId(
      options.clientId ?? (resolvedStage === 'mock' ? MOCK_DEMO_CLIENT.clientId : undefined),
    ),
    redirectUri: redirectUri(
      options.redirectUri ?? (resolvedStage === 'mock' ? MOCK_DEMO_CLIENT.redirectUri : undefined),
    ),
    stage: resolvedStage,
    templates: templatesDir(options.templates),
    linkBase: linkBase(options.linkBase),
    productName: productName(options.productName),
  };
}
