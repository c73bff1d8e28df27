/** ANAF's size limits and daily quotas of each operation, as sentences for its description. */
import { DAILY_QUOTAS, LIST_PAGE_SIZE, MESSAGE_RETENTION_DAYS, SIZE_LIMITS } from '../anaf';

const mb = (bytes: number) => `${bytes / (1024 * 1024)} MB`;
const n = (value: number) => value.toLocaleString('en-US');

interface Limit {
  en: string;
  ro: string;
}

const upload: Limit[] = [
  {
    en: `Largest file: ${mb(SIZE_LIMITS.efacturaUpload)}.`,
    ro: `Fișier de cel mult ${mb(SIZE_LIMITS.efacturaUpload)}.`,
  },
  {
    en: `Daily quota: ${n(DAILY_QUOTAS.raspUploadsPerCui)} RASP uploads per CUI.`,
    ro: `Limită zilnică: ${n(DAILY_QUOTAS.raspUploadsPerCui)} de încărcări RASP pe CUI.`,
  },
];
const tools: Limit[] = [
  {
    en: `Largest file: ${mb(SIZE_LIMITS.efacturaTools)}.`,
    ro: `Fișier de cel mult ${mb(SIZE_LIMITS.efacturaTools)}.`,
  },
];
const statusQuota: Limit = {
  en: `Daily quota: ${n(DAILY_QUOTAS.statusPerMessage)} queries of one upload.`,
  ro: `Limită zilnică: ${n(DAILY_QUOTAS.statusPerMessage)} de interogări pentru o încărcare.`,
};

/** Limits per endpoint id. */
const LIMITS: Record<string, Limit[]> = {
  'efactura.upload': upload,
  'efactura.uploadb2c': upload,
  'efactura.stareMesaj': [statusQuota],
  'efactura.listaMesajeFactura': [
    {
      en: `Daily quota: ${n(DAILY_QUOTAS.listPerCui)} calls per CUI. More than ${LIST_PAGE_SIZE} messages: use the paginated list.`,
      ro: `Limită zilnică: ${n(DAILY_QUOTAS.listPerCui)} de apeluri pe CUI. Peste ${LIST_PAGE_SIZE} de mesaje: lista paginată.`,
    },
  ],
  'efactura.listaMesajePaginatieFactura': [
    {
      en: `Daily quota: ${n(DAILY_QUOTAS.paginatedListPerCui)} calls per CUI. ${LIST_PAGE_SIZE} messages a page.`,
      ro: `Limită zilnică: ${n(DAILY_QUOTAS.paginatedListPerCui)} de apeluri pe CUI. ${LIST_PAGE_SIZE} de mesaje pe pagină.`,
    },
  ],
  'efactura.descarcare': [
    {
      en: `Daily quota: ${n(DAILY_QUOTAS.downloadsPerMessage)} downloads of one message. Messages older than ${MESSAGE_RETENTION_DAYS} days cannot be downloaded.`,
      ro: `Limită zilnică: ${n(DAILY_QUOTAS.downloadsPerMessage)} descărcări ale unui mesaj. Mesajele mai vechi de ${MESSAGE_RETENTION_DAYS} de zile nu se mai descarcă.`,
    },
  ],
  'efactura.validare': tools,
  'efactura.transformare': tools,
  'efactura.transformareFaraValidare': tools,
  'etransport.upload': [
    {
      en: `Largest file: ${mb(SIZE_LIMITS.etransportUpload)}.`,
      ro: `Fișier de cel mult ${mb(SIZE_LIMITS.etransportUpload)}.`,
    },
  ],
  'etransport.stareMesaj': [statusQuota],
};

/** The limit sentences of an endpoint in one language (empty when ANAF publishes none). */
export function limitsOf(id: string, lang: 'en' | 'ro'): string[] {
  return (LIMITS[id] ?? []).map((l) => l[lang]);
}
