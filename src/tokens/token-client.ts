/**
 * The refresh request, exactly as the collection sends it (Basic or body client credentials per
 * `clientAuth`), with retries for what is transient and none for what needs a person.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CLIENT_AUTH_VALUES,
  FIREWALL_PATTERN,
  GrantType,
  TOKEN_CONTENT_TYPE,
  Var,
  type ClientAuth,
  type VarName,
} from '../anaf';
import { AnafPostmanError } from '../errors';
import { postForm, type PostResult } from '../transport/http-post';
import { isProxyError } from '../transport/proxy';
import { retryAfterMs } from '../transport/rate-limit';
import { retryWaitMs } from '../transport/waits';
import { basicCredentials, oneLine, secretRedactor } from '../redaction/secret-forms';
import type { TokenResponse } from './tokens';

/** Retry policy of token requests. */
export interface RetryOptions {
  /** Attempts after the first (default 3). */
  retries?: number;
  /** First backoff delay; doubles each time (default 500 ms). */
  baseDelayMs?: number;
  /** Longest `Retry-After` honoured (default 60 s). */
  maxRetryAfterMs?: number;
  /** Per-attempt deadline: the wait for a rate slot, headers and body together (default 30 s). */
  timeoutMs?: number;
  /**
   * The whole token request, every attempt, backoff and `Retry-After` pause included (default
   * {@link TOKEN_REQUEST_BOUND_MS}): a refresh holds the file's lock no longer.
   */
  totalTimeoutMs?: number;
  /** When aborted, no further attempt is started (the one under way still gets its answer). */
  signal?: AbortSignal;
}

/** The host a URL names, or '' for one that is not a URL (its request fails on its own). */
function hostnameOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/**
 * How long a token request may take, retries included, unless told: two minutes (the default four
 * attempts of at most 30 s each, the backoffs between them counted in).
 */
export const TOKEN_REQUEST_BOUND_MS = 120_000;

function httpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** The variables every token request needs, as {@link checkClientVars} found them. */
export interface ClientVars {
  oauthBaseUrl: string;
  clientId: string;
  clientSecret: string;
}

/** The variables every token request (and so every run) needs: where ANAF is and who the client is. */
export const CLIENT_VARS = [Var.oauthBaseUrl, Var.clientId, Var.clientSecret] as const;

/** Which of `keys` `vars` holds no value for (blank counts as none), in that order. */
export function missingVars(vars: Record<string, string>, keys: readonly VarName[] = CLIENT_VARS): VarName[] {
  return keys.filter((key) => (vars[key] ?? '').trim() === '');
}

/**
 * The one refusal of a file that was never set up, the same from `run`, `refresh` and `login`
 * (#27): every variable missing, and where filling them in is explained.
 */
export function notSetUp(file: string, missing: readonly string[]): AnafPostmanError {
  return new AnafPostmanError(
    'BAD_FILE',
    `${file}: not set up: no value for ${missing.join(', ')}; fill ${missing.length > 1 ? 'them' : 'it'} in ` +
      '(see "Your environment file" in the README or the guide)',
    { file, missing: [...missing] },
  );
}

/**
 * Checks the variables every token request needs (`oauthBaseUrl`, `clientId`, `clientSecret`,
 * `clientAuth`, and `also`), so a misconfigured file is a bad file rather than a refusal from ANAF.
 * @returns The three that must be there.
 * @throws AnafPostmanError `BAD_FILE` naming every missing variable ({@link notSetUp}) or the bad one.
 */
export function checkClientVars(
  vars: Record<string, string>,
  file: string,
  also: readonly VarName[] = [],
): ClientVars {
  const bad = (why: string) => new AnafPostmanError('BAD_FILE', `${file}: ${why}`, { file });
  const missing = missingVars(vars, [...CLIENT_VARS, ...also]);
  if (missing.length > 0) throw notSetUp(file, missing);
  const client: ClientVars = {
    oauthBaseUrl: vars[Var.oauthBaseUrl]!,
    clientId: vars[Var.clientId]!,
    clientSecret: vars[Var.clientSecret]!,
  };
  if (!httpUrl(client.oauthBaseUrl)) throw bad(`${Var.oauthBaseUrl} is not an http(s) URL`);
  const auth = vars[Var.clientAuth];
  if (auth && !CLIENT_AUTH_VALUES.includes(auth as ClientAuth)) {
    throw bad(`${Var.clientAuth} must be ${CLIENT_AUTH_VALUES.join(' or ')}, not "${auth}"`);
  }
  return client;
}

/**
 * The refresh token of `vars`.
 * @throws AnafPostmanError `AUTH_REQUIRED` when there is none: only the certificate can get one.
 */
export function refreshTokenOf(vars: Record<string, string>, file: string): string {
  const token = vars[Var.refreshToken];
  if (!token) {
    throw new AnafPostmanError(
      'AUTH_REQUIRED',
      `${file}: no refresh token; authorize first with the certificate: anaf-postman login --environment ${file}`,
      { file },
    );
  }
  return token;
}

/** Errors ANAF answers that only a new browser authorization can cure. */
const NEEDS_PERSON = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client']);
/** OAuth errors that say the server, not the request, failed: retried like a 5xx. */
const TRANSIENT = new Set(['server_error', 'temporarily_unavailable']);

type Attempt = { ok: TokenResponse } | { fatal: AnafPostmanError } | { retryAfterMs?: number; why: string };

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function retryAfter(res: PostResult): number | undefined {
  return retryAfterMs(res.headers['retry-after']);
}

/**
 * Judges one answer of the token endpoint. `redact` hides the secrets that were sent, in case the
 * server echoes them in its `error_description`.
 */
export function classify(
  res: PostResult,
  file: string,
  what = 'refresh',
  redact: (text: string) => string = (t) => t,
): Attempt {
  const json = parseJson(res.body);
  if (res.status === 200) {
    if (json && typeof json.access_token === 'string' && json.access_token !== '')
      return { ok: json as TokenResponse };
    if (json) return { why: 'answer without access_token' };
    // ANAF's firewall answers 200 with a page instead of the API: its support ID is what ANAF asks for.
    const firewall = FIREWALL_PATTERN.exec(res.body);
    return {
      why: firewall
        ? `ANAF's firewall rejected the request (support ID ${firewall[1] ?? '?'})`
        : 'answer is not JSON',
    };
  }
  if (res.status === 429 || res.status >= 500) {
    return { why: `HTTP ${res.status}`, retryAfterMs: retryAfter(res) };
  }
  if (typeof json?.error !== 'string') {
    // Not an OAuth answer at all (404 page, proxy error): the URL is wrong, not the token.
    return {
      fatal: new AnafPostmanError(
        'BAD_FILE',
        `${file}: the token endpoint answered HTTP ${res.status} without an OAuth error; check oauthBaseUrl`,
        { file },
      ),
    };
  }
  const error = oneLine(redact(json.error), 80);
  const description =
    typeof json.error_description === 'string' ? `: ${oneLine(redact(json.error_description))}` : '';
  if (TRANSIENT.has(error)) return { why: `HTTP ${res.status} ${error}`, retryAfterMs: retryAfter(res) };
  if (!NEEDS_PERSON.has(error)) {
    // invalid_request, unsupported_grant_type…: the request was refused as malformed. The refresh
    // token was not used up, so authorizing again would cost a person for nothing.
    return {
      fatal: new AnafPostmanError(
        'BAD_FILE',
        `${file}: ANAF refused the ${what} request (${error}${description}); the tokens were not used and the file is unchanged; check ${Var.oauthBaseUrl} and ${Var.clientAuth}`,
        { file, error },
      ),
    };
  }
  const hint = error === 'invalid_client' ? '; check clientId, clientSecret and clientAuth, or' : ';';
  return {
    fatal: new AnafPostmanError(
      'AUTH_REQUIRED',
      `${file}: ANAF refused the ${what} (${error}${description})${hint} authorize again with the certificate: anaf-postman login --environment ${file}`,
      { file, error },
    ),
  };
}

/**
 * POSTs `form` to the token endpoint of `vars.oauthBaseUrl`, authenticating the client per
 * `vars.clientAuth` (Basic header by default, or `client_id`/`client_secret` in the body), retrying
 * what is transient. `what` names the request in errors ("refresh", "code exchange").
 * @throws AnafPostmanError `BAD_FILE` when `vars` fail {@link checkClientVars} (callers check them
 *   first, so this is nothing sent rather than a request with a missing credential),
 *   `AUTH_REQUIRED` (never retried) or `UNAVAILABLE` after the retries.
 */
export async function requestToken(
  vars: Record<string, string>,
  grant: Record<string, string>,
  file: string,
  options: RetryOptions & { what?: string } = {},
): Promise<TokenResponse> {
  const {
    retries = 3,
    baseDelayMs = 500,
    maxRetryAfterMs = 60_000,
    timeoutMs = 30_000,
    totalTimeoutMs = TOKEN_REQUEST_BOUND_MS,
    what = 'refresh',
    signal,
  } = options;
  const endsAt = Date.now() + totalTimeoutMs;
  const client = checkClientVars(vars, file);
  const form: Record<string, string> = { ...grant, [TOKEN_CONTENT_TYPE.key]: TOKEN_CONTENT_TYPE.value };
  const headers: Record<string, string> = {};
  if (vars[Var.clientAuth] === 'body') {
    form.client_id = client.clientId;
    form.client_secret = client.clientSecret;
  } else {
    const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
    headers.authorization = `Basic ${basic}`;
  }
  const url = `${client.oauthBaseUrl.replace(/\/+$/, '')}/token`;
  // Whatever the server sends back is shown without the secrets this request carried.
  const redact = secretRedactor(
    [
      ...Object.entries(grant)
        .filter(([key]) => key !== 'grant_type' && key !== 'redirect_uri')
        .map(([, value]) => value),
      client.clientSecret,
      ...basicCredentials(client.clientId, client.clientSecret),
    ],
    '[REDACTED]',
  );
  let last = '';
  let attempt = 0;
  let outOfTime = false;
  for (; attempt <= retries; attempt++) {
    let outcome: Attempt;
    try {
      // The last attempt gets what is left of the bound, not a full attempt past it.
      const deadline = Math.max(1, Math.min(timeoutMs, endsAt - Date.now()));
      outcome = classify(await postForm(url, form, headers, deadline), file, what, redact);
    } catch (err) {
      // Our own errors (a proxy setting that is not a URL) are not the network's: not retried.
      if (err instanceof AnafPostmanError) throw err;
      const said = isProxyError(err)
        ? err.message
        : ((err as NodeJS.ErrnoException).code ?? (err as Error).message);
      outcome = { why: redact(said) };
    }
    if ('ok' in outcome) return outcome.ok;
    if ('fatal' in outcome) {
      // ANAF may have rotated the token on an attempt whose answer never reached us.
      if (attempt > 0 && outcome.fatal.details?.error === 'invalid_grant') {
        throw new AnafPostmanError(
          'AUTH_REQUIRED',
          `${outcome.fatal.message} (an earlier attempt got no answer: ${last}; ANAF may have used the token then)`,
          outcome.fatal.details,
        );
      }
      throw outcome.fatal;
    }
    last = outcome.why;
    if (signal?.aborted) break;
    if (attempt < retries) {
      const backoff = baseDelayMs * 2 ** attempt * (0.75 + Math.random() / 2);
      const pause = retryWaitMs(Math.min(maxRetryAfterMs, outcome.retryAfterMs ?? backoff), hostnameOf(url));
      // No attempt that could not start before the bound: the lock is released now instead.
      if (Date.now() + pause >= endsAt) {
        outOfTime = true;
        break;
      }
      await sleep(pause, undefined, { signal }).catch(() => undefined);
      if (signal?.aborted) break;
    }
  }
  const attempts = Math.min(attempt + 1, retries + 1);
  const stopped = signal?.aborted ? ', then interrupted' : outOfTime ? ` in ${totalTimeoutMs / 1000} s` : '';
  throw new AnafPostmanError(
    'UNAVAILABLE',
    `${file}: ANAF token endpoint unavailable after ${attempts} attempts${stopped} (${last}); the file is unchanged`,
    { file },
  );
}

/**
 * The refresh request for the variables `vars` of environment `file`; see {@link requestToken}.
 * @throws AnafPostmanError also `AUTH_REQUIRED` (nothing sent) when `vars` hold no refresh token.
 */
export async function requestRefresh(
  vars: Record<string, string>,
  file: string,
  options: RetryOptions = {},
): Promise<TokenResponse> {
  return requestToken(
    vars,
    { grant_type: GrantType.refreshToken, refresh_token: refreshTokenOf(vars, file) },
    file,
    options,
  );
}
