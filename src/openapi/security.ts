/**
 * The OAuth 2.0 security scheme. OpenAPI has no field for the extra `token_content_type=jwt`
 * parameter ANAF needs on both the authorize URL and the token request, so it is an extension
 * (`x-token-content-type`) and said in the description.
 */
import { AnafHosts, Paths, TOKEN_CONTENT_TYPE } from '../anaf';
import type { OpenApiObject } from './types';

/** Name of the OAuth 2.0 scheme in `components.securitySchemes`. */
export const OAUTH_SCHEME = 'anafOAuth2';
/** Name of the HTTP Basic scheme of the token endpoint (client id and secret). */
export const CLIENT_SCHEME = 'anafClientBasic';

const tokenUrl = `${AnafHosts.oauth}${Paths.token}`;

/** `components.securitySchemes`. */
export function securitySchemes(): OpenApiObject {
  return {
    [OAUTH_SCHEME]: {
      type: 'oauth2',
      description:
        'ANAF OAuth 2.0, authorization code flow. Add `token_content_type=jwt` to the authorize URL and to ' +
        'both token requests to receive JWT access tokens (90 days) and refresh tokens (365 days); the client ' +
        'authenticates at the token endpoint with HTTP Basic. No scopes.',
      'x-description-ro':
        'OAuth 2.0 ANAF, fluxul authorization code. Adăugați `token_content_type=jwt` la URL-ul de autorizare și ' +
        'la ambele cereri de token pentru token-uri JWT (acces 90 de zile, refresh 365 de zile); clientul se ' +
        'autentifică la endpoint-ul de token prin HTTP Basic. Fără scope-uri.',
      flows: {
        authorizationCode: {
          authorizationUrl: `${AnafHosts.oauth}${Paths.authorize}`,
          tokenUrl,
          refreshUrl: tokenUrl,
          scopes: {},
        },
      },
      'x-token-content-type': TOKEN_CONTENT_TYPE.value,
      'x-extra-parameters': { [TOKEN_CONTENT_TYPE.key]: TOKEN_CONTENT_TYPE.value },
    },
    [CLIENT_SCHEME]: {
      type: 'http',
      scheme: 'basic',
      description: 'The client id and client secret of the application registered on ANAF’s portal.',
      'x-description-ro': 'Client id și client secret ale aplicației înregistrate pe portalul ANAF.',
    },
  };
}
