/** The Romanian CUI check digit. */
import { isValidCui, MOCK_DEMO_CLIENT } from '../../../src/anaf';

describe('isValidCui', () => {
  it.each(['12345674', '87654329', '18593865', '15900825', '19'])('accepts %s', (cui) => {
    expect(isValidCui(cui)).toBe(true);
  });

  it.each([
    ['12345678', 'wrong check digit'],
    ['87654321', 'wrong check digit'],
    ['RO12345674', 'RO prefix'],
    ['1', 'too short'],
    ['12345678901', 'too long'],
    ['1234567a', 'not digits'],
    ['', 'empty'],
  ])('refuses %s (%s)', (cui) => {
    expect(isValidCui(cui)).toBe(false);
  });

  it('a sum giving 10 makes the check digit 0', () => {
    // 1*2 = 2; 2*10 % 11 = 9 → "19"; find a prefix whose sum*10 % 11 is 10.
    const prefix = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].find(
      (p) => (Number(p) * 2 * 10) % 11 === 10,
    );
    expect(prefix).toBeDefined();
    expect(isValidCui(`${prefix}0`)).toBe(true);
  });

  it('the mock demo CIF is valid', () => {
    expect(isValidCui(MOCK_DEMO_CLIENT.cif)).toBe(true);
  });
});
