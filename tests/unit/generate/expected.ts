/**
 * What the generated files must hold, written by hand from ANAF's published documentation and the
 * contracts of design.md. Deliberately NOT derived from `src/anaf`: a wrong table there must make
 * these tests fail.
 */
import type { PostmanCollection, PostmanFolder, PostmanRequestItem } from '../../../src/generate';

/** How a request authenticates. */
export type ExpectedAuth =
  /** no `auth` on the request: the collection's OAuth 2.0 bearer applies */
  | 'inherit'
  /** explicitly `noauth` (the browser step) */
  | 'noauth'
  /** client credentials at the token endpoint: Basic header, or body fields with `clientAuth: 'body'` */
  | 'client';

/** `[key, value]` or `[key, value, 'disabled']`; value `ANY` accepts any non-empty value. */
export type ExpectedQuery = [string, string] | [string, string, 'disabled'];

export const ANY = '<any non-empty value>';

export interface ExpectedRequest {
  folder: 'OAuth 2.0' | 'e-Factura' | 'Received invoices' | 'e-Transport';
  name: string;
  method: 'GET' | 'POST';
  /** The variable holding the base URL (the URL's only host element). */
  host: string;
  path: string[];
  query: ExpectedQuery[];
  /** urlencoded form fields (basic client auth); undefined: no urlencoded body. */
  form?: [string, string][];
  /** raw body with this Content-Type. */
  rawContentType?: string;
  /** multipart file parts: [key, src]. */
  files?: [string, string][];
  auth: ExpectedAuth;
}

const tokenHost = '{{oauthBaseUrl}}';

/** Every request of the full collection, in collection order (reference tables, transcribed by hand). */
export const EXPECTED_REQUESTS: ExpectedRequest[] = [
  {
    folder: 'OAuth 2.0',
    name: 'Authorize (browser step)',
    method: 'GET',
    host: tokenHost,
    path: ['authorize'],
    query: [
      ['client_id', '{{clientId}}'],
      ['response_type', 'code'],
      ['redirect_uri', '{{redirectUri}}'],
      ['token_content_type', 'jwt'],
    ],
    auth: 'noauth',
  },
  {
    folder: 'OAuth 2.0',
    name: 'Exchange authorization code',
    method: 'POST',
    host: tokenHost,
    path: ['token'],
    query: [],
    form: [
      ['grant_type', 'authorization_code'],
      ['code', '{{authorizationCode}}'],
      ['redirect_uri', '{{redirectUri}}'],
      ['token_content_type', 'jwt'],
    ],
    auth: 'client',
  },
  {
    folder: 'OAuth 2.0',
    name: 'Refresh access token',
    method: 'POST',
    host: tokenHost,
    path: ['token'],
    query: [],
    form: [
      ['grant_type', 'refresh_token'],
      ['refresh_token', '{{refreshToken}}'],
      ['token_content_type', 'jwt'],
    ],
    auth: 'client',
  },
  {
    folder: 'OAuth 2.0',
    name: 'TestOauth hello',
    method: 'GET',
    host: '{{apiBaseUrl}}',
    path: ['TestOauth', 'jaxrs', 'hello'],
    query: [['name', ANY]],
    auth: 'inherit',
  },
  {
    folder: 'e-Factura',
    name: 'upload',
    method: 'POST',
    host: '{{efacturaBaseUrl}}',
    path: ['upload'],
    query: [
      ['standard', '{{uploadStandard}}'],
      ['cif', '{{cif}}'],
      ['extern', 'DA', 'disabled'],
      ['autofactura', 'DA', 'disabled'],
      ['executare', 'DA', 'disabled'],
    ],
    rawContentType: 'text/plain',
    auth: 'inherit',
  },
  {
    folder: 'e-Factura',
    name: 'uploadb2c',
    method: 'POST',
    host: '{{efacturaBaseUrl}}',
    path: ['uploadb2c'],
    query: [
      ['standard', '{{uploadStandard}}'],
      ['cif', '{{cif}}'],
      ['extern', 'DA', 'disabled'],
      ['autofactura', 'DA', 'disabled'],
      ['executare', 'DA', 'disabled'],
    ],
    rawContentType: 'text/plain',
    auth: 'inherit',
  },
  {
    folder: 'e-Factura',
    name: 'stareMesaj',
    method: 'GET',
    host: '{{efacturaBaseUrl}}',
    path: ['stareMesaj'],
    query: [['id_incarcare', '{{uploadIndex}}']],
    auth: 'inherit',
  },
  {
    folder: 'e-Factura',
    name: 'listaMesajeFactura',
    method: 'GET',
    host: '{{efacturaBaseUrl}}',
    path: ['listaMesajeFactura'],
    query: [
      ['zile', '{{listDays}}'],
      ['cif', '{{cif}}'],
      ['filtru', '{{listFilter}}', 'disabled'],
    ],
    auth: 'inherit',
  },
  {
    folder: 'e-Factura',
    name: 'listaMesajePaginatieFactura',
    method: 'GET',
    host: '{{efacturaBaseUrl}}',
    path: ['listaMesajePaginatieFactura'],
    query: [
      ['startTime', '{{listStartTime}}'],
      ['endTime', '{{listEndTime}}'],
      ['cif', '{{cif}}'],
      ['pagina', '{{listPage}}'],
      ['filtru', '{{listFilter}}', 'disabled'],
    ],
    auth: 'inherit',
  },
  {
    folder: 'e-Factura',
    name: 'descarcare',
    method: 'GET',
    host: '{{efacturaBaseUrl}}',
    path: ['descarcare'],
    query: [['id', '{{downloadId}}']],
    auth: 'inherit',
  },
  {
    folder: 'e-Factura',
    name: 'validare',
    method: 'POST',
    host: '{{efacturaToolsBaseUrl}}',
    path: ['validare', '{{validationStandard}}'],
    query: [],
    rawContentType: 'text/plain',
    auth: 'inherit',
  },
  {
    folder: 'e-Factura',
    name: 'transformare',
    method: 'POST',
    host: '{{efacturaToolsBaseUrl}}',
    path: ['transformare', '{{validationStandard}}'],
    query: [],
    rawContentType: 'text/plain',
    auth: 'inherit',
  },
  {
    folder: 'e-Factura',
    name: 'transformare (no validation)',
    method: 'POST',
    host: '{{efacturaToolsBaseUrl}}',
    path: ['transformare', '{{validationStandard}}', 'DA'],
    query: [],
    rawContentType: 'text/plain',
    auth: 'inherit',
  },
  {
    folder: 'e-Factura',
    name: 'validate signature',
    method: 'POST',
    host: '{{apiBaseUrl}}',
    path: ['api', 'validate', 'signature'],
    query: [],
    files: [
      ['file', '{{signatureInvoiceFile}}'],
      ['signature', '{{signatureFile}}'],
    ],
    auth: 'inherit',
  },
  // The receiving side (issue #24): every page of the paginated list, then each message listed.
  // The scripts shadow the window, the page and the id run-locally while they walk; the filter is P by default.
  {
    folder: 'Received invoices',
    name: 'List received messages (every page)',
    method: 'GET',
    host: '{{efacturaBaseUrl}}',
    path: ['listaMesajePaginatieFactura'],
    query: [
      ['startTime', '{{listStartTime}}'],
      ['endTime', '{{listEndTime}}'],
      ['cif', '{{cif}}'],
      ['pagina', '{{listPage}}'],
      ['filtru', '{{receivedFilter}}'],
    ],
    auth: 'inherit',
  },
  {
    folder: 'Received invoices',
    name: 'Download each listed message',
    method: 'GET',
    host: '{{efacturaBaseUrl}}',
    path: ['descarcare'],
    query: [['id', '{{downloadId}}']],
    auth: 'inherit',
  },
  {
    folder: 'e-Transport',
    name: 'upload',
    method: 'POST',
    host: '{{etransportBaseUrl}}',
    path: ['upload', 'ETRANSP', '{{cif}}', '2'],
    query: [],
    rawContentType: 'application/xml',
    auth: 'inherit',
  },
  {
    folder: 'e-Transport',
    name: 'stareMesaj',
    method: 'GET',
    host: '{{etransportBaseUrl}}',
    path: ['stareMesaj', '{{etransportUploadIndex}}'],
    query: [],
    auth: 'inherit',
  },
  {
    folder: 'e-Transport',
    name: 'lista',
    method: 'GET',
    host: '{{etransportBaseUrl}}',
    path: ['lista', '{{listDays}}', '{{cif}}'],
    query: [],
    auth: 'inherit',
  },
  {
    folder: 'e-Transport',
    name: 'info',
    method: 'GET',
    host: '{{etransportBaseUrl}}',
    path: ['info'],
    query: [
      ['cui_op', '{{cif}}'],
      ['cui_decl', '', 'disabled'],
      ['uit', '', 'disabled'],
      ['ref_decl', '', 'disabled'],
    ],
    auth: 'inherit',
  },
];

/** Client credentials as urlencoded fields, with `clientAuth: 'body'`. */
export const BODY_CLIENT_FIELDS: [string, string][] = [
  ['client_id', '{{clientId}}'],
  ['client_secret', '{{clientSecret}}'],
];

/**
 * Full URLs (without query) per stage, from the reference: the OAuth provider is
 * logincert.anaf.ro for both stages, the APIs live below api.anaf.ro/{prod|test}/.
 */
export const REFERENCE_URLS: Record<'prod' | 'test', Record<string, string>> = {
  prod: {
    'OAuth 2.0/Authorize (browser step)': 'https://logincert.anaf.ro/anaf-oauth2/v1/authorize',
    'OAuth 2.0/Exchange authorization code': 'https://logincert.anaf.ro/anaf-oauth2/v1/token',
    'OAuth 2.0/Refresh access token': 'https://logincert.anaf.ro/anaf-oauth2/v1/token',
    'OAuth 2.0/TestOauth hello': 'https://api.anaf.ro/TestOauth/jaxrs/hello',
    'e-Factura/upload': 'https://api.anaf.ro/prod/FCTEL/rest/upload',
    'e-Factura/uploadb2c': 'https://api.anaf.ro/prod/FCTEL/rest/uploadb2c',
    'e-Factura/stareMesaj': 'https://api.anaf.ro/prod/FCTEL/rest/stareMesaj',
    'e-Factura/listaMesajeFactura': 'https://api.anaf.ro/prod/FCTEL/rest/listaMesajeFactura',
    'e-Factura/listaMesajePaginatieFactura':
      'https://api.anaf.ro/prod/FCTEL/rest/listaMesajePaginatieFactura',
    'e-Factura/descarcare': 'https://api.anaf.ro/prod/FCTEL/rest/descarcare',
    // prod only on ANAF: every stage calls prod.
    'e-Factura/validare': 'https://api.anaf.ro/prod/FCTEL/rest/validare/{{validationStandard}}',
    'e-Factura/transformare': 'https://api.anaf.ro/prod/FCTEL/rest/transformare/{{validationStandard}}',
    'e-Factura/transformare (no validation)':
      'https://api.anaf.ro/prod/FCTEL/rest/transformare/{{validationStandard}}/DA',
    'e-Factura/validate signature': 'https://api.anaf.ro/api/validate/signature',
    'Received invoices/List received messages (every page)':
      'https://api.anaf.ro/prod/FCTEL/rest/listaMesajePaginatieFactura',
    'Received invoices/Download each listed message': 'https://api.anaf.ro/prod/FCTEL/rest/descarcare',
    'e-Transport/upload': 'https://api.anaf.ro/prod/ETRANSPORT/ws/v1/upload/ETRANSP/{{cif}}/2',
    'e-Transport/stareMesaj':
      'https://api.anaf.ro/prod/ETRANSPORT/ws/v1/stareMesaj/{{etransportUploadIndex}}',
    'e-Transport/lista': 'https://api.anaf.ro/prod/ETRANSPORT/ws/v1/lista/{{listDays}}/{{cif}}',
    'e-Transport/info': 'https://api.anaf.ro/prod/ETRANSPORT/ws/v1/info',
  },
  test: {
    'OAuth 2.0/Authorize (browser step)': 'https://logincert.anaf.ro/anaf-oauth2/v1/authorize',
    'OAuth 2.0/Exchange authorization code': 'https://logincert.anaf.ro/anaf-oauth2/v1/token',
    'OAuth 2.0/Refresh access token': 'https://logincert.anaf.ro/anaf-oauth2/v1/token',
    'OAuth 2.0/TestOauth hello': 'https://api.anaf.ro/TestOauth/jaxrs/hello',
    'e-Factura/upload': 'https://api.anaf.ro/test/FCTEL/rest/upload',
    'e-Factura/uploadb2c': 'https://api.anaf.ro/test/FCTEL/rest/uploadb2c',
    'e-Factura/stareMesaj': 'https://api.anaf.ro/test/FCTEL/rest/stareMesaj',
    'e-Factura/listaMesajeFactura': 'https://api.anaf.ro/test/FCTEL/rest/listaMesajeFactura',
    'e-Factura/listaMesajePaginatieFactura':
      'https://api.anaf.ro/test/FCTEL/rest/listaMesajePaginatieFactura',
    'e-Factura/descarcare': 'https://api.anaf.ro/test/FCTEL/rest/descarcare',
    // prod only on ANAF: every stage calls prod.
    'e-Factura/validare': 'https://api.anaf.ro/prod/FCTEL/rest/validare/{{validationStandard}}',
    'e-Factura/transformare': 'https://api.anaf.ro/prod/FCTEL/rest/transformare/{{validationStandard}}',
    'e-Factura/transformare (no validation)':
      'https://api.anaf.ro/prod/FCTEL/rest/transformare/{{validationStandard}}/DA',
    'e-Factura/validate signature': 'https://api.anaf.ro/api/validate/signature',
    'Received invoices/List received messages (every page)':
      'https://api.anaf.ro/test/FCTEL/rest/listaMesajePaginatieFactura',
    'Received invoices/Download each listed message': 'https://api.anaf.ro/test/FCTEL/rest/descarcare',
    'e-Transport/upload': 'https://api.anaf.ro/test/ETRANSPORT/ws/v1/upload/ETRANSP/{{cif}}/2',
    'e-Transport/stareMesaj':
      'https://api.anaf.ro/test/ETRANSPORT/ws/v1/stareMesaj/{{etransportUploadIndex}}',
    'e-Transport/lista': 'https://api.anaf.ro/test/ETRANSPORT/ws/v1/lista/{{listDays}}/{{cif}}',
    'e-Transport/info': 'https://api.anaf.ro/test/ETRANSPORT/ws/v1/info',
  },
};

/** Keys Postman's OAuth 2.0 helper knows (a misspelled key is silently ignored by Postman). */
export const KNOWN_OAUTH2_KEYS = [
  'accessToken',
  'tokenType',
  'addTokenTo',
  'authUrl',
  'accessTokenUrl',
  'refreshTokenUrl',
  'clientId',
  'clientSecret',
  'redirect_uri',
  'useBrowser',
  'grant_type',
  'client_authentication',
  'scope',
  'state',
  'tokenName',
  'headerPrefix',
  'authRequestParams',
  'tokenRequestParams',
  'refreshRequestParams',
  'challengeAlgorithm',
  'code_verifier',
];

/** The environment variable contract of design.md. */
export const CONTRACT_VARS = [
  'oauthBaseUrl',
  'efacturaBaseUrl',
  'etransportBaseUrl',
  'apiBaseUrl',
  'clientId',
  'clientSecret',
  'redirectUri',
  'clientAuth',
  'authorizationCode',
  'accessToken',
  'refreshToken',
  'accessTokenExpiresAt',
  'refreshTokenExpiresAt',
  'tokenRefreshSkewSeconds',
  'cif',
];

/** Variables typed `secret` in every environment, never in a collection. */
export const SECRET_VARS = ['clientSecret', 'accessToken', 'refreshToken', 'authorizationCode'];

/** Postman's own callback, the usual registered redirect URI. */
export const POSTMAN_CALLBACK = 'https://oauth.pstmn.io/v1/callback';

/** A request of a collection with the name of its folder. */
export interface FoundRequest {
  folder: string;
  item: PostmanRequestItem;
}

/** Every request of `collection`, in order, with its folder name. */
export function requestsOf(collection: PostmanCollection): FoundRequest[] {
  return collection.item.flatMap((folder: PostmanFolder) =>
    folder.item.map((item) => ({ folder: folder.name, item })),
  );
}

/** `folder/name` of a request. */
export function requestKey(r: { folder: string; name: string } | FoundRequest): string {
  return 'item' in r ? `${r.folder}/${r.item.name}` : `${r.folder}/${r.name}`;
}

/** Every `{{name}}` referenced in `text`. */
export function variableRefs(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{([^{}]+)\}\}/g)].flatMap(([, name]) => name ?? []))].sort();
}

/** A deep copy through JSON, as a file reader would see the object. */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
