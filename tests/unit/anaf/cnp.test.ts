/** The CNP check digit, date of birth and county code. */
import { cnpCheckDigit, isValidCnp } from '../../../src/anaf';

describe('isValidCnp', () => {
  it.each([
    ['1000101400015', 'born 1900-01-01 in Bucharest: the samples’ fictional buyer'],
    ['2000101400017', 'first digit 2'],
    ['5000229400019', '29 February 2000, a leap year'],
    ['7000229400012', 'a resident (7): no century, so 29 February may be real'],
    ['9000101400011', 'a NIF (9): the check digit only'],
    ['1000101700019', 'county 70'],
    ['1000101830015', 'county 83'],
    ['1000101400041', 'a sum giving 10 makes the check digit 1'],
    // Published examples of other validators, to cross-check the rule (not ours to invent).
    ['1630615123457', 'python-stdnum’s example'],
    ['1070504429315', 'trispectiv/CNP’s example'],
    ['2700116065277', 'trispectiv/CNP’s example'],
    ['4910527475018', 'trispectiv/CNP’s example, born 1891 in a former sector'],
  ])('accepts %s (%s)', (cnp) => {
    expect(isValidCnp(cnp)).toBe(true);
  });

  it.each([
    ['1000101400016', 'wrong check digit'],
    ['1630615123458', 'wrong check digit (python-stdnum’s example)'],
    ['0000101400013', 'leading 0 (check digit right)'],
    ['0800101221142', 'leading 0 (python-stdnum’s example)'],
    ['100010140001', '12 digits'],
    ['10001014000150', '14 digits'],
    ['RO1000101400015', 'RO prefix'],
    ['1000101400015 ', 'trailing space'],
    ['100010140001a', 'not digits'],
    ['0000000000000', '13 zeros (a buyer code, not a CNP)'],
    ['1001301400013', 'month 13 (check digit right)'],
    ['1000100400012', 'day 00'],
    ['1000132400014', 'day 32'],
    ['1000229400011', '29 February 1900, not a leap year'],
    ['7000230400013', '30 February, whatever the century'],
    ['1000101490010', 'county 49'],
    ['1000101500011', 'county 50'],
    ['1632215123457', 'month 22 (python-stdnum’s example)'],
    ['1630615993454', 'county 99 (python-stdnum’s example)'],
  ])('refuses %s (%s)', (cnp) => {
    expect(isValidCnp(cnp)).toBe(false);
  });

  it('weights the first 12 digits by 279146358279, modulo 11', () => {
    // By hand for 1 00 01 01 40 001: 1*2 + 1*4 + 1*3 + 4*5 + 1*9 = 38 (the zeros add nothing); 38 % 11 = 5.
    expect(cnpCheckDigit('100010140001')).toBe(5);
  });
});
