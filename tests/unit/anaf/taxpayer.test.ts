/** Taxpayer codes (a CUI or a CNP), buyer codes, and ANAF's words for refusing them. */
import {
  declarantCodeInvalid,
  documentedWords,
  isBuyerCode,
  isTaxpayerCode,
  MOCK_DEMO_CLIENT,
  NO_BUYER_CODE,
  noSpvRights,
} from '../../../src/anaf';

describe('isTaxpayerCode', () => {
  it.each([
    [MOCK_DEMO_CLIENT.cif, 'a CUI with its check digit'],
    ['19', 'the shortest CUI'],
    ['8000000000', 'a 10-digit CUI'],
    ['1000101400015', 'a CNP'],
  ])('accepts %s (%s)', (code) => {
    expect(isTaxpayerCode(code)).toBe(true);
  });

  it.each([
    ['12345678', 'a CUI with a wrong check digit'],
    ['019', 'a CUI with a leading 0 (ANAF’s pattern refuses it)'],
    ['1000101400016', 'a CNP with a wrong check digit'],
    ['0000101400013', 'a CNP with a leading 0'],
    ['100010140001', '12 digits: neither'],
    [NO_BUYER_CODE, '13 zeros: a buyer code, never a cif'],
    ['RO12345674', 'RO prefix'],
    ['', 'empty'],
  ])('refuses %s (%s)', (code) => {
    expect(isTaxpayerCode(code)).toBe(false);
  });
});

describe('isBuyerCode', () => {
  it.each([MOCK_DEMO_CLIENT.cif, '1000101400015', NO_BUYER_CODE])('accepts %s', (code) => {
    expect(isBuyerCode(code)).toBe(true);
  });

  it.each(['1000101400016', '0000000000001', '12345678'])('refuses %s', (code) => {
    expect(isBuyerCode(code)).toBe(false);
  });
});

describe('the refusals are in ANAF’s words', () => {
  it.each([
    ['efactura.upload', 'nu aveti dreptul de incarcare pentru cif-ul specificat in request', '1234'],
    ['efactura.listaMesajeFactura', 'nu aveti drept pentru acest cif', '8000000000'],
    ['etransport.upload', 'lipsa drepturi pentru cif', '21'],
    ['etransport.info', 'lipsa drepturi cif', '8000000000'],
  ])('no SPV rights: %s, "%s"', (id, name, cif) => {
    expect(noSpvRights(cif)).toBe(documentedWords(id, name));
  });

  it('BR-002 names the declarant code as the e-Transport Schematron does', () => {
    expect(declarantCodeInvalid('0123')).toBe(
      '[BR-002]-Codul de identificare fiscala(CUI, CNP, NIF) al declarantului (BT-1) TREBUIE sa aibe un format ' +
        'valid in Romania(RO) (codDeclarant = 0123).',
    );
  });
});
