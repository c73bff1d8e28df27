/** ANAF's OAuth 2.0 parameters, as its guide states them. */

/** How the client authenticates at the token endpoint. */
export type ClientAuth = 'basic' | 'body';

/** Accepted `--client-auth` values. */
export const CLIENT_AUTH_VALUES: readonly ClientAuth[] = ['basic', 'body'];

/** Extra parameter ANAF needs on both the authorize URL and the token request to issue JWTs. */
export const TOKEN_CONTENT_TYPE = { key: 'token_content_type', value: 'jwt' } as const;

/** Grant types the token endpoint accepts. */
export const GrantType = {
  authorizationCode: 'authorization_code',
  refreshToken: 'refresh_token',
} as const;

/** Seconds the authorization code may wait before it must be exchanged. */
export const CODE_LIFETIME_SECONDS = 60;

/** Access token lifetime ANAF issues (90 days). */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 90 * 24 * 3600;

/** Refresh token lifetime in ANAF's current guide (365 days). */
export const REFRESH_TOKEN_LIFETIME_SECONDS = 365 * 24 * 3600;

/** Services a client can be registered for on ANAF's portal. */
export type ServiceId = 'efactura' | 'etransport';

/** Accepted `--services` values. */
export const SERVICE_IDS: readonly ServiceId[] = ['efactura', 'etransport'];

/** Roles ANAF puts in its JWTs. */
export const ANAF_ROLES = 'HELLO@EFACTURA@ETRANSPORT@SRV_EFACTURA@SRV_ETRANSPORT';

/**
 * What ANAF's JWTs carry besides times, client and certificate (decoded real tokens; sources in
 * tests/fixtures/anaf/README.md): the header is `{"alg":"RS512","kid":…}` (no `typ`), `iss` is the
 * OAuth host itself, `token_type` and `scope` are fixed texts.
 */
export const ANAF_JWT = {
  alg: 'RS512',
  iss: 'https://logincert.anaf.ro',
  tokenType: 'Bearer',
  scope: 'clientappid issuer role serial',
} as const;
