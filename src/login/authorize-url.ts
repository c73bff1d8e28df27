/** The authorize URL, built exactly like the collection's "Authorize (browser step)" request, plus a state. */
import { randomBytes } from 'node:crypto';
import { Paths, TOKEN_CONTENT_TYPE, Var } from '../anaf';

/** A fresh, unguessable `state` (128 random bits, base64url). */
export function newState(): string {
  return randomBytes(16).toString('base64url');
}

/** The variables the authorize URL is built from, each present. */
export interface AuthorizeVars {
  [Var.oauthBaseUrl]: string;
  [Var.clientId]: string;
  [Var.redirectUri]: string;
}

/**
 * `{oauthBaseUrl}/authorize?client_id&response_type=code&redirect_uri&token_content_type=jwt&state`,
 * the collection's parameters in the collection's order.
 */
export function authorizeUrl(vars: AuthorizeVars, state: string): string {
  const base = vars[Var.oauthBaseUrl].replace(/\/+$/, '');
  const authorizePath = Paths.authorize.slice(Paths.oauth.length); // "/authorize"
  const query = new URLSearchParams([
    ['client_id', vars[Var.clientId]],
    ['response_type', 'code'],
    ['redirect_uri', vars[Var.redirectUri]],
    [TOKEN_CONTENT_TYPE.key, TOKEN_CONTENT_TYPE.value],
    ['state', state],
  ]);
  return `${base}${authorizePath}?${query.toString()}`;
}
