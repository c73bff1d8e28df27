/** Issue #13 item 9: what a redirect carries back is echoed without control characters. */
import { callbackError, parsePasted } from '../../../src/login/callback';

/** Control characters (C0, DEL, C1) and the right-to-left override left in `text`. */
const controls = (text: string) =>
  [...text].filter((c) => {
    const n = c.charCodeAt(0);
    return n < 0x20 || (n >= 0x7f && n <= 0x9f) || n === 0x202e;
  });

describe('callback error text', () => {
  it('error and error_description lose terminal escapes and other control characters', () => {
    const parsed = parsePasted(
      `http://127.0.0.1/cb?error=access_denied%1b%5b2J&error_description=${encodeURIComponent('no\u001b[31m red\u0007\u009b\u202e cert\r\nx')}`,
    );
    if ('unusable' in parsed) throw new Error(parsed.unusable);
    const err = callbackError(parsed);
    expect(controls(err.message)).toEqual([]);
    expect(err.message).toContain('(no [31m red cert x)');
    expect(controls(String(err.details?.error))).toEqual([]);
  });
});
