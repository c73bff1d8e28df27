/** Where ANAF lives, per environment. The OAuth provider is the same for prod and test. */

/** The environments the generator writes. */
export type Stage = 'prod' | 'test' | 'mock';

/** Paths below a host, identical on ANAF and on the mock. */
export const Paths = {
  oauth: '/anaf-oauth2/v1',
  authorize: '/anaf-oauth2/v1/authorize',
  token: '/anaf-oauth2/v1/token',
  hello: '/TestOauth/jaxrs/hello',
  efactura: (stage: 'prod' | 'test') => `/${stage}/FCTEL/rest`,
  etransport: (stage: 'prod' | 'test') => `/${stage}/ETRANSPORT/ws/v1`,
} as const;

/** ANAF's real hosts. */
export const AnafHosts = {
  oauth: 'https://logincert.anaf.ro',
  api: 'https://api.anaf.ro',
  /** Serves validare, transformare and the signature check without OAuth (prod only). */
  publicTools: 'https://webservicesp.anaf.ro',
} as const;

/** Postman's own callback, the usual redirect URI registered on ANAF's portal. */
export const POSTMAN_CALLBACK_URL = 'https://oauth.pstmn.io/v1/callback';

/** Default port of the embedded mock. */
export const MOCK_DEFAULT_PORT = 3003;

/** Base URLs of one stage, as stored in its environment. */
export interface BaseUrls {
  oauthBaseUrl: string;
  efacturaBaseUrl: string;
  etransportBaseUrl: string;
  /** validare, transformare: prod only on ANAF, whatever the stage. */
  efacturaToolsBaseUrl: string;
  apiBaseUrl: string;
}

/**
 * Base URLs for an OAuth host and an API host. The mock serves both from one origin and uses
 * ANAF's prod paths, so one environment exercises exactly what prod would.
 */
export function baseUrls(oauthOrigin: string, apiOrigin: string, stage: 'prod' | 'test'): BaseUrls {
  return {
    oauthBaseUrl: `${oauthOrigin}${Paths.oauth}`,
    efacturaBaseUrl: `${apiOrigin}${Paths.efactura(stage)}`,
    etransportBaseUrl: `${apiOrigin}${Paths.etransport(stage)}`,
    efacturaToolsBaseUrl: `${apiOrigin}${Paths.efactura('prod')}`,
    apiBaseUrl: apiOrigin,
  };
}

/** Base URLs of a stage; `mockOrigin` is used for `mock` (default `http://127.0.0.1:3003`). */
export function stageBaseUrls(stage: Stage, mockOrigin = `http://127.0.0.1:${MOCK_DEFAULT_PORT}`): BaseUrls {
  if (stage === 'mock') return baseUrls(mockOrigin, mockOrigin, 'prod');
  return baseUrls(AnafHosts.oauth, AnafHosts.api, stage);
}

/**
 * True for the loopback names a URL can carry (`localhost`, `127.0.0.1`, `[::1]`): the only hosts
 * where a plain-http redirect URI is accepted (by the mock) and where `login` can listen.
 */
export function isLoopbackHostname(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}
