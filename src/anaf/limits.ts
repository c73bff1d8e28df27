/**
 * ANAF's published limits: file sizes (Swagger pages) and daily quotas (the "limite apeluri API" page).
 * ANAF says quotas may change; these are the published values.
 */

const MB = 1024 * 1024;

/** Largest file, in bytes, each operation accepts. */
export const SIZE_LIMITS = {
  /** e-Factura upload and uploadb2c. */
  efacturaUpload: 10 * MB,
  /** e-Factura validare and transformare. */
  efacturaTools: 5 * MB,
  /** e-Transport upload. */
  etransportUpload: 5 * MB,
} as const;

/** Daily quotas: calls per day per key (a message, a CUI or the user). */
export const DAILY_QUOTAS = {
  /** RASP (answer to an invoice) uploads per CUI. */
  raspUploadsPerCui: 1000,
  /** Status polls of one upload. */
  statusPerMessage: 100,
  /** Plain list calls per CUI. */
  listPerCui: 1500,
  /** Paginated list calls per CUI. */
  paginatedListPerCui: 100_000,
  /** Downloads of one message. */
  downloadsPerMessage: 10,
} as const;

/** How old a message can be and still be listed or downloaded. */
export const MESSAGE_RETENTION_DAYS = 60;

/** The paginated list's page size. */
export const LIST_PAGE_SIZE = 500;

/** Values the e-Factura upload flags `extern`, `autofactura`, `executare` accept. */
export const UPLOAD_FLAG_VALUE = 'DA';

/** e-Transport's XML namespace (schema v2). */
export const ETRANSPORT_NAMESPACE = 'mfp:anaf:dgti:eTransport:declaratie:v2';

/** The e-Transport document root element. */
export const ETRANSPORT_ROOT = 'eTransport';
