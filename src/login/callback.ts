/** What the redirect brought back, from a pasted line or a request to the listener, and its checks. */
import { AnafPostmanError } from '../errors';
import { oneLine } from '../redaction/secret-forms';

/** The parameters of a redirect (RFC 6749 §4.1.2). */
export interface Callback {
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
  /** True when the person pasted the bare code: there is no state to check. */
  bare: boolean;
}

/** Characters a code may hold when pasted bare (base64, base64url, hex, JWT-like dots). */
const BARE_CODE = /^[A-Za-z0-9._~+/-]+={0,2}$/;

function first(params: URLSearchParams, key: string): string | undefined {
  const value = params.get(key);
  return value === null ? undefined : value;
}

/** The redirect parameters of a query, or undefined when it holds neither `code` nor `error`. */
export function fromParams(params: URLSearchParams): Callback | undefined {
  const code = first(params, 'code');
  const error = first(params, 'error');
  if (!code && !error) return undefined;
  return {
    code: code || undefined,
    state: first(params, 'state'),
    error: error || undefined,
    errorDescription: first(params, 'error_description'),
    bare: false,
  };
}

/**
 * Reads one pasted line: the full redirected URL, its query (`code=…&state=…`), or the bare code.
 * Returns a reason instead when the line is none of these (never echoing the line, which may hold a secret).
 */
export function parsePasted(line: string): Callback | { unusable: string } {
  const text = line.trim().replace(/^["'<]+|["'>]+$/g, '');
  if (text === '') return { unusable: 'an empty line' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { unusable: 'not a valid URL' };
    }
    const found = fromParams(url.searchParams) ?? fromParams(new URLSearchParams(url.hash.slice(1)));
    return found ?? { unusable: 'a URL without code or error (paste the URL the browser was redirected to)' };
  }
  if (text.includes('=') && !BARE_CODE.test(text)) {
    const found = fromParams(new URLSearchParams(text.replace(/^\?/, '')));
    return found ?? { unusable: 'a query without code or error' };
  }
  if (BARE_CODE.test(text)) return { code: text, bare: true };
  return { unusable: 'neither a URL nor a code' };
}

/** How the state of a callback compares with the one sent. */
export type StateCheck = 'matched' | 'absent';

/**
 * Compares the callback's `state` with the one sent on the authorize URL. A bare code has none;
 * a redirect without one is accepted unless `requireState` (ANAF's echo of `state` is unverified).
 * @throws AnafPostmanError `AUTH_REQUIRED` when the state differs (or is missing and required).
 */
export function checkState(callback: Callback, expected: string, requireState: boolean): StateCheck {
  if (callback.bare) return 'absent';
  if (callback.state === undefined) {
    if (!requireState) return 'absent';
    throw new AnafPostmanError(
      'AUTH_REQUIRED',
      'the redirect carried no state, and one is required: refused, nothing was exchanged; run login again',
    );
  }
  if (callback.state !== expected) {
    throw new AnafPostmanError(
      'AUTH_REQUIRED',
      'the redirect does not belong to this login (state mismatch): refused, nothing was exchanged; run login again',
      { error: 'state_mismatch' },
    );
  }
  return 'matched';
}

/**
 * The error of a redirect that carried `error` instead of a code.
 * `access_denied` is what ANAF sends when the certificate was not presented or was refused.
 */
export function callbackError(callback: Callback): AnafPostmanError {
  const error = callback.error ?? 'unknown_error';
  // Both come from outside (the redirect): no control character (terminal escapes) reaches a terminal.
  const description = callback.errorDescription ? ` (${oneLine(callback.errorDescription)})` : '';
  const message =
    error === 'access_denied'
      ? `authorization denied (access_denied): the certificate was not presented or was refused${description}; run login again with the certificate`
      : `ANAF answered the authorization with ${oneLine(error)}${description}; nothing was exchanged; run login again`;
  return new AnafPostmanError('AUTH_REQUIRED', message, { error: oneLine(error, 80) });
}
