/** The variables every environment holds, with their defaults per stage. */
import { stageBaseUrls, POSTMAN_CALLBACK_URL, type Stage } from './hosts';
import type { ClientAuth } from './oauth';
import { DEFAULT_REFRESH_SKEW_SECONDS, SECRET_VARS, Var, type VarName } from './variables';

/**
 * The embedded mock's demo client. These are public test values, the only non-empty
 * credentials ever committed; the mock accepts them by default.
 */
export const MOCK_DEMO_CLIENT = {
  clientId: 'anaf-postman-demo',
  clientSecret: 'demo-secret-public-test-value',
  redirectUri: 'https://localhost:9443/callback',
  /**
   * Every callback the mock accepts for this client: its environment's own first (the default of
   * headless approvals), then Postman's, so the app's "Get New Access Token" works on the mock too.
   */
  redirectUris: ['https://localhost:9443/callback', POSTMAN_CALLBACK_URL],
  cif: '12345674', // a valid check digit: ANAF refuses CUIs without one
} as const;

/** One variable of an environment. */
export interface EnvVarSpec {
  key: VarName;
  value: string;
  type: 'default' | 'secret';
}

/** What varies between generated environments. */
export interface EnvValues {
  clientId?: string;
  redirectUri?: string;
  clientAuth: ClientAuth;
}

/** Display names of the stages' environments. */
export const STAGE_NAMES: Record<Stage, string> = {
  prod: 'ANAF prod',
  test: 'ANAF test',
  mock: 'ANAF mock (local)',
};

/** Variables of one stage's environment, in their stable order. */
export function environmentVariables(stage: Stage, values: EnvValues): EnvVarSpec[] {
  const urls = stageBaseUrls(stage);
  const mock = stage === 'mock';
  const pairs: [VarName, string][] = [
    [Var.oauthBaseUrl, urls.oauthBaseUrl],
    [Var.efacturaBaseUrl, urls.efacturaBaseUrl],
    [Var.etransportBaseUrl, urls.etransportBaseUrl],
    [Var.efacturaToolsBaseUrl, urls.efacturaToolsBaseUrl],
    [Var.apiBaseUrl, urls.apiBaseUrl],
    [Var.clientId, mock ? MOCK_DEMO_CLIENT.clientId : (values.clientId ?? '')],
    [Var.clientSecret, mock ? MOCK_DEMO_CLIENT.clientSecret : ''],
    [Var.redirectUri, mock ? MOCK_DEMO_CLIENT.redirectUri : (values.redirectUri ?? POSTMAN_CALLBACK_URL)],
    [Var.clientAuth, values.clientAuth],
    [Var.authorizationCode, ''],
    [Var.accessToken, ''],
    [Var.refreshToken, ''],
    [Var.accessTokenExpiresAt, ''],
    [Var.refreshTokenExpiresAt, ''],
    [Var.tokenRefreshSkewSeconds, String(DEFAULT_REFRESH_SKEW_SECONDS)],
    [Var.cif, mock ? MOCK_DEMO_CLIENT.cif : ''],
    [Var.allowFilingForCif, ''],
    [Var.efacturaDocument, ''],
    [Var.etransportDocument, ''],
    [Var.uploadStandard, 'UBL'],
    [Var.validationStandard, 'FACT1'],
    [Var.uploadIndex, ''],
    [Var.downloadId, ''],
    [Var.listDays, '60'],
    [Var.listFilter, ''],
    [Var.listStartTime, ''],
    [Var.listEndTime, ''],
    [Var.listPage, '1'],
    [Var.receivedFilter, 'P'],
    [Var.etransportUploadIndex, ''],
    [Var.signatureInvoiceFile, ''],
    [Var.signatureFile, ''],
  ];
  return pairs.map(([key, value]) => ({
    key,
    value,
    type: SECRET_VARS.includes(key) ? 'secret' : 'default',
  }));
}
