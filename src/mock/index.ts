/**
 * The offline ANAF mock: OAuth 2.0 (authorize with a consent page, token with both grants, JWT or
 * opaque tokens, rotation), e-Factura and e-Transport under `/prod/` and `/test/`, ANAF's
 * 200-with-error bodies, fault injection and a test-control API under `/__mock/`.
 *
 * ```ts
 * const mock = await startMock({ port: 0 });
 * const { code } = await mock.authorize({ state: 'xyz' });
 * // POST `${mock.url}/anaf-oauth2/v1/token` …
 * await mock.close();
 * ```
 * @packageDocumentation
 */
export { startMock } from './server';
export { MOCK_CERTIFICATE } from './tokens';
export type {
  AuthorizeParams,
  AuthorizeResult,
  Fault,
  IssueTokensParams,
  MockClient,
  MockOptions,
  MockServer,
  MutableMockOptions,
  OAuthErrorCode,
  ReceivedTrafficOptions,
  RecordedRequest,
  TokenResponse,
} from './types';
