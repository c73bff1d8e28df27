/**
 * Every request of the collection, as data. The generator turns these into Postman items, the
 * docs into a reference section and the mock routes the same paths.
 */
import { GrantType, TOKEN_CONTENT_TYPE, type ServiceId } from './oauth';
import { ref, Var, type VarName } from './variables';

/** Folder of the collection a request belongs to; `received` is e-Factura's receiving side. */
export type FolderId = 'oauth' | ServiceId | 'received';

/** A query parameter; `optional` ones are written disabled. */
export interface QueryParam {
  key: string;
  value: string;
  optional?: boolean;
}

/** A form field of a urlencoded body. */
export interface FormField {
  key: string;
  value: string;
}

/** A multipart part holding a file whose path a variable gives. */
export interface FilePart {
  key: string;
  file: VarName;
}

/** Request body. `sample` names a file in `templates/samples/`. */
export type BodySpec =
  | { mode: 'raw'; contentType: string; sample: string }
  | { mode: 'urlencoded'; fields: FormField[] }
  | { mode: 'formdata'; files: FilePart[] };

/**
 * How a request authenticates: `inherit` the collection's OAuth 2.0 bearer, `client` with the
 * client credentials (Basic header or body fields, per `--client-auth`), or `none`.
 */
export type AuthSpec = 'inherit' | 'client' | 'none';

/** Which test script judges the answer. */
export type CheckKind =
  | 'authorize'
  | 'tokenExchange'
  | 'tokenRefresh'
  | 'hello'
  | 'efacturaUpload'
  | 'efacturaStatus'
  | 'efacturaList'
  | 'efacturaDownload'
  | 'efacturaValidate'
  | 'efacturaTransform'
  | 'efacturaSignature'
  | 'receivedList'
  | 'receivedDownload'
  | 'etransportUpload'
  | 'etransportStatus'
  | 'etransportList'
  | 'etransportInfo';

/** One request of the collection. */
export interface EndpointSpec {
  /** Stable id (`folder.name`): request ids, description partials and docs anchors derive from it. */
  id: string;
  folder: FolderId;
  /** Request name in the collection (same in every language, so `--folder` and reports stay stable). */
  name: string;
  method: 'GET' | 'POST';
  /** Variable holding the base URL. */
  base: VarName;
  /** Path segments after the base URL; may hold `{{variable}}` references. */
  path: string[];
  query: QueryParam[];
  body?: BodySpec;
  auth: AuthSpec;
  check: CheckKind;
  /** Variables that must hold a value before the request makes sense; otherwise it skips itself. */
  requires?: VarName[];
  /**
   * The request files a document with ANAF (a legal act): the variable that may hold the user's own
   * document instead of the body. Such a request goes to production only with the filing allowance.
   */
  files?: VarName;
}

const tokenContentType: FormField = { key: TOKEN_CONTENT_TYPE.key, value: TOKEN_CONTENT_TYPE.value };
const ublInvoice = { mode: 'raw', contentType: 'text/plain', sample: 'invoice-ubl.xml' } as const;

/** The OAuth 2.0 folder: the browser step, both token requests and ANAF's smoke test. */
export const OAUTH_ENDPOINTS: readonly EndpointSpec[] = [
  {
    id: 'oauth.authorize',
    folder: 'oauth',
    name: 'Authorize (browser step)',
    method: 'GET',
    base: Var.oauthBaseUrl,
    path: ['authorize'],
    query: [
      { key: 'client_id', value: ref(Var.clientId) },
      { key: 'response_type', value: 'code' },
      { key: 'redirect_uri', value: ref(Var.redirectUri) },
      { key: TOKEN_CONTENT_TYPE.key, value: TOKEN_CONTENT_TYPE.value },
    ],
    auth: 'none',
    check: 'authorize',
  },
  {
    id: 'oauth.exchange',
    folder: 'oauth',
    name: 'Exchange authorization code',
    method: 'POST',
    base: Var.oauthBaseUrl,
    path: ['token'],
    query: [],
    body: {
      mode: 'urlencoded',
      fields: [
        { key: 'grant_type', value: GrantType.authorizationCode },
        { key: 'code', value: ref(Var.authorizationCode) },
        { key: 'redirect_uri', value: ref(Var.redirectUri) },
        tokenContentType,
      ],
    },
    auth: 'client',
    check: 'tokenExchange',
    requires: [Var.authorizationCode],
  },
  {
    id: 'oauth.refresh',
    folder: 'oauth',
    name: 'Refresh access token',
    method: 'POST',
    base: Var.oauthBaseUrl,
    path: ['token'],
    query: [],
    body: {
      mode: 'urlencoded',
      fields: [
        { key: 'grant_type', value: GrantType.refreshToken },
        { key: 'refresh_token', value: ref(Var.refreshToken) },
        tokenContentType,
      ],
    },
    auth: 'client',
    check: 'tokenRefresh',
    requires: [Var.refreshToken],
  },
  {
    id: 'oauth.hello',
    folder: 'oauth',
    name: 'TestOauth hello',
    method: 'GET',
    base: Var.apiBaseUrl,
    path: ['TestOauth', 'jaxrs', 'hello'],
    query: [{ key: 'name', value: 'anaf-postman' }],
    auth: 'inherit',
    check: 'hello',
  },
];

const uploadQuery: QueryParam[] = [
  { key: 'standard', value: ref(Var.uploadStandard) },
  { key: 'cif', value: ref(Var.cif) },
  { key: 'extern', value: 'DA', optional: true },
  { key: 'autofactura', value: 'DA', optional: true },
  { key: 'executare', value: 'DA', optional: true },
];

/** e-Factura, below `{{efacturaBaseUrl}}` (`…/{prod|test}/FCTEL/rest`). */
export const EFACTURA_ENDPOINTS: readonly EndpointSpec[] = [
  {
    id: 'efactura.upload',
    folder: 'efactura',
    name: 'upload',
    method: 'POST',
    base: Var.efacturaBaseUrl,
    path: ['upload'],
    query: uploadQuery,
    body: ublInvoice,
    auth: 'inherit',
    check: 'efacturaUpload',
    files: Var.efacturaDocument,
  },
  {
    id: 'efactura.uploadb2c',
    folder: 'efactura',
    name: 'uploadb2c',
    method: 'POST',
    base: Var.efacturaBaseUrl,
    path: ['uploadb2c'],
    query: uploadQuery,
    body: ublInvoice,
    auth: 'inherit',
    check: 'efacturaUpload',
    files: Var.efacturaDocument,
  },
  {
    id: 'efactura.stareMesaj',
    folder: 'efactura',
    name: 'stareMesaj',
    method: 'GET',
    base: Var.efacturaBaseUrl,
    path: ['stareMesaj'],
    query: [{ key: 'id_incarcare', value: ref(Var.uploadIndex) }],
    auth: 'inherit',
    check: 'efacturaStatus',
    requires: [Var.uploadIndex],
  },
  {
    id: 'efactura.listaMesajeFactura',
    folder: 'efactura',
    name: 'listaMesajeFactura',
    method: 'GET',
    base: Var.efacturaBaseUrl,
    path: ['listaMesajeFactura'],
    query: [
      { key: 'zile', value: ref(Var.listDays) },
      { key: 'cif', value: ref(Var.cif) },
      { key: 'filtru', value: ref(Var.listFilter), optional: true },
    ],
    auth: 'inherit',
    check: 'efacturaList',
  },
  {
    id: 'efactura.listaMesajePaginatieFactura',
    folder: 'efactura',
    name: 'listaMesajePaginatieFactura',
    method: 'GET',
    base: Var.efacturaBaseUrl,
    path: ['listaMesajePaginatieFactura'],
    query: [
      { key: 'startTime', value: ref(Var.listStartTime) },
      { key: 'endTime', value: ref(Var.listEndTime) },
      { key: 'cif', value: ref(Var.cif) },
      { key: 'pagina', value: ref(Var.listPage) },
      { key: 'filtru', value: ref(Var.listFilter), optional: true },
    ],
    auth: 'inherit',
    check: 'efacturaList',
  },
  {
    id: 'efactura.descarcare',
    folder: 'efactura',
    name: 'descarcare',
    method: 'GET',
    base: Var.efacturaBaseUrl,
    path: ['descarcare'],
    query: [{ key: 'id', value: ref(Var.downloadId) }],
    auth: 'inherit',
    check: 'efacturaDownload',
    requires: [Var.downloadId],
  },
  {
    id: 'efactura.validare',
    folder: 'efactura',
    name: 'validare',
    method: 'POST',
    base: Var.efacturaToolsBaseUrl,
    path: ['validare', ref(Var.validationStandard)],
    query: [],
    body: ublInvoice,
    auth: 'inherit',
    check: 'efacturaValidate',
  },
  {
    id: 'efactura.transformare',
    folder: 'efactura',
    name: 'transformare',
    method: 'POST',
    base: Var.efacturaToolsBaseUrl,
    path: ['transformare', ref(Var.validationStandard)],
    query: [],
    body: ublInvoice,
    auth: 'inherit',
    check: 'efacturaTransform',
  },
  {
    id: 'efactura.transformareFaraValidare',
    folder: 'efactura',
    name: 'transformare (no validation)',
    method: 'POST',
    base: Var.efacturaToolsBaseUrl,
    path: ['transformare', ref(Var.validationStandard), 'DA'],
    query: [],
    body: ublInvoice,
    auth: 'inherit',
    check: 'efacturaTransform',
  },
  {
    id: 'efactura.validareSemnatura',
    folder: 'efactura',
    name: 'validate signature',
    method: 'POST',
    // At the host's root, not below FCTEL/rest; prod only.
    base: Var.apiBaseUrl,
    path: ['api', 'validate', 'signature'],
    query: [],
    body: {
      mode: 'formdata',
      files: [
        { key: 'file', file: Var.signatureInvoiceFile },
        { key: 'signature', file: Var.signatureFile },
      ],
    },
    auth: 'inherit',
    check: 'efacturaSignature',
    requires: [Var.signatureInvoiceFile, Var.signatureFile],
  },
];

/**
 * The receiving side of e-Factura: every page of the paginated list for a window (up to ANAF's 60
 * days) and a filter, then a download of each message the run has not seen. The scripts loop both
 * requests (`setNextRequest`) and shadow the window, the page and the id run-locally while they walk;
 * `anaf-postman download` runs this folder and keeps what it fetches.
 */
export const RECEIVED_ENDPOINTS: readonly EndpointSpec[] = [
  {
    id: 'received.list',
    folder: 'received',
    name: 'List received messages (every page)',
    method: 'GET',
    base: Var.efacturaBaseUrl,
    path: ['listaMesajePaginatieFactura'],
    query: [
      { key: 'startTime', value: ref(Var.listStartTime) },
      { key: 'endTime', value: ref(Var.listEndTime) },
      { key: 'cif', value: ref(Var.cif) },
      { key: 'pagina', value: ref(Var.listPage) },
      { key: 'filtru', value: ref(Var.receivedFilter) },
    ],
    auth: 'inherit',
    check: 'receivedList',
  },
  {
    id: 'received.download',
    folder: 'received',
    name: 'Download each listed message',
    method: 'GET',
    base: Var.efacturaBaseUrl,
    path: ['descarcare'],
    query: [{ key: 'id', value: ref(Var.downloadId) }],
    auth: 'inherit',
    check: 'receivedDownload',
  },
];

/** e-Transport, below `{{etransportBaseUrl}}` (`…/{prod|test}/ETRANSPORT/ws/v1`). */
export const ETRANSPORT_ENDPOINTS: readonly EndpointSpec[] = [
  {
    id: 'etransport.upload',
    folder: 'etransport',
    name: 'upload',
    method: 'POST',
    base: Var.etransportBaseUrl,
    path: ['upload', 'ETRANSP', ref(Var.cif), '2'],
    query: [],
    body: { mode: 'raw', contentType: 'application/xml', sample: 'etransport.xml' },
    auth: 'inherit',
    check: 'etransportUpload',
    files: Var.etransportDocument,
  },
  {
    id: 'etransport.stareMesaj',
    folder: 'etransport',
    name: 'stareMesaj',
    method: 'GET',
    base: Var.etransportBaseUrl,
    path: ['stareMesaj', ref(Var.etransportUploadIndex)],
    query: [],
    auth: 'inherit',
    check: 'etransportStatus',
    requires: [Var.etransportUploadIndex],
  },
  {
    id: 'etransport.lista',
    folder: 'etransport',
    name: 'lista',
    method: 'GET',
    base: Var.etransportBaseUrl,
    path: ['lista', ref(Var.listDays), ref(Var.cif)],
    query: [],
    auth: 'inherit',
    check: 'etransportList',
  },
  {
    id: 'etransport.info',
    folder: 'etransport',
    name: 'info',
    method: 'GET',
    base: Var.etransportBaseUrl,
    path: ['info'],
    query: [
      { key: 'cui_op', value: ref(Var.cif) },
      { key: 'cui_decl', value: '', optional: true },
      { key: 'uit', value: '', optional: true },
      { key: 'ref_decl', value: '', optional: true },
    ],
    auth: 'inherit',
    check: 'etransportInfo',
  },
];

/** Folders in collection order with their display names. */
/** Names of the requests whose bodies carry a client secret, a code or tokens (hidden in reports). */
export const TOKEN_REQUEST_NAMES: readonly string[] = OAUTH_ENDPOINTS.filter((e) => e.auth === 'client').map(
  (e) => e.name,
);

/** A folder of the collection; `service` names the service a folder belongs to when its id does not. */
export interface FolderSpec {
  id: FolderId;
  name: string;
  endpoints: readonly EndpointSpec[];
  service?: ServiceId;
}

export const FOLDERS: readonly FolderSpec[] = [
  { id: 'oauth', name: 'OAuth 2.0', endpoints: OAUTH_ENDPOINTS },
  { id: 'efactura', name: 'e-Factura', endpoints: EFACTURA_ENDPOINTS },
  { id: 'received', name: 'Received invoices', endpoints: RECEIVED_ENDPOINTS, service: 'efactura' },
  { id: 'etransport', name: 'e-Transport', endpoints: ETRANSPORT_ENDPOINTS },
];

/** The folders a collection of `services` holds, in collection order (OAuth 2.0 always). */
export function foldersFor(services: readonly ServiceId[]): FolderSpec[] {
  return FOLDERS.filter((f) => f.id === 'oauth' || services.includes(f.service ?? (f.id as ServiceId)));
}

/** The folders that name a service (the collection's title lists them). */
export function serviceFolders(folders: readonly FolderSpec[]): FolderSpec[] {
  return folders.filter((f) => f.id !== 'oauth' && f.service === undefined);
}

/** Every endpoint, in collection order. */
export const ALL_ENDPOINTS: readonly EndpointSpec[] = FOLDERS.flatMap((f) => f.endpoints);

/** e-Factura `standard` values accepted by upload. */
export const UPLOAD_STANDARDS = ['UBL', 'CN', 'CII', 'RASP'] as const;

/** e-Factura `validare`/`transformare` standards. */
export const VALIDATION_STANDARDS = ['FACT1', 'FCN'] as const;

/** e-Factura list `filtru` values. */
export const LIST_FILTERS = ['E', 'T', 'P', 'R'] as const;

/** `zile` bounds of the list endpoints. */
export const LIST_DAYS = { min: 1, max: 60 } as const;

/**
 * The OpenAPI `operationId` of a request: its own id, unless an earlier request has the same method
 * and URL (refresh shares the token endpoint with the code exchange, and so its operation).
 */
export function operationIdOf(spec: EndpointSpec): string {
  const same = (e: EndpointSpec) =>
    e.method === spec.method && e.base === spec.base && e.path.join('/') === spec.path.join('/');
  return (ALL_ENDPOINTS.find(same) ?? spec).id;
}
