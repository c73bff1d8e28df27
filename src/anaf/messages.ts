/**
 * ANAF's wording of the errors the mock gives and the scripts recognise. The words are ANAF's (they
 * are what a client sees); which answer uses them is documented in `answers/`.
 */

/** HTTP 400 messages for missing required parameters (or an empty body), per operation. */
export const MISSING_PARAMS = {
  upload: 'Parametrii standard si cif sunt obligatorii',
  uploadBody: 'Trebuie sa aveti atasat in request un fisier de tip xml',
  stareMesaj: 'Parametrul id_incarcare este obligatoriu',
  lista: 'Parametrii zile si cif sunt obligatorii',
  listaPaginatie: 'Parametrii startTime, endTime, cif si pagina sunt obligatorii',
  descarcare: 'Parametrul id este obligatoriu',
  info: 'Parametrul cui_op este obligatoriu',
} as const;

/** The text of the signature check's HTTP 400 (a part missing or not an e-Factura XML). */
export const SIGNATURE_BAD_REQUEST =
  'Eroare tehnică: request incorect. Cauza: cel puțin unul din documente NU a fost încărcat sau NU este un fisier de tip XML specific facturii electronice.';

/**
 * Daily-quota refusals start "S-au facut deja N …" or "S-au incarcat deja N …". The scripts use
 * this to name a quota answer and never retry it.
 */
export const QUOTA_PATTERN = /S-au (?:facut|incarcat) deja \d+/;

/** ANAF's firewall page: HTTP 200 `text/html` carrying a support ID instead of the API's answer. */
export const FIREWALL_PATTERN = /The requested URL was rejected[\s\S]*?Your support ID is:\s*(\d+)/;

/** ANAF's firewall page with a support id (the mock's fault emits it). */
export function firewallPage(supportId: string): string {
  return (
    '<html><head><title>Request Rejected</title></head><body>The requested URL was rejected. ' +
    'Please consult with your administrator.<br><br>Your support ID is: ' +
    `${supportId}<br><br><a href='javascript:history.back();'>[Go Back]</a></body></html>`
  );
}

/** e-Factura list and e-Transport messages ANAF gives when there is nothing to list. */
export const EMPTY_LIST_PATTERN = /^\s*Nu exist[aă] mesaje/i;

/** e-Transport `info` when no record matches: an in-between state, not an error. */
export const NO_TRANSPORT_DATA = 'Nu exista informatii pentru aceasta solicitare';

/**
 * ANAF's refusal of a `cif` the caller has no SPV rights for (documented for e-Factura upload and
 * both lists, e-Transport upload and info). The mock gives it for a code no taxpayer can hold
 * (a CUI or CNP failing its check): nobody can have rights for it.
 */
export function noSpvRights(cif: string): string {
  return `Nu aveti drept in SPV pentru CIF=${cif}`;
}

/**
 * ANAF's e-Transport Schematron, rule BR-002, for a declarant code that is not a CUI, CNP or NIF.
 * The mock also gives it for a check digit that fails: the closest rule ANAF words.
 */
export function declarantCodeInvalid(codDeclarant: string): string {
  return (
    '[BR-002]-Codul de identificare fiscala(CUI, CNP, NIF) al declarantului (BT-1) TREBUIE sa aibe ' +
    `un format valid in Romania(RO) (codDeclarant = ${codDeclarant}).`
  );
}
