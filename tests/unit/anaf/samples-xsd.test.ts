/**
 * The request samples against ANAF's published schemas: the e-Transport v2 XSD and UBL 2.1. Real
 * ANAF refuses a document that fails them, so a sample that fails here would fail every real upload.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isBuyerCode, isTaxpayerCode } from '../../../src/anaf';
import { defined } from '../../helpers/checked';
import { xsdErrors, type Schema } from '../../helpers/xsd';

const SAMPLES = path.resolve(__dirname, '..', '..', '..', 'templates', 'samples');
const read = (name: string) => fs.readFileSync(path.join(SAMPLES, name), 'utf8');

/** Every sample and the schema that judges it; a new sample is added here. */
const SCHEMAS: [name: string, schema: Schema][] = [
  ['etransport.xml', 'etransport'],
  ['invoice-ubl.xml', 'ubl-invoice'],
  ['invoice-b2c-cnp.xml', 'ubl-invoice'],
  ['invoice-b2c-no-cnp.xml', 'ubl-invoice'],
  ['credit-note-ubl.xml', 'ubl-creditnote'],
];

/** The samples written for this project (the e-Transport and first invoice samples predate the markers). */
const MARKED = ['invoice-b2c-cnp.xml', 'invoice-b2c-no-cnp.xml', 'credit-note-ubl.xml'];

describe('samples validate against ANAF’s schemas', () => {
  it('the list names every sample in templates/samples/', () => {
    expect(SCHEMAS.map(([name]) => name).sort()).toEqual(fs.readdirSync(SAMPLES).sort());
  });

  it.each(SCHEMAS)('%s against %s', async (name, schema) => {
    expect(await xsdErrors(read(name), schema)).toEqual([]);
  });

  it('the check can fail: the old e-Transport namespace and a broken invoice or credit note are refused', async () => {
    const wrongNs = read('etransport.xml').replace('declaratie:v2', 'declarare:v2');
    expect((await xsdErrors(wrongNs, 'etransport')).join('\n')).toMatch(/eTransport/);
    for (const [name, schema] of SCHEMAS.filter(([, s]) => s !== 'etransport')) {
      const broken = read(name).replace('<cbc:IssueDate>', '<cbc:Bogus>x</cbc:Bogus><cbc:IssueDate>');
      expect((await xsdErrors(broken, schema)).join('\n')).toMatch(/Bogus/);
    }
  });
});

describe('every taxpayer code in the samples is valid', () => {
  /** Codes of a party that must be a taxpayer: declarant, partner, carrier, the seller's tax id. */
  const taxpayers = (text: string) =>
    [
      ...text.matchAll(
        /(?:codDeclarant|cod|codOrgTransport)="(\d+)"|<cac:PartyTaxScheme>\s*<cbc:CompanyID>(?:RO)?(\d+)<\/cbc:CompanyID>/g,
      ),
    ].map((m) => defined(m[1] ?? m[2], `a code in ${m[0]}`));
  /** The buyer's legal id (BT-47) where it is digits: a CUI, a CNP or the 13 zeros of B2C. */
  const buyer = (text: string) =>
    /<cac:AccountingCustomerParty>[\s\S]*?<cac:PartyLegalEntity>[\s\S]*?<cbc:CompanyID>(\d+)<\/cbc:CompanyID>/.exec(
      text,
    )?.[1];

  it.each(SCHEMAS.map(([name]) => name))('%s', (name) => {
    const found = taxpayers(read(name));
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((c) => !isTaxpayerCode(c))).toEqual([]);
    const code = buyer(read(name));
    if (code !== undefined) expect(isBuyerCode(code)).toBe(true);
  });

  it('the B2C samples name their buyer by a CNP, and by 13 zeros', () => {
    expect(buyer(read('invoice-b2c-cnp.xml'))).toMatch(/^[1-9]\d{12}$/);
    expect(buyer(read('invoice-b2c-no-cnp.xml'))).toBe('0000000000000');
  });
});

describe('the new samples are plainly demos (a production guard looks for these marks)', () => {
  it.each(MARKED)('%s', (name) => {
    const text = read(name);
    expect(text).toMatch(
      /^<\?xml [^>]*\?>\n<!-- anaf-postman sample: not a real document, never file it -->\n/,
    );
    expect(text).toMatch(/<cbc:ID>DEMO-[A-Z0-9-]+<\/cbc:ID>/);
    expect(text).toContain('<cbc:RegistrationName>Furnizor Demo SRL</cbc:RegistrationName>');
    expect(text).toContain('<cbc:StreetName>Strada Exemplu 1</cbc:StreetName>');
    expect(text).toContain('<cbc:Name>Serviciu demonstrativ</cbc:Name>');
  });
});
