/**
 * Environment variable names: a contract shared by the collection, the scripts, the CLI,
 * the docs and users' own environment files. Change only with a migration note.
 */
export const Var = {
  oauthBaseUrl: 'oauthBaseUrl',
  efacturaBaseUrl: 'efacturaBaseUrl',
  etransportBaseUrl: 'etransportBaseUrl',
  /** validare and transformare exist on prod only, so this points at prod in every environment. */
  efacturaToolsBaseUrl: 'efacturaToolsBaseUrl',
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
  /**
   * Filing with ANAF production (an upload) is allowed only when this holds the very tax code the
   * request files for: set deliberately, per company. Loopback hosts (the mock) and ANAF's test stage
   * need no allowance.
   */
  allowFilingForCif: 'allowFilingForCif',
  /** The user's own documents: when set, the upload requests send this XML instead of their body. */
  efacturaDocument: 'efacturaDocument',
  etransportDocument: 'etransportDocument',
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
  /** Which messages the *Received invoices* folder fetches: P received (default), T sent, E errors, R buyer messages. */
  receivedFilter: 'receivedFilter',
  etransportUploadIndex: 'etransportUploadIndex',
  /** Paths of the two files the signature check sends (an invoice XML and its signature XML). */
  signatureInvoiceFile: 'signatureInvoiceFile',
  signatureFile: 'signatureFile',
} as const;

/**
 * Variables set for one run, never saved: `forceRefresh`, with which the explicit *Refresh access
 * token* request goes although the access token is not due (`anaf-postman run` sets it when
 * `folders` names that request); and `noRefresh`, which a person sets (`--env-var noRefresh=true`)
 * for an engine that cannot save a rotated refresh token (the Postman CLI has no
 * `--export-environment`): no request may refresh.
 */
export const RunVar = {
  forceRefresh: 'forceRefresh',
  noRefresh: 'noRefresh',
} as const;

/**
 * Run-local variables of the *Received invoices* folder (set with `pm.variables`, never saved): the
 * marker of a walk under way, the download ids still to fetch, and the ids to leave out (`anaf-postman
 * download` passes those it already keeps). The requests themselves send `listStartTime`,
 * `listEndTime`, `listPage` and `downloadId`, which the scripts shadow run-locally during a walk.
 */
export const ReceivedVar = {
  /** Set while a walk is under way: later pages keep its window. */
  walk: 'receivedWalk',
  /** Download ids to fetch, comma-separated, in list order. */
  queue: 'receivedQueue',
  /** Where the next id starts in the queue (a character offset). */
  next: 'receivedNext',
  /** Download ids not to fetch, comma-separated. */
  skipIds: 'receivedSkipIds',
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

/** The variables a user must fill in before the first call, in the order the overview lists them. */
export const REQUIRED_VARS: readonly VarName[] = [Var.clientId, Var.clientSecret, Var.redirectUri, Var.cif];

/** One line saying what a variable holds, in each language of the collection. */
export interface VarDescription {
  en: string;
  ro: string;
}

/**
 * What each variable means: shown on the collection's variables and in its overview, so a team in
 * the Postman app knows what to fill in without opening the guide.
 */
export const VAR_DESCRIPTIONS: Record<VarName, VarDescription> = {
  clientId: {
    en: 'Client ID shown by "Generare Client ID" on ANAF\'s portal.',
    ro: 'Client ID-ul afișat de „Generare Client ID” în portalul ANAF.',
  },
  clientSecret: {
    en: 'Client secret shown with the Client ID; keep it only in the environment (type secret), never in the collection.',
    ro: 'Secretul clientului, afișat împreună cu Client ID-ul; țineți-l doar în mediu (tip secret), niciodată în colecție.',
  },
  redirectUri: {
    en: "Callback URL registered for the application, character for character (Postman's: https://oauth.pstmn.io/v1/callback).",
    ro: 'Adresa de callback înregistrată pentru aplicație, caracter cu caracter (a Postman: https://oauth.pstmn.io/v1/callback).',
  },
  cif: {
    en: 'Tax number (CIF) the calls are made for, digits only, without RO.',
    ro: 'Codul de identificare fiscală (CIF) pentru care se fac apelurile, doar cifre, fără RO.',
  },
  allowFilingForCif: {
    en: 'Uploads to ANAF production are sent only when this equals the cif they file for (set it deliberately, per company); empty: they skip. The mock and the test stage need no allowance.',
    ro: 'Încărcările în producția ANAF se trimit doar când acesta este egal cu cif-ul pentru care depun (setați-l deliberat, pentru fiecare firmă); gol: se sar. Mock-ul și mediul de test nu au nevoie de permisiune.',
  },
  efacturaDocument: {
    en: "XML of your own invoice to upload (upload, uploadb2c); empty: the request's body. The shipped demo invoice never goes to production.",
    ro: 'XML-ul propriei facturi de încărcat (upload, uploadb2c); gol: corpul cererii. Factura demonstrativă livrată nu ajunge niciodată în producție.',
  },
  etransportDocument: {
    en: "XML of your own e-Transport declaration to upload; empty: the request's body. The shipped demo declaration never goes to production.",
    ro: 'XML-ul propriei declarații e-Transport de încărcat; gol: corpul cererii. Declarația demonstrativă livrată nu ajunge niciodată în producție.',
  },
  oauthBaseUrl: {
    en: "ANAF's OAuth 2.0 server (authorize and token).",
    ro: 'Serverul OAuth 2.0 al ANAF (autorizare și token).',
  },
  efacturaBaseUrl: { en: 'e-Factura API of the stage.', ro: 'API-ul e-Factura al mediului.' },
  etransportBaseUrl: { en: 'e-Transport API of the stage.', ro: 'API-ul e-Transport al mediului.' },
  efacturaToolsBaseUrl: {
    en: 'validare, transformare and the signature check (prod only, so prod in every environment).',
    ro: 'validare, transformare și verificarea semnăturii (doar pe prod, deci prod în orice mediu).',
  },
  apiBaseUrl: { en: 'Host of TestOauth hello.', ro: 'Hostul lui TestOauth hello.' },
  clientAuth: {
    en: "How the token requests authenticate the client: basic (ANAF's guide) or body.",
    ro: 'Cum se autentifică clientul la cererile de token: basic (ghidul ANAF) sau body.',
  },
  authorizationCode: {
    en: 'Code from the callback URL; exchange it within a minute. Cleared once used.',
    ro: 'Codul din adresa de callback; schimbați-l pe tokenuri în cel mult un minut. Se golește după folosire.',
  },
  accessToken: {
    en: 'Bearer token of every call; written by the exchange and the automatic refresh.',
    ro: 'Tokenul bearer al fiecărui apel; îl scriu schimbul codului și reîmprospătarea automată.',
  },
  refreshToken: {
    en: 'Gets new access tokens; ANAF may replace it on each refresh, and the scripts save the new one.',
    ro: 'Obține tokenuri de acces noi; ANAF îl poate înlocui la fiecare reîmprospătare, iar scripturile îl salvează pe cel nou.',
  },
  accessTokenExpiresAt: {
    en: 'When the access token expires (ISO date), written by the scripts.',
    ro: 'Când expiră tokenul de acces (dată ISO), scrisă de scripturi.',
  },
  refreshTokenExpiresAt: {
    en: 'When the refresh token expires (ISO date), written by the scripts.',
    ro: 'Când expiră tokenul de reîmprospătare (dată ISO), scrisă de scripturi.',
  },
  tokenRefreshSkewSeconds: {
    en: 'Refresh the access token when it has fewer seconds left than this.',
    ro: 'Tokenul de acces se reîmprospătează când mai are mai puține secunde decât atât.',
  },
  uploadStandard: {
    en: 'Standard of e-Factura uploads (UBL, CN, CII, RASP).',
    ro: 'Standardul încărcărilor e-Factura (UBL, CN, CII, RASP).',
  },
  validationStandard: {
    en: 'Standard of validare and transformare (FACT1, FCN).',
    ro: 'Standardul pentru validare și transformare (FACT1, FCN).',
  },
  uploadIndex: {
    en: 'index_incarcare of the last e-Factura upload (set by its test).',
    ro: 'index_incarcare al ultimei încărcări e-Factura (setat de testul ei).',
  },
  downloadId: {
    en: 'id_descarcare of the message to download (set by stareMesaj or a list).',
    ro: 'id_descarcare al mesajului de descărcat (setat de stareMesaj sau de o listă).',
  },
  listDays: {
    en: 'Days the plain list covers (1 to 60).',
    ro: 'Câte zile acoperă lista simplă (între 1 și 60).',
  },
  listFilter: {
    en: 'Optional filter of the lists: E, T, P or R.',
    ro: 'Filtrul opțional al listelor: E, T, P sau R.',
  },
  listStartTime: {
    en: 'Start of the paginated list, Unix ms; empty: 59 days ago.',
    ro: 'Începutul listei paginate, Unix ms; gol: acum 59 de zile.',
  },
  listEndTime: {
    en: 'End of the paginated list, Unix ms; empty: a minute ago.',
    ro: 'Sfârșitul listei paginate, Unix ms; gol: acum un minut.',
  },
  listPage: {
    en: 'Page of the paginated list to start from.',
    ro: 'Pagina listei paginate de la care se începe.',
  },
  receivedFilter: {
    en: 'Messages the Received invoices folder fetches: P received invoices (default when empty), T sent, E errors, R buyer messages.',
    ro: 'Mesajele aduse de dosarul Received invoices: P facturi primite (implicit când e gol), T trimise, E erori, R mesaje ale cumpărătorului.',
  },
  etransportUploadIndex: {
    en: 'index_incarcare of the last e-Transport upload (set by its test).',
    ro: 'index_incarcare al ultimei încărcări e-Transport (setat de testul ei).',
  },
  signatureInvoiceFile: {
    en: 'Path of the invoice XML whose signature is checked.',
    ro: 'Calea XML-ului facturii a cărei semnătură se verifică.',
  },
  signatureFile: {
    en: "Path of ANAF's signature XML of that invoice.",
    ro: 'Calea XML-ului de semnătură ANAF al acelei facturi.',
  },
};
