/** Bearer check of the API paths: 403 without a bearer (as ANAF's gateway), 401 for a bad one. */
import type { IncomingHttpHeaders } from 'node:http';
import { apiError, type Reply } from './http';
import type { TokenStore } from './tokens';

const MESSAGES = {
  // The mock's own words: after a restart without its state file, every earlier token is unknown.
  unknown:
    'The access token is not valid: this mock did not issue it, or forgot it (restarted without its state)',
  expired: 'The access token expired',
  revoked: 'The access token was revoked',
} as const;

/** `undefined` when the request carries a valid access token, else the answer to send. */
export function checkApiAuth(headers: IncomingHttpHeaders, tokens: TokenStore): Reply | undefined {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1];
  if (token === undefined) return apiError(403, 'Access denied: an OAuth 2.0 Bearer token is required');
  const problem = tokens.checkBearer(token);
  if (!problem) return undefined;
  return apiError(401, MESSAGES[problem], {
    'WWW-Authenticate': `Bearer error="invalid_token", error_description="${MESSAGES[problem]}"`,
  });
}
