/**
 * The filing rules, once: which requests file a document with ANAF, where a URL files (the mock,
 * ANAF's test stage, or production) and how the shipped demo documents are recognised. An upload is
 * a legal act (an invoice in SPV, a transport declaration with a UIT, a daily quota used), so the
 * collection's scripts (Postman and Bruno) and the harness judge it with the same text: it is
 * inlined into the scripts at generation time and evaluated here. Plain ES5 on purpose.
 */

/**
 * Markers of the documents this project ships (`templates/samples/`). Any one of them makes a
 * body a demo document: a user who edited the supplier's tax number still has the demo invoice.
 * Matched on the text lowercased with its whitespace collapsed, so reformatting does not hide one.
 */
export const DEMO_MARKERS: readonly string[] = [
  'anaf-postman sample',
  'furnizor demo srl',
  'client demo srl',
  'serviciu demonstrativ',
  'strada exemplu',
  'avz-0001',
];

/**
 * First argument of the console line a filing request writes when it skips for want of the
 * allowance: fixed (not translated), so a run can list what it did not file in any language.
 */
export const NOT_FILED_TAG = 'NOT FILED';

/** Document numbers of the samples start with this (an invoice's `cbc:ID`, a declaration's `refDeclarant`). */
export const DEMO_ID_PREFIX = 'demo-';

export const FILING_RULES_SOURCE = `var ANAF_DEMO_MARKERS = ${JSON.stringify(DEMO_MARKERS)};

/**
 * Where a URL files: 'local' (a loopback host: the mock), 'test' (ANAF's test stage, api.anaf.ro/test/)
 * or 'production' (anything else, a URL that cannot be read included: when in doubt, production).
 */
function anafFilingTarget(url) {
  var m = /^\\s*[a-z][a-z0-9+.-]*:\\/\\/(?:[^@\\/?#]*@)?(\\[[^\\]]*\\]|[^:\\/?#]*)(?::\\d*)?([^?#]*)/i.exec(String(url || ''));
  if (!m) return 'production';
  var host = m[1].toLowerCase().replace(/\\.$/, '');
  var path = m[2] || '/';
  // A dot segment or an encoded character in the path could move a test URL to production.
  if (/(^|\\/)\\.\\.?(\\/|$)|%|\\\\/.test(path)) return 'production';
  if (host === 'localhost' || host === '[::1]' || /^127(\\.\\d{1,3}){3}$/.test(host)) return 'local';
  if (host === 'api.anaf.ro' && path.indexOf('/test/') === 0) return 'test';
  return 'production';
}

/** The tax code a filing URL files for: e-Factura's cif query parameter, e-Transport's path segment; '' if none. */
function anafFilingCif(url) {
  var text = String(url || '');
  var query = /[?&]cif=([^&#]*)/.exec(text);
  var path = /\\/upload\\/[^\\/?#]+\\/([^\\/?#]+)/.exec(text);
  var found = query ? query[1] : path ? path[1] : '';
  try {
    return decodeURIComponent(found).trim();
  } catch (e) {
    return found.trim();
  }
}

/** The first demo marker a document carries, or '' when it carries none. */
function anafDemoMarker(text) {
  var flat = String(text || '').toLowerCase().replace(/\\s+/g, ' ');
  for (var i = 0; i < ANAF_DEMO_MARKERS.length; i++) {
    if (flat.indexOf(ANAF_DEMO_MARKERS[i]) !== -1) return ANAF_DEMO_MARKERS[i];
  }
  var id = /(>|=\\s*["'])\\s*(${DEMO_ID_PREFIX}[a-z0-9._\\/-]*)/.exec(flat);
  return id ? id[2] : '';
}

/** A short fingerprint of a document (whitespace-insensitive), to file one document once per run. */
function anafDocumentHash(text) {
  var flat = String(text || '').replace(/\\s+/g, ' ').trim();
  var h = 5381;
  for (var i = 0; i < flat.length; i++) h = ((h * 33) ^ flat.charCodeAt(i)) >>> 0;
  return flat.length + ':' + h.toString(16);
}`;

/** Where a request's URL files: the mock on loopback, ANAF's test stage, or production. */
export type FilingTarget = 'local' | 'test' | 'production';

interface FilingRules {
  anafFilingTarget(url: string): FilingTarget;
  anafFilingCif(url: string): string;
  anafDemoMarker(text: string): string;
  anafDocumentHash(text: string): string;
}

// The very text the scripts carry, made callable (our own constant: no outside input reaches it).
const rules = new Function(
  `${FILING_RULES_SOURCE}\nreturn { anafFilingTarget: anafFilingTarget, anafFilingCif: anafFilingCif, anafDemoMarker: anafDemoMarker, anafDocumentHash: anafDocumentHash };`,
)() as FilingRules;

/** Where `url` files; see {@link FILING_RULES_SOURCE}. */
export const filingTarget = (url: string): FilingTarget => rules.anafFilingTarget(url);

/** The tax code a filing URL names (`cif` query or e-Transport path), or ''. */
export const filingCif = (url: string): string => rules.anafFilingCif(url);

/** The demo marker `text` carries (a shipped sample), or '' for a document of the user's own. */
export const demoMarker = (text: string): string => rules.anafDemoMarker(text);

/** A whitespace-insensitive fingerprint of a document. */
export const documentHash = (text: string): string => rules.anafDocumentHash(text);
