/**
 * The request samples against ANAF's published schemas: the e-Transport v2 XSD and UBL 2.1. Real
 * ANAF refuses a document that fails them, so a sample that fails here would fail every real upload.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isValidCui } from '../../../src/anaf';
import { defined } from '../../helpers/checked';
import { xsdErrors } from '../../helpers/xsd';

const SAMPLES = path.resolve(__dirname, '..', '..', '..', 'templates', 'samples');
const read = (name: string) => fs.readFileSync(path.join(SAMPLES, name), 'utf8');

describe('samples validate against ANAF’s schemas', () => {
  it('etransport.xml against the e-Transport v2 XSD', async () => {
    expect(await xsdErrors(read('etransport.xml'), 'etransport')).toEqual([]);
  });

  it('invoice-ubl.xml against UBL 2.1 Invoice', async () => {
    expect(await xsdErrors(read('invoice-ubl.xml'), 'ubl-invoice')).toEqual([]);
  });

  it('the check can fail: the old e-Transport namespace and a broken invoice are refused', async () => {
    const wrongNs = read('etransport.xml').replace('declaratie:v2', 'declarare:v2');
    expect((await xsdErrors(wrongNs, 'etransport')).join('\n')).toMatch(/eTransport/);
    const broken = read('invoice-ubl.xml').replace(
      '<cbc:IssueDate>',
      '<cbc:Bogus>x</cbc:Bogus><cbc:IssueDate>',
    );
    expect((await xsdErrors(broken, 'ubl-invoice')).join('\n')).toMatch(/Bogus/);
  });
});

describe('every CUI in the samples carries a valid check digit', () => {
  const cuis = (text: string) =>
    [
      ...text.matchAll(
        /(?:codDeclarant|cod|codOrgTransport)="(\d+)"|<cbc:CompanyID>(?:RO)?(\d+)<\/cbc:CompanyID>/g,
      ),
    ].map((m) => defined(m[1] ?? m[2], `a CUI in ${m[0]}`));

  it.each(['etransport.xml', 'invoice-ubl.xml'])('%s', (name) => {
    const found = cuis(read(name));
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((c) => !isValidCui(c))).toEqual([]);
  });
});
