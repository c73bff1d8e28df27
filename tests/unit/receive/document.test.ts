/** What `download` reads out of the XML in ANAF's ZIP: the document's facts, or ANAF's errors. */
import fs from 'node:fs';
import path from 'node:path';
import { isCreditNote, readDocument, readErrors, rootOf } from '../../../src/receive/document';

const SAMPLES = path.resolve(__dirname, '../../../templates/samples');
const sample = (name: string) => fs.readFileSync(path.join(SAMPLES, name), 'utf8');

describe('readDocument', () => {
  it('reads the shipped UBL invoice: number, date, parties, total', () => {
    const facts = readDocument(sample('invoice-ubl.xml'));
    expect(facts.root).toBe('Invoice');
    expect(facts.number).toMatch(/\S/);
    expect(facts.issueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(facts.supplier.cif).toMatch(/^\d+$/);
    expect(facts.supplier.name).toMatch(/\S/);
    expect(facts.total).toMatch(/^\d+(\.\d+)?$/);
    expect(isCreditNote(facts)).toBe(false);
  });

  it('reads the shipped credit note as one, its own number and not the invoice it credits', () => {
    const facts = readDocument(sample('credit-note-ubl.xml'));
    expect(facts).toMatchObject({ root: 'CreditNote', number: 'DEMO-CN-0001', typeCode: '381' });
    expect(isCreditNote(facts)).toBe(true);
    expect(facts.customer.cif).toBe('1000101400015');
  });

  it('takes the document’s ID, not one inside UBLExtensions, and decodes entities', () => {
    const xml =
      '<?xml version="1.0"?><!-- c --><Invoice xmlns:cbc="c" xmlns:cac="a" xmlns:ext="e">' +
      '<ext:UBLExtensions><ext:UBLExtension><cbc:ID>EXT</cbc:ID></ext:UBLExtension></ext:UBLExtensions>' +
      '<cbc:ID> A&amp;B/1 </cbc:ID><cbc:IssueDate>2026-01-02</cbc:IssueDate>' +
      '<cac:AccountingSupplierParty><cac:Party><cac:PartyTaxScheme><cbc:CompanyID>RO 8486152</cbc:CompanyID>' +
      '</cac:PartyTaxScheme><cac:PartyLegalEntity><cbc:RegistrationName>Alfa &amp; Beta &#x218;RL</cbc:RegistrationName>' +
      '</cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty></Invoice>';
    expect(readDocument(xml)).toMatchObject({
      number: 'A&B/1',
      issueDate: '2026-01-02',
      supplier: { cif: '8486152', name: 'Alfa & Beta ȘRL' },
    });
  });

  it('reads a CII invoice', () => {
    const xml =
      '<rsm:CrossIndustryInvoice xmlns:rsm="r" xmlns:ram="a" xmlns:udt="u"><rsm:ExchangedDocument><ram:ID>CII-7</ram:ID>' +
      '<ram:TypeCode>380</ram:TypeCode><ram:IssueDateTime><udt:DateTimeString format="102">20260105</udt:DateTimeString>' +
      '</ram:IssueDateTime></rsm:ExchangedDocument><ram:SellerTradeParty><ram:Name>Gama SRL</ram:Name>' +
      '<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">RO8486152</ram:ID></ram:SpecifiedTaxRegistration>' +
      '</ram:SellerTradeParty></rsm:CrossIndustryInvoice>';
    expect(readDocument(xml)).toMatchObject({
      root: 'CrossIndustryInvoice',
      number: 'CII-7',
      issueDate: '2026-01-05',
      supplier: { cif: '8486152', name: 'Gama SRL' },
    });
  });

  it('rootOf skips the prolog and comments', () => {
    expect(rootOf('<?xml version="1.0"?>\n<!-- <Fake/> -->\n<ns:CreditNote/>')).toBe('CreditNote');
  });
});

describe('readErrors', () => {
  it('reads every errorMessage in ANAF’s words, entities decoded, the trailing space kept', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<header xmlns="mfp:anaf:dgti:efactura:mesajEroriFactuta:v1" Index_incarcare="5001" Cif_emitent="1">\n' +
      '  <Error errorMessage="E: [BR-RO-110]-Daca &quot;RO&quot; &lt;x&gt;"/>\n' +
      "  <Error errorMessage='R_BT_32_cui: Cui vanzator incorect / validare CUI (1234) '/>\n</header>\n";
    expect(readErrors(xml)).toEqual([
      'E: [BR-RO-110]-Daca "RO" <x>',
      'R_BT_32_cui: Cui vanzator incorect / validare CUI (1234) ',
    ]);
    expect(readErrors(sample('invoice-ubl.xml'))).toEqual([]);
  });
});
