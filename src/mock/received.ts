/**
 * Received traffic: the messages other taxpayers' filings leave for one CIF (invoices and credit
 * notes from suppliers, buyer messages, the errors of its own refused uploads, its sent invoices),
 * spread over the last 60 days and generated from a seed, so the same options always give the same
 * messages. Each message keeps only its facts; its XML is built when it is downloaded.
 */
import {
  errorDetails,
  FILTER_TYPE,
  invoiceDetails,
  isValidCui,
  MESSAGE_RETENTION_DAYS,
  MOCK_DEMO_CLIENT,
  type ListFilter,
} from '../anaf';
import { DAY_MS } from './clock';
import { escapeMarkup } from './http';

/** {@link MockOptions.received}: which traffic the mock holds for a CIF. */
export interface ReceivedTrafficOptions {
  /**
   * Invoices received (list filter P; about one in eight is a credit note). The mock adds about
   * one error message (E) per 20 of them, one buyer message (R) per 25 and one sent invoice (T) per 20.
   */
  count: number;
  /** The CIF they are for; default the demo client's (`12345674`). */
  cif?: string;
  /** The same seed and count give the same messages (their dates follow the mock's clock); default 1. */
  seed?: number;
  /**
   * Other codes the certificate may act for: ANAF lists them after the CIF in a list answer's `cui`,
   * comma-separated. Default: two codes made from the seed.
   */
  alsoFor?: string[];
}

/** One message of the received traffic. */
export interface ReceivedMessage {
  kind: ListFilter;
  /** `id_solicitare`: the upload index the ZIP's entries are named after. */
  index: string;
  /** The download id. */
  id: string;
  /** The CIF whose list holds it. */
  cif: string;
  /** Who filed it (`cif_emitent`). */
  issuer: string;
  /** Who it was filed for (`cif_beneficiar`). */
  beneficiary: string;
  createdAt: number;
  detalii: string;
  /** Facts of the document, from which its XML is built. */
  doc: DocumentFacts;
}

interface Party {
  cui: string;
  name: string;
  city: string;
  county: string;
  series: string;
}

interface DocumentFacts {
  creditNote: boolean;
  number: string;
  issueDate: string;
  currency: string;
  net: number;
  vatPercent: number;
  item: string;
  seller: Party;
  buyer: Party;
  /** For an error message: ANAF's words. */
  errors?: string[];
}

/** The largest count accepted (200 pages of 500). */
export const MAX_RECEIVED = 100_000;

/** mulberry32: a small, fast, seedable generator; the same seed gives the same sequence. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A CUI of `length` digits (check digit included) with a valid check digit. */
function makeCui(next: () => number, length: number): string {
  for (;;) {
    const body =
      String(1 + Math.floor(next() * 9)) +
      Array.from({ length: length - 2 }, () => Math.floor(next() * 10)).join('');
    const digits = body.padStart(9, '0');
    const sum = [7, 5, 3, 2, 1, 7, 5, 3, 2].reduce((acc, w, i) => acc + w * Number(digits.charAt(i)), 0);
    const cui = `${body}${((sum * 10) % 11) % 10}`;
    if (isValidCui(cui)) return cui;
  }
}

// Names with what real ones carry: diacritics, quotes, ampersands, slashes, dots.
const NAMES = [
  'Țesătoria Ardeleană SRL',
  'Alfa & Omega Distribuție SRL',
  'Brutăria „La Cuptor” SRL',
  'Construcții Mureș S.A.',
  'Depozitul Nr. 7 SRL',
  'Electro/Instal Sud-Est SRL',
  'Farmacia Sf. Ana SRL',
  'Grădina Verde Agro SRL',
  'Îngheţată Artizanală SRL-D',
  'Kappa IT Solutions SRL',
  'Lăptăria Bucovina S.A.',
  'Mobila Şerban & Fiii SRL',
  'Nord Transport Logistic SRL',
  'Ospătăria <Bunicii> SRL',
  'Papetăria Centrală SRL',
  'Romtelecom Servicii S.A.',
  'Stația de Betoane Olt SRL',
  'Tipografia "Litera" SRL',
  'Uzina Mecanică Cugir S.A.',
  'Vinăria Dealu Mare SRL',
];
const CITIES: [string, string][] = [
  ['Cluj-Napoca', 'RO-CJ'],
  ['Brașov', 'RO-BV'],
  ['Iași', 'RO-IS'],
  ['Timișoara', 'RO-TM'],
  ['SECTOR3', 'RO-B'],
  ['Constanța', 'RO-CT'],
  ['Sibiu', 'RO-SB'],
];
const SERIES = ['FCT', 'AO 2025', 'BRT/', 'CM-', 'DEP', 'EIS 24', 'F', 'GV-A'];
const ITEMS = [
  'Servicii de consultanță',
  'Materiale de construcții',
  'Pâine și produse de panificație',
  'Licențe software',
  'Transport marfă',
  'Energie electrică',
  'Hârtie A4',
];
const VAT = [21, 21, 21, 11, 0];

/** ANAF's words of the rules an error message quotes (documented answers and R_BT_32_cui). */
const ERROR_WORDS = [
  'E: validari globale  SCHEMATRON   eroare: [BR-CO-09]-The Seller VAT identifier (BT-31), the Seller tax representative VAT identifier (BT-63) and the Buyer VAT identifier (BT-48) shall have a prefix in accordance with ISO code ISO 3166-1 alpha-2 by which the country of issue may be identified. Nevertheless, Greece may use the prefix ‘EL’.',
  "E: validari globale  SCHEMATRON   eroare: [BR-RO-110]-Daca Codul ţării vânzătorului (BT-40) este  RO , atunci Subdiviziunea ţării vânzătorului (BT-39) trebuie să fie codificată folosind lista de coduri ISO 3166-2:RO (ex.  RO-B  pentru Municipiul Bucuresti,  RO-AB  pentru judetul Alba...).     #If the Seller's country Code (BT-40) is  RO , then the Seller's country subdivision (BT-39) must be coded using the ISO 3166-2: RO code list (ex.  RO-B  for Bucharest,  RO-AB  for Alba County...).",
];

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Fills in the defaults; the caller has validated the options. */
export function resolveTraffic(options: ReceivedTrafficOptions): Required<ReceivedTrafficOptions> {
  const seed = options.seed ?? 1;
  const next = random(seed ^ 0x5eed);
  return {
    count: options.count,
    cif: options.cif ?? MOCK_DEMO_CLIENT.cif,
    seed,
    alsoFor: options.alsoFor ?? [makeCui(next, 8), makeCui(next, 9)],
  };
}

/**
 * The traffic of `options` as it stands at `now` (the mock's start): every message, oldest first.
 * `position` (the traffic's place among several) keeps the ids of several traffics apart.
 */
export function receivedTraffic(
  options: ReceivedTrafficOptions,
  now: number,
  position = 0,
): ReceivedMessage[] {
  const { count, cif, seed } = resolveTraffic(options);
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const suppliers: Party[] = NAMES.map((name, i) => {
    const [city, county] = pick(CITIES);
    return { cui: makeCui(next, 6 + (i % 4)), name, city, county, series: pick(SERIES) };
  });
  const us: Party = { cui: cif, name: 'Beneficiar Demo SRL', city: 'SECTOR1', county: 'RO-B', series: 'BD' };
  const numbers = new Map<Party, number>();
  const numberOf = (p: Party) => {
    const n = (numbers.get(p) ?? Math.floor(next() * 900)) + 1 + Math.floor(next() * 3);
    numbers.set(p, n);
    return `${p.series}${String(n).padStart(5, '0')}`;
  };
  const kinds: ListFilter[] = [
    ...Array<ListFilter>(count).fill('P'),
    ...Array<ListFilter>(Math.floor(count / 20)).fill('E'),
    ...Array<ListFilter>(Math.floor(count / 25)).fill('R'),
    ...Array<ListFilter>(Math.floor(count / 20)).fill('T'),
  ];
  // Shuffled, then spread evenly over the 60 days (a minute's jitter), oldest first.
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j] as ListFilter, kinds[i] as ListFilter];
  }
  const span = MESSAGE_RETENTION_DAYS * DAY_MS - 30 * 60_000;
  const first = now - span;
  const step = span / (kinds.length + 1);
  // Ids in a block of their own: a million per traffic, apart from the mock's own sequences.
  const block = (((seed % 100) * 10 + position) % 1000) * 1_000_000;
  return kinds.map((kind, i) => {
    const createdAt = Math.round(first + step * (i + 1) - Math.floor(next() * Math.min(step / 2, 60_000)));
    const index = String(4_100_000_000 + block + i * 3 + Math.floor(next() * 3));
    const id = String(3_900_000_000 + block + i);
    const other = pick(suppliers);
    const sent = kind === 'T' || kind === 'E';
    const seller = sent ? us : other;
    const buyer = sent ? other : us;
    const doc: DocumentFacts = {
      creditNote: kind === 'P' && next() < 0.125,
      number: numberOf(seller),
      issueDate: day(createdAt - Math.floor(next() * 4) * DAY_MS),
      currency: next() < 0.9 ? 'RON' : 'EUR',
      net: Math.round((10 + next() * 9990) * 100) / 100,
      vatPercent: pick(VAT),
      item: pick(ITEMS),
      seller,
      buyer,
    };
    if (kind === 'E') doc.errors = ERROR_WORDS.slice(0, 1 + Math.floor(next() * ERROR_WORDS.length));
    const detalii =
      kind === 'E'
        ? errorDetails(index)
        : kind === 'R'
          ? // Our wording: ANAF's for a buyer message is not in its published documents.
            `Mesaj cumparator pentru factura cu id_incarcare=${index} emisa de cif_emitent=${seller.cui} pentru cif_beneficiar=${buyer.cui}`
          : invoiceDetails(index, seller.cui, buyer.cui);
    return { kind, index, id, cif, issuer: seller.cui, beneficiary: buyer.cui, createdAt, detalii, doc };
  });
}

const UBL_NS = {
  Invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  CreditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
};

function money(n: number): string {
  return n.toFixed(2);
}

function party(role: 'AccountingSupplierParty' | 'AccountingCustomerParty', p: Party): string {
  const e = escapeMarkup;
  return [
    `  <cac:${role}>`,
    '    <cac:Party>',
    '      <cac:PostalAddress>',
    `        <cbc:StreetName>Strada Exemplu ${p.cui.length}</cbc:StreetName>`,
    `        <cbc:CityName>${e(p.city)}</cbc:CityName>`,
    `        <cbc:CountrySubentity>${p.county}</cbc:CountrySubentity>`,
    '        <cac:Country><cbc:IdentificationCode>RO</cbc:IdentificationCode></cac:Country>',
    '      </cac:PostalAddress>',
    '      <cac:PartyTaxScheme>',
    `        <cbc:CompanyID>RO${p.cui}</cbc:CompanyID>`,
    '        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>',
    '      </cac:PartyTaxScheme>',
    '      <cac:PartyLegalEntity>',
    `        <cbc:RegistrationName>${e(p.name)}</cbc:RegistrationName>`,
    `        <cbc:CompanyID>${p.cui}</cbc:CompanyID>`,
    '      </cac:PartyLegalEntity>',
    '    </cac:Party>',
    `  </cac:${role}>`,
  ].join('\n');
}

/** A UBL invoice or credit note of `doc`, marked as the mock's. */
function ublDocument(doc: DocumentFacts): string {
  const root = doc.creditNote ? 'CreditNote' : 'Invoice';
  const vat = Math.round(doc.net * doc.vatPercent) / 100;
  const c = doc.currency;
  const line = doc.creditNote ? 'CreditNoteLine' : 'InvoiceLine';
  const quantity = doc.creditNote ? 'CreditedQuantity' : 'InvoicedQuantity';
  const category = doc.vatPercent === 0 ? 'Z' : 'S';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!-- anaf-postman mock: generated received traffic, not a real document -->',
    `<${root} xmlns="${UBL_NS[root]}"`,
    '  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"',
    '  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">',
    '  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:efactura.mfinante.ro:CIUS-RO:1.0.1</cbc:CustomizationID>',
    `  <cbc:ID>${escapeMarkup(doc.number)}</cbc:ID>`,
    `  <cbc:IssueDate>${doc.issueDate}</cbc:IssueDate>`,
    doc.creditNote
      ? '  <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>'
      : '  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>',
    `  <cbc:DocumentCurrencyCode>${c}</cbc:DocumentCurrencyCode>`,
    party('AccountingSupplierParty', doc.seller),
    party('AccountingCustomerParty', doc.buyer),
    '  <cac:TaxTotal>',
    `    <cbc:TaxAmount currencyID="${c}">${money(vat)}</cbc:TaxAmount>`,
    '    <cac:TaxSubtotal>',
    `      <cbc:TaxableAmount currencyID="${c}">${money(doc.net)}</cbc:TaxableAmount>`,
    `      <cbc:TaxAmount currencyID="${c}">${money(vat)}</cbc:TaxAmount>`,
    `      <cac:TaxCategory><cbc:ID>${category}</cbc:ID><cbc:Percent>${doc.vatPercent}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>`,
    '    </cac:TaxSubtotal>',
    '  </cac:TaxTotal>',
    '  <cac:LegalMonetaryTotal>',
    `    <cbc:LineExtensionAmount currencyID="${c}">${money(doc.net)}</cbc:LineExtensionAmount>`,
    `    <cbc:TaxExclusiveAmount currencyID="${c}">${money(doc.net)}</cbc:TaxExclusiveAmount>`,
    `    <cbc:TaxInclusiveAmount currencyID="${c}">${money(doc.net + vat)}</cbc:TaxInclusiveAmount>`,
    `    <cbc:PayableAmount currencyID="${c}">${money(doc.net + vat)}</cbc:PayableAmount>`,
    '  </cac:LegalMonetaryTotal>',
    `  <cac:${line}>`,
    '    <cbc:ID>1</cbc:ID>',
    `    <cbc:${quantity} unitCode="H87">1</cbc:${quantity}>`,
    `    <cbc:LineExtensionAmount currencyID="${c}">${money(doc.net)}</cbc:LineExtensionAmount>`,
    `    <cac:Item><cbc:Name>${escapeMarkup(doc.item)}</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>${category}</cbc:ID><cbc:Percent>${doc.vatPercent}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>`,
    `    <cac:Price><cbc:PriceAmount currencyID="${c}">${money(doc.net)}</cbc:PriceAmount></cac:Price>`,
    `  </cac:${line}>`,
    `</${root}>`,
    '',
  ].join('\n');
}

/** The XML a download's ZIP holds for `m`: the document, ANAF's error details, or the buyer's message. */
export function receivedXml(m: ReceivedMessage, errorsNamespace: string): Buffer {
  if (m.kind === 'E') {
    const errors = (m.doc.errors ?? [])
      .map((w) => `    <Error errorMessage="${escapeMarkup(w)}"/>\n`)
      .join('');
    return Buffer.from(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        `<header xmlns="${errorsNamespace}" Index_incarcare="${m.index}" Cif_emitent="${m.issuer}">\n` +
        `${errors}</header>\n`,
    );
  }
  if (m.kind === 'R') {
    // A stand-in: ANAF's schema of a buyer's message is not among its published documents here;
    // clients read the text from the root's `message` attribute (tests/fixtures/anaf/README.md).
    const text = `Va rugam sa emiteti factura de stornare pentru factura ${m.doc.number}, pozitia 1.`;
    return Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<!-- anaf-postman mock: a buyer message stand-in -->\n' +
        `<MesajCumparator xmlns="urn:anaf-postman:mock:mesaj-cumparator" id_incarcare="${m.index}" ` +
        `cif_emitent="${m.issuer}" cif_beneficiar="${m.beneficiary}" message="${escapeMarkup(text)}"/>\n`,
    );
  }
  return Buffer.from(ublDocument(m.doc));
}

/** The received traffic of a mock, by download id, for the lists and the downloads. */
export class ReceivedStore {
  readonly byId = new Map<string, ReceivedMessage>();
  /** Newest first. */
  readonly messages: ReceivedMessage[];
  /** The CIFs the traffic is for and the other codes the certificate acts for. */
  readonly codes: string[];

  /** @throws Error when two traffics would share download ids (give them different seeds). */
  constructor(traffics: ReceivedTrafficOptions | ReceivedTrafficOptions[], now: number) {
    const list = Array.isArray(traffics) ? traffics : [traffics];
    const codes = new Set<string>();
    for (const t of list) {
      const resolved = resolveTraffic(t);
      for (const code of [resolved.cif, ...resolved.alsoFor]) codes.add(code);
    }
    this.codes = [...codes];
    this.messages = list
      .flatMap((t, i) => receivedTraffic(t, now, i))
      .sort((a, b) => b.createdAt - a.createdAt || Number(b.id) - Number(a.id));
    for (const m of this.messages) {
      if (this.byId.has(m.id)) throw new Error(`mock: two received traffics share download id ${m.id}`);
      this.byId.set(m.id, m);
    }
  }

  /** Messages of `cif` made within [from, to], newest first; `filtru` keeps one kind. */
  list(cif: string, from: number, to: number, filtru: string | undefined): ReceivedMessage[] {
    return this.messages.filter(
      (m) =>
        m.cif === cif &&
        m.createdAt >= from &&
        m.createdAt <= to &&
        (filtru === undefined || m.kind === filtru),
    );
  }

  /** The `cui` of a list answer for `cif`: every code the certificate may act for, comma-separated. */
  cuiOf(cif: string): string {
    return this.codes.includes(cif) ? [cif, ...this.codes.filter((c) => c !== cif)].join(',') : cif;
  }
}

/** The `tip` of a received message. */
export function typeOf(m: ReceivedMessage): string {
  return FILTER_TYPE[m.kind];
}
