/** Options of `generate`, checked once so the rest of the generator can trust them. */
import {
  CLIENT_AUTH_VALUES,
  POSTMAN_CALLBACK_URL,
  SERVICE_IDS,
  type ClientAuth,
  type ServiceId,
  isLoopbackHostname,
} from '../anaf';
import { optionError } from '../errors';
import { LANGS, type Lang } from '../templates/engine';

/**
 * What `generate` writes: Postman collections (v2.1 JSON) and environments, the OpenAPI document, a
 * Bruno collection, the Postman collections in collection format v3 (YAML).
 */
export type OutputFormat = 'postman' | 'openapi' | 'bruno' | 'postman-v3';

/** Accepted `format` values, in the order their files are listed. */
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['postman', 'openapi', 'bruno', 'postman-v3'];

/** What `generate` accepts. Lists may also be given comma-separated. */
export interface GenerateOptions {
  /** Formats to generate (default `postman`). */
  format?: OutputFormat[] | string;
  /** Services to include (default both: `efactura`, `etransport`). */
  services?: ServiceId[] | string;
  /** Languages of the collections (default both: `en`, `ro`). */
  langs?: Lang[] | string;
  /** Client authentication at the token endpoint (default `basic`, as ANAF's guide says). */
  clientAuth?: ClientAuth | string;
  /** Redirect URI registered on ANAF's portal (default Postman's callback). */
  redirectUri?: string;
  /** Client id to put in the prod and test environments (default empty). */
  clientId?: string;
}

/** Options after validation. */
export interface ResolvedOptions {
  formats: OutputFormat[];
  services: ServiceId[];
  langs: Lang[];
  clientAuth: ClientAuth;
  redirectUri: string;
  clientId: string;
}

function list<T extends string>(value: T[] | string | undefined, allowed: readonly T[], option: string): T[] {
  if (value === undefined) return [...allowed];
  const items = (Array.isArray(value) ? value : value.split(','))
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v.length > 0);
  const unknown = items.filter((v) => !allowed.includes(v as T));
  if (items.length === 0 || unknown.length > 0) {
    const what = unknown.length > 0 ? `unknown value "${unknown[0]}"` : 'no value';
    throw optionError('USAGE', option, `${what}; accepted: ${allowed.join(', ')} (comma-separated)`);
  }
  return allowed.filter((a) => items.includes(a));
}

/**
 * Checks a redirect URI: absolute https (ANAF's portal refuses http callbacks), or http on a
 * loopback host, which only the local mock accepts.
 */
export function checkRedirectUri(value: string, option = 'redirectUri'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw optionError('USAGE', option, `"${value}" is not an absolute URL; give https://host/path`);
  }
  const ok = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHostname(url.hostname));
  if (!ok || url.hash || url.username) {
    throw optionError(
      'USAGE',
      option,
      `"${value}" is not accepted; give an https:// URL without #fragment (http only on localhost or 127.0.0.1)`,
    );
  }
  return value;
}

/** Validates and fills in defaults. @throws AnafPostmanError `USAGE` naming the flag. */
export function resolveOptions(options: GenerateOptions = {}): ResolvedOptions {
  const clientAuth = (options.clientAuth ?? 'basic').toString().toLowerCase();
  if (!CLIENT_AUTH_VALUES.includes(clientAuth as ClientAuth)) {
    throw optionError('USAGE', 'clientAuth', `"${clientAuth}" is not accepted; use basic or body`);
  }
  const clientId = options.clientId ?? '';
  if ([...clientId].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    throw optionError('USAGE', 'clientId', 'control characters are not accepted');
  }
  const formats =
    options.format === undefined ? ['postman' as const] : list(options.format, OUTPUT_FORMATS, 'format');
  if (formats.includes('bruno')) {
    throw optionError(
      'USAGE',
      'format',
      'the Bruno collection comes from generateBruno() (the CLI: --format bruno)',
    );
  }
  if (formats.includes('postman-v3')) {
    throw optionError(
      'USAGE',
      'format',
      'the collection format v3 comes from generatePostmanV3() (the CLI: --format postman-v3)',
    );
  }
  return {
    formats,
    services: list(options.services, SERVICE_IDS, 'services'),
    langs: list(options.langs, LANGS, 'langs'),
    clientAuth: clientAuth as ClientAuth,
    redirectUri: checkRedirectUri(options.redirectUri ?? POSTMAN_CALLBACK_URL),
    clientId,
  };
}
