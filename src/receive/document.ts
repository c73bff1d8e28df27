/**
 * What a person needs from the XML in ANAF's ZIP, read without an XML library: the document's
 * number, date, parties and total (UBL invoice or credit note, CII), or ANAF's error words. Reading
 * is lenient: a field that cannot be found is simply absent.
 */

/** A party of a document. */
export interface DocumentParty {
  /** Tax code, digits (a leading `RO` dropped). */
  cif?: string;
  name?: string;
}

/** The facts of an invoice or credit note. */
export interface DocumentFacts {
  /** Root element: `Invoice`, `CreditNote`, `CrossIndustryInvoice`, or another. */
  root: string;
  /** The document's number (`cbc:ID`). */
  number?: string;
  /** `YYYY-MM-DD`. */
  issueDate?: string;
  /** UBL `InvoiceTypeCode` / `CreditNoteTypeCode` (380 invoice, 381 credit note, …). */
  typeCode?: string;
  currency?: string;
  /** The amount payable, as written. */
  total?: string;
  supplier: DocumentParty;
  customer: DocumentParty;
}

const P = '(?:[\\w.-]+:)?';

/** Decodes XML character references and the five named entities. */
export function xmlText(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The text of the first element `name` (any prefix) in `xml`. */
function field(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${P}${name}\\b[^>]*>([^<]*)</${P}${name}>`).exec(xml);
  const value = m?.[1] === undefined ? undefined : xmlText(m[1]).trim();
  return value === '' ? undefined : value;
}

/** The first element `name` (any prefix) with its content. */
function block(xml: string, name: string): string | undefined {
  return new RegExp(`<${P}${name}\\b[^>]*>[\\s\\S]*?</${P}${name}>`).exec(xml)?.[0];
}

/** The local name of the document's root element. */
export function rootOf(xml: string): string | undefined {
  const body = xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, '');
  return /<(?:[\w.-]+:)?([\w.-]+)[\s>/]/.exec(body)?.[1];
}

function code(text: string | undefined): string | undefined {
  const digits = text?.replace(/^\s*RO\s*/i, '').trim();
  return digits === '' ? undefined : digits;
}

function ublParty(xml: string, role: string): DocumentParty {
  const party = block(xml, role) ?? '';
  const taxScheme = block(party, 'PartyTaxScheme') ?? '';
  const legal = block(party, 'PartyLegalEntity') ?? '';
  const partyName = block(party, 'PartyName') ?? '';
  const identification = block(party, 'PartyIdentification') ?? '';
  const out: DocumentParty = {};
  const cif = code(field(taxScheme, 'CompanyID') ?? field(legal, 'CompanyID') ?? field(identification, 'ID'));
  const name = field(legal, 'RegistrationName') ?? field(partyName, 'Name');
  if (cif) out.cif = cif;
  if (name) out.name = name;
  return out;
}

function ciiParty(xml: string, role: string): DocumentParty {
  const party = block(xml, role) ?? '';
  const out: DocumentParty = {};
  const cif = code(field(block(party, 'SpecifiedTaxRegistration') ?? '', 'ID'));
  const name = field(party, 'Name');
  if (cif) out.cif = cif;
  if (name) out.name = name;
  return out;
}

/** The facts of an invoice or credit note in `xml` (UBL or CII); a field not found is absent. */
export function readDocument(xml: string): DocumentFacts {
  const root = rootOf(xml) ?? '';
  if (root === 'CrossIndustryInvoice') {
    const head = block(xml, 'ExchangedDocument') ?? '';
    const date = field(block(head, 'IssueDateTime') ?? '', 'DateTimeString');
    const settlement = block(xml, 'ApplicableHeaderTradeSettlement') ?? '';
    return prune({
      root,
      number: field(head, 'ID'),
      issueDate:
        date && /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` : date,
      typeCode: field(head, 'TypeCode'),
      currency: field(settlement, 'InvoiceCurrencyCode'),
      total: field(settlement, 'DuePayableAmount'),
      supplier: ciiParty(xml, 'SellerTradeParty'),
      customer: ciiParty(xml, 'BuyerTradeParty'),
    });
  }
  // The document's own fields come before its first aggregate; extensions may hold IDs of their own.
  const withoutExtensions = xml.replace(
    new RegExp(`<${P}UBLExtensions\\b[\\s\\S]*?</${P}UBLExtensions>`),
    '',
  );
  const firstAggregate = withoutExtensions.search(
    new RegExp(
      `<${P}(InvoicePeriod|OrderReference|BillingReference|DespatchDocumentReference|ReceiptDocumentReference|` +
        `OriginatorDocumentReference|ContractDocumentReference|AdditionalDocumentReference|ProjectReference|` +
        `Signature|AccountingSupplierParty)\\b`,
    ),
  );
  const head = firstAggregate < 0 ? withoutExtensions : withoutExtensions.slice(0, firstAggregate);
  const totals = block(xml, 'LegalMonetaryTotal') ?? '';
  return prune({
    root,
    number: field(head, 'ID'),
    issueDate: field(head, 'IssueDate'),
    typeCode: field(head, 'InvoiceTypeCode') ?? field(head, 'CreditNoteTypeCode'),
    currency: field(head, 'DocumentCurrencyCode'),
    total: field(totals, 'PayableAmount'),
    supplier: ublParty(xml, 'AccountingSupplierParty'),
    customer: ublParty(xml, 'AccountingCustomerParty'),
  });
}

function prune(facts: DocumentFacts): DocumentFacts {
  for (const key of Object.keys(facts) as (keyof DocumentFacts)[]) {
    if (facts[key] === undefined) delete facts[key];
  }
  return facts;
}

/** True for a credit note: a UBL CreditNote, or type code 381 (also on a UBL Invoice or in CII). */
export function isCreditNote(facts: DocumentFacts): boolean {
  return facts.root === 'CreditNote' || facts.typeCode === '381';
}

/** The text of a buyer's message (R): the `message` attribute of the document's root, when there is one. */
export function readBuyerMessage(xml: string): string | undefined {
  const body = xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '');
  const root = /<[\w.:-]+\b([^>]*)>/.exec(body)?.[1] ?? '';
  const m = /\bmessage\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(root);
  return m ? xmlText(m[1] ?? m[2] ?? '') : undefined;
}

/**
 * ANAF's words in an error document (`<Error errorMessage="…"/>`, the E messages' ZIP), in order.
 * Empty when `xml` holds none.
 */
export function readErrors(xml: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${P}Errors?\\b[^>]*?\\berrorMessage\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml)) !== null) out.push(xmlText(m[1] ?? m[2] ?? ''));
  return out;
}
