/** The mock's public types. Other modules and tests build on exactly these shapes. */
import type { ReceivedTrafficOptions } from './received';

export type { ReceivedTrafficOptions };

/** A client registered on the mock, as on ANAF's portal ("Gestionare aplicații"). */
export interface MockClient {
  clientId: string;
  clientSecret: string;
  /** Callback URLs; `redirect_uri` must equal one of them exactly. */
  redirectUris: string[];
}

/** How {@link startMock} sets up the mock. Every field is optional. */
export interface MockOptions {
  /** TCP port; default 3003, `0` picks a free one (read it back from {@link MockServer.port}). */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Access-token lifetime in seconds; default 90 days, as ANAF. */
  accessTtlSeconds?: number;
  /** Refresh-token lifetime in seconds; default 365 days, as ANAF's current guide. */
  refreshTtlSeconds?: number;
  /** Default true: a refresh issues a new refresh token and the old one stops working. */
  rotate?: boolean;
  /** Delay in ms added to every answer on ANAF's paths (not to `/__mock/`); default 0. */
  latencyMs?: number;
  /** Seconds an authorization code stays exchangeable; default 60, as ANAF. */
  codeTtlSeconds?: number;
  /** How many e-Factura `stareMesaj` polls of an upload answer "in prelucrare" before "ok"; default 0. */
  processingPolls?: number;
  /** Registered clients; default the demo client `MOCK_DEMO_CLIENT` from `src/anaf`. */
  clients?: MockClient[];
  /**
   * Received traffic for a CIF: `count` invoices from suppliers (about one in eight a credit note),
   * with error messages, buyer messages and sent invoices besides, spread over the last 60 days and
   * generated from `seed` (the same options give the same messages); a list gives several CIFs their
   * own. Default: none (`filtru` P and R list nothing).
   */
  received?: ReceivedTrafficOptions | ReceivedTrafficOptions[];
  /**
   * Messages per page of the lists, for tests: a few hundred messages make several pages instead of
   * 1,500 (default and most 500, ANAF's page; the plain list refuses more than one page).
   */
  listPageSize?: number;
  /** Clock in ms, for tests; default `Date.now`. */
  now?: () => number;
  /** Receives one line per answered request (`METHOD /path STATUS`); no query, body or header is logged. */
  log?: (line: string) => void;
  /**
   * Keeps the mock's state in this file, so a restarted mock still knows the tokens it issued, the
   * uploads and today's quota counts; default none (state in memory only). Read at start, written
   * after every change (atomically, mode 0600: it holds the signing key and live tokens). One mock
   * per file.
   */
  stateFile?: string;
  /** With `stateFile`: start from nothing instead of the saved state (which the first change replaces). */
  freshState?: boolean;
  /** Receives problems that do not stop the mock, such as a state file that could not be written. */
  warn?: (line: string) => void;
}

/** Options {@link MockServer.setOptions} may change while the mock runs. */
export type MutableMockOptions = Pick<
  MockOptions,
  'accessTtlSeconds' | 'refreshTtlSeconds' | 'rotate' | 'latencyMs' | 'processingPolls'
>;

/** Error codes of RFC 6749 §5.2 that a fault can answer with. */
export type OAuthErrorCode =
  'invalid_grant' | 'invalid_client' | 'invalid_request' | 'unsupported_grant_type';

/**
 * One scripted answer. With only `delayMs` and/or `headers` the request is then handled normally
 * (the headers added); otherwise the fault replaces the answer. Precedence: `reset`, `oauthError`,
 * `retryAfterSeconds`, `malformedJson`, then `status`/`body`.
 */
export interface Fault {
  /** HTTP status of the answer (default 200 when only `body` is given). */
  status?: number;
  /** Answer body: an object is sent as JSON, a string as is (text/plain unless `headers` says otherwise). */
  body?: string | object;
  /** Headers added to the answer (also to a normal answer). */
  headers?: Record<string, string>;
  /** Milliseconds to wait before answering (on top of `latencyMs`). */
  delayMs?: number;
  /** Destroy the socket instead of answering (the client sees a connection reset). */
  reset?: boolean;
  /** Answer `application/json` whose body is cut off mid-value (status `status` or 200). */
  malformedJson?: boolean;
  /** Answer 429 with this `Retry-After` (seconds) and a JSON body. */
  retryAfterSeconds?: number;
  /** Answer RFC 6749 `{"error","error_description"}` with HTTP 400, as ANAF answers every one of them. */
  oauthError?: OAuthErrorCode;
  /** Answer ANAF's firewall page (HTTP 200 `text/html`, "The requested URL was rejected") with this support ID. */
  firewallSupportId?: string;
}

/** A request the mock received (control requests under `/__mock/` are not recorded). */
export interface RecordedRequest {
  method: string;
  /** Pathname without the query. */
  path: string;
  /** Query parameters; a repeated key keeps its first value. */
  query: Record<string, string>;
  /** Request headers, names lower-case; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The body as UTF-8 text, cut at 64 KiB (`bodyTruncated` then). */
  body: string;
  /** Bytes the client sent. */
  bodySize?: number;
  /** True when `body` holds only the start of what was sent. */
  bodyTruncated?: boolean;
  /** Arrival time in ms, by the mock's clock. */
  at: number;
}

/** Parameters of {@link MockServer.authorize}. */
export interface AuthorizeParams {
  /** Default: the first registered client. */
  clientId?: string;
  /** Default: the client's first redirect URI. */
  redirectUri?: string;
  state?: string;
  /** Default `approve`. */
  decision?: 'approve' | 'deny';
  /**
   * `token_content_type` sent on the authorize request, as the collection does; default `jwt`.
   * The token request's own `token_content_type` decides whether tokens are JWTs.
   */
  tokenContentType?: string;
}

/** What the consent form's POST redirected to. */
export interface AuthorizeResult {
  /** The full `Location` of the 302. */
  location: string;
  code?: string;
  state?: string;
  /** `access_denied` when denied. */
  error?: string;
}

/** Parameters of {@link MockServer.issueTokens}. */
export interface IssueTokensParams {
  /** Default: the first registered client. */
  clientId?: string;
  /** JWTs (default true, as with `token_content_type=jwt`) or opaque 64-hex tokens. */
  jwt?: boolean;
  /** Override the lifetimes for this pair; negative values give already expired tokens. */
  accessTtlSeconds?: number;
  refreshTtlSeconds?: number;
}

/** A successful token response, as the token endpoint sends it. */
export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: 'Bearer';
}

/** A running mock. */
export interface MockServer {
  /** Origin, e.g. `http://127.0.0.1:40123` (no trailing slash). */
  url: string;
  port: number;
  /** PEM (SPKI) of the key that verifies the mock's RS512 JWTs. */
  publicKeyPem: string;
  /** Closes the server and every open socket; pending delayed answers are dropped. */
  close(): Promise<void>;
  /** Changes lifetimes, rotation, latency or processing polls for the requests that follow. */
  setOptions(partial: Partial<MutableMockOptions>): void;
  /**
   * Queues the next answers for `path` (an exact pathname such as `/anaf-oauth2/v1/token`, or `*` for
   * any ANAF path). Each fault is used once, in order; then normal behaviour resumes. A path's own
   * queue is used before the `*` queue.
   * @throws AnafPostmanError `USAGE` when a fault is not valid.
   */
  script(path: string, ...faults: Fault[]): void;
  /** Every request received, oldest first, optionally only those to `path` (the newest 10,000 are kept). */
  requests(path?: string): RecordedRequest[];
  /** Clears scripted faults and recorded requests (issued codes and tokens stay valid). */
  reset(): void;
  /**
   * Posts the consent form the way a browser does and reads the redirect.
   * @throws AnafPostmanError `USAGE` when the mock does not answer with a redirect (unknown client, …).
   */
  authorize(p?: AuthorizeParams): Promise<AuthorizeResult>;
  /**
   * Issues a valid token pair without the browser, for tests.
   * @throws AnafPostmanError `USAGE` for an unknown client.
   */
  issueTokens(p?: IssueTokensParams): TokenResponse;
}
