/** The collection's auth: Postman's OAuth 2.0 helper, configured as ANAF's guide does. */
import { POSTMAN_CALLBACK_URL, TOKEN_CONTENT_TYPE, GrantType, Var, ref, type ClientAuth } from '../anaf';
import type { PostmanAuth, PostmanAuthAttribute } from './types';

function param(sendAs: 'request_url' | 'request_body') {
  return [{ key: TOKEN_CONTENT_TYPE.key, value: TOKEN_CONTENT_TYPE.value, enabled: true, send_as: sendAs }];
}

/**
 * The OAuth 2.0 helper. `accessToken` is bound to `{{accessToken}}` so Newman, which never runs
 * the helper's browser flow, still signs every inheriting request with the stored token.
 */
export function collectionAuth(clientAuth: ClientAuth, redirectUri: string): PostmanAuth {
  const attrs: [string, unknown][] = [
    ['accessToken', ref(Var.accessToken)],
    ['tokenType', 'Bearer'],
    ['headerPrefix', 'Bearer'],
    ['addTokenTo', 'header'],
    ['tokenName', 'ANAF'],
    ['grant_type', GrantType.authorizationCode],
    ['authUrl', `${ref(Var.oauthBaseUrl)}/authorize`],
    ['accessTokenUrl', `${ref(Var.oauthBaseUrl)}/token`],
    ['refreshTokenUrl', `${ref(Var.oauthBaseUrl)}/token`],
    ['clientId', ref(Var.clientId)],
    ['clientSecret', ref(Var.clientSecret)],
    ['redirect_uri', ref(Var.redirectUri)],
    // Postman's own callback is only reachable through "Authorize using browser".
    ['useBrowser', redirectUri === POSTMAN_CALLBACK_URL],
    ['client_authentication', clientAuth === 'basic' ? 'header' : 'body'],
    ['scope', ''],
    ['state', ''],
    ['authRequestParams', param('request_url')],
    ['tokenRequestParams', param('request_body')],
    ['refreshRequestParams', param('request_body')],
  ];
  const oauth2: PostmanAuthAttribute[] = attrs.map(([key, value]) => ({
    key,
    value,
    type: Array.isArray(value) ? 'any' : typeof value === 'boolean' ? 'boolean' : 'string',
  }));
  return { type: 'oauth2', oauth2 };
}
