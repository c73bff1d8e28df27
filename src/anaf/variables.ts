/**
 * Environment variable names: a contract shared by the collection, the scripts, the CLI,
 * the docs and users' own environment files. Change only with a migration note.
 */
export const Var = {
  oauthBaseUrl: 'oauthBaseUrl',
  efacturaBaseUrl: 'efacturaBaseUrl',
  etransportBaseUrl: 'etransportBaseUrl',
  apiBaseUrl: 'apiBaseUrl',
  clientId: 'clientId',
  clientSecret: 'clientSecret',
  redirectUri: 'redirectUri',
  clientAuth: 'clientAuth',
  authorizationCode: 'authorizationCode',
  accessToken: 'accessToken',
  refreshToken: 'refreshToken',
  accessTokenExpiresAt: 'accessTokenExpiresAt',
  refreshTokenExpiresAt: 'refreshTokenExpiresAt',
  tokenRefreshSkewSeconds: 'tokenRefreshSkewSeconds',
  cif: 'cif',
  // Inputs of the API requests, chained by the test scripts.
  uploadStandard: 'uploadStandard',
  validationStandard: 'validationStandard',
  uploadIndex: 'uploadIndex',
  downloadId: 'downloadId',
  listDays: 'listDays',
  listFilter: 'listFilter',
  listStartTime: 'listStartTime',
  listEndTime: 'listEndTime',
  listPage: 'listPage',
  etransportUploadIndex: 'etransportUploadIndex',
} as const;

/**
 * Variables only `anaf-postman run` sets, for one run (never saved): the run marker, with which the
 * explicit *Refresh access token* request skips itself (a run must not rotate the refresh token
 * each time), and `forceRefresh`, which sends it anyway (also set when `folders` names it).
 */
export const RunVar = {
  run: 'anafPostmanRun',
  forceRefresh: 'forceRefresh',
} as const;

/** A variable name of the contract. */
export type VarName = (typeof Var)[keyof typeof Var];

/** Variables whose values are secrets: typed `secret` in environments, never in a collection or a log. */
export const SECRET_VARS: readonly VarName[] = [
  Var.clientSecret,
  Var.accessToken,
  Var.refreshToken,
  Var.authorizationCode,
];

/** Default refresh margin: refresh when the access token expires within this many seconds. */
export const DEFAULT_REFRESH_SKEW_SECONDS = 300;

/** The refresh token is reported as expiring soon under this many days. */
export const REFRESH_WARNING_DAYS = 30;

/** Postman `{{name}}` reference to a variable. */
export function ref(name: VarName): string {
  return `{{${name}}}`;
}
