/** `POST /anaf-oauth2/v1/token`: the `authorization_code` and `refresh_token` grants (RFC 6749 §4.1.3, §6). */
import { GrantType, TOKEN_CONTENT_TYPE } from '../anaf';
import { authenticateClient } from './client-auth';
import type { MockRequest, World } from './context';
import { FormError, json, mediaType, parseForm, type Reply } from './http';
import { OAuthError, replyFor } from './oauth-error';
import type { TokenResponse } from './types';

/** Largest token request accepted; a bigger one is answered 413. */
export const FORM_LIMIT = 1024 * 1024;

/** Reads the form: urlencoded only, strict decoding, no repeated parameter (RFC 6749 §3.2). */
function readForm(req: MockRequest): (key: string) => string | undefined {
  if (req.method !== 'POST')
    throw new OAuthError('invalid_request', 'the token endpoint accepts POST only', false, 405);
  if (req.bodySize > FORM_LIMIT)
    throw new OAuthError('invalid_request', 'request body over 1 MB', false, 413);
  if (mediaType(req.headers['content-type']) !== 'application/x-www-form-urlencoded') {
    throw new OAuthError('invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
  }
  let form: Map<string, string[]>;
  try {
    form = parseForm(req.body.toString('utf8'));
  } catch (e) {
    if (e instanceof FormError) throw new OAuthError('invalid_request', e.message);
    throw e;
  }
  for (const [key, values] of form) {
    if (values.length > 1) throw new OAuthError('invalid_request', `parameter ${key} is repeated`);
  }
  return (key) => form.get(key)?.[0];
}

function required(param: (key: string) => string | undefined, key: string): string {
  const value = param(key);
  if (value === undefined || value === '')
    throw new OAuthError('invalid_request', `parameter ${key} is missing`);
  return value;
}

function grant(req: MockRequest, world: World): TokenResponse {
  const param = readForm(req);
  const clientId = authenticateClient(
    req.headers.authorization,
    param('client_id'),
    param('client_secret'),
    world.clients,
  );
  const grantType = required(param, 'grant_type');
  const jwt = param(TOKEN_CONTENT_TYPE.key)?.toLowerCase() === TOKEN_CONTENT_TYPE.value;
  if (grantType === GrantType.authorizationCode) {
    const code = required(param, 'code');
    return world.tokens.exchangeCode(code, clientId, required(param, 'redirect_uri'), jwt);
  }
  if (grantType === GrantType.refreshToken) {
    return world.tokens.refresh(required(param, 'refresh_token'), clientId, jwt);
  }
  throw new OAuthError('unsupported_grant_type', `grant_type ${grantType} is not supported`);
}

/** The token endpoint's handler: a token pair or an RFC 6749 §5.2 error, never cached. */
export function tokenEndpoint(req: MockRequest, world: World): Reply {
  try {
    return json(200, grant(req, world), { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  } catch (e) {
    if (e instanceof OAuthError) {
      const reply = replyFor(e);
      if (e.status === 405) reply.headers.Allow = 'POST';
      return reply;
    }
    throw e;
  }
}
