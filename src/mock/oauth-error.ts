/** The one error type of the OAuth handlers: it carries the RFC 6749 §5.2 error and its status. */
import { json, type Reply } from './http';
import type { OAuthErrorCode } from './types';

/**
 * Status of each RFC 6749 error. ANAF answers every one with HTTP 400, `invalid_client` (a wrong or
 * unknown client secret) included, where RFC 6749 §5.2 would allow 401 (source:
 * tests/fixtures/anaf/README.md).
 */
const STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 400,
  invalid_grant: 400,
  unsupported_grant_type: 400,
};

/** A token-endpoint failure, answered as `{"error","error_description"}`. */
export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    /** Add `WWW-Authenticate: Basic` (RFC 6749 requires it when Basic authentication was tried). */
    readonly basicChallenge = false,
    /** Overrides the usual status (413 for a body over the limit). */
    readonly status = STATUS[error],
  ) {
    super(`${error}: ${description}`);
  }
}

/** The RFC 6749 error body; never cached, as §5.1 asks of token responses. */
export function oauthErrorReply(
  error: OAuthErrorCode,
  description: string,
  basicChallenge = false,
  status?: number,
): Reply {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
  if (basicChallenge) headers['WWW-Authenticate'] = 'Basic realm="anaf-oauth2", charset="UTF-8"';
  return json(status ?? STATUS[error], { error, error_description: description }, headers);
}

/** The reply for a thrown {@link OAuthError}. */
export function replyFor(e: OAuthError): Reply {
  return oauthErrorReply(e.error, e.description, e.basicChallenge, e.status);
}
