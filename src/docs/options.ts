/** Options of `docs`, checked once so the rest of the guide code can trust them. */
import { POSTMAN_CALLBACK_URL } from '../anaf';
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
}

/** Options after validation. */
export interface ResolvedDocsOptions {
  langs: Lang[];
  clientId: string;
  redirectUri: string;
}

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

/** Validates and fills in defaults. @throws AnafPostmanError `USAGE` naming the flag. */
export function resolveDocsOptions(options: DocsOptions = {}): ResolvedDocsOptions {
  return {
    langs: langs(options.langs),
    clientId: clientId(options.clientId),
    redirectUri: redirectUri(options.redirectUri),
  };
}
