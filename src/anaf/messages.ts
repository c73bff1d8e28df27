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
 * ANAF's daily-quota refusals, in every wording seen: "S-au facut deja N …" and "S-au incarcat deja
 * N …" (its OpenAPI documents), and "Ai atins limita de N descarcari a facturii pentru astazi."
 * (a real download answer, tests/fixtures/anaf/README.md). The scripts use this to name a quota
 * answer as the daily limit, never retried today; {@link isDailyQuota} is the same test in TypeScript.
 */
export const QUOTA_PATTERN = /S-au (?:facut|incarcat) deja \d+|atins limita de \d+/;

/** True when `text` is one of ANAF's daily-quota refusals ({@link QUOTA_PATTERN}). */
export function isDailyQuota(text: string): boolean {
  return QUOTA_PATTERN.test(text);
}

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

/**
 * The paginated list's refusal of an `endTime` ahead of ANAF's clock: ANAF appends its own request
 * moment (`dd-MM-yyyy HH:mm:ss`, Romania's wall time), which its OpenAPI example leaves out. Both
 * times are given already formatted. ANAF's wording, missing verb included.
 */
export function endTimeInFuture(endTime: string, requestMoment: string): string {
  return `endTime = ${endTime} nu poate in viitor fata de momentul requestului = ${requestMoment}`;
}

/** The fields of a validation message in ANAF's structured form (`tipAssert=…; codEroare=…; …`). */
export interface StructuredValidationMessage {
  /** `FailedAssert` for a Schematron rule. */
  tipAssert: string;
  codEroare: string;
  localizareEroare: string;
  /** ANAF's text, which starts with the code in brackets: `[UBL-DT-17]-…`. */
  textEroare: string;
  expresieValidata: string;
}

/**
 * A `validare`/`transformare` message in the structured form ANAF also answers, besides the older
 * `E: … eroare regula: …` form: `tipAssert=FailedAssert; codEroare=UBL-DT-17; localizareEroare=/Invoice;
 * textEroare=[UBL-DT-17]-…; expresieValidata=…`.
 */
export function structuredValidationMessage(m: StructuredValidationMessage): string {
  return (
    `tipAssert=${m.tipAssert}; codEroare=${m.codEroare}; localizareEroare=${m.localizareEroare}; ` +
    `textEroare=${m.textEroare}; expresieValidata=${m.expresieValidata}`
  );
}

/**
 * Three CEN rules (EN 16931 UBL syntax) in ANAF's words, as a real `validare` answered them in the
 * structured form (source: tests/fixtures/anaf/README.md). `localizareEroare` is the root element.
 */
export const CEN_UBL_RULES = {
  paymentMeansListId: {
    codEroare: 'UBL-CR-661',
    textEroare: '[UBL-CR-661]-A UBL invoice should not include the PaymentMeansCode listID',
    expresieValidata: 'not(cac:PaymentMeans/cbc:PaymentMeansCode/@listID)',
  },
  listName: {
    codEroare: 'UBL-DT-17',
    textEroare: '[UBL-DT-17]-List name attribute should not be present',
    expresieValidata: 'not(//@listName)',
  },
  listUri: {
    codEroare: 'UBL-DT-20',
    textEroare: '[UBL-DT-20]-List uri attribute should not be present',
    expresieValidata: 'not(//@listURI)',
  },
} as const;
