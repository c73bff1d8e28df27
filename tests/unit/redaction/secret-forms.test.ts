/**
 * Issue #13 items 7 and 9: a secret is hidden in every spelling it can take (raw, URL and form
 * encoded, JSON-escaped, HTML-escaped, inside a Basic header), checked on many random secrets made
 * of the characters that encodings change; text from outside loses its control characters.
 */
import { Redactor, REDACTED } from '../../../src/run/redact';
import { basicCredentials, oneLine, secretRedactor } from '../../../src/redaction/secret-forms';

/** Control characters (C0, DEL, C1) and the right-to-left override left in `text`. */
const controls = (text: string) =>
  [...text].filter((c) => {
    const n = c.charCodeAt(0);
    return n < 0x20 || (n >= 0x7f && n <= 0x9f) || n === 0x202e;
  });

/** A deterministic pseudo-random generator, so a failure can be reproduced. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

const ALPHABET = [
  '"',
  "'",
  '\\',
  '+',
  '/',
  '=',
  '&',
  '<',
  '>',
  '!',
  '(',
  ')',
  '*',
  '~',
  ' ',
  '%',
  'ț',
  'ș',
  'é',
  '€',
  '😀',
  'a',
  'Z',
  '0',
  '-',
  '_',
  '.',
  '`',
  '#',
  '?',
];

function secretOf(next: () => number): string {
  const length = 6 + Math.floor(next() * 20);
  return Array.from({ length }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join('');
}

/** The outputs a secret reaches: every way this tool or a server might write it down. */
function outputs(secret: string, id: string): string[] {
  const form = new URLSearchParams({ refresh_token: secret, client_secret: secret }).toString();
  const json = JSON.stringify({ error_description: `echo ${form}`, secret });
  const basic = Buffer.from(`${id}:${secret}`).toString('base64');
  const html = (s: string) =>
    s
      .replace(/[&<>"'`=]/g, (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`)
      .replace(/&#x26;/g, '&amp;')
      .replace(/&#x3C;/g, '&lt;')
      .replace(/&#x3E;/g, '&gt;')
      .replace(/&#x22;/g, '&quot;');
  return [
    `raw ${secret} end`,
    `uri ${encodeURIComponent(secret)} end`,
    `form ${form} end`,
    `json ${json} end`,
    `json in json ${JSON.stringify({ body: json })} end`,
    `basic Authorization: Basic ${basic} end`,
    `html ${html(`Basic ${basic}`)} ${html(secret)} ${html(JSON.stringify(secret))} end`,
  ];
}

function leaks(text: string, secret: string, id: string): string[] {
  const basic = Buffer.from(`${id}:${secret}`).toString('base64');
  const probes = [
    secret,
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
    basic,
    basic.replace(/=+$/, ''),
  ];
  return probes.filter((p) => p.length >= 4 && text.includes(p));
}

describe('redaction of every encoding (property-style)', () => {
  const next = random(13);
  const cases = Array.from({ length: 300 }, () => ({
    secret: secretOf(next),
    id: `client-${Math.floor(next() * 1000)}`,
  }));

  it('the run redactor hides 300 random secrets and their Basic form in every output', () => {
    for (const { secret, id } of cases) {
      const redactor = new Redactor();
      redactor.addVariables({ refreshToken: secret, clientSecret: secret, clientId: id });
      for (const text of outputs(secret, id)) {
        const out = redactor.redact(text);
        expect({ secret, out, leaks: leaks(out, secret, id) }).toEqual({ secret, out, leaks: [] });
        expect(out).toContain(REDACTED);
      }
    }
  });

  it("the token client's redactor hides them too", () => {
    for (const { secret, id } of cases) {
      const redact = secretRedactor([secret, ...basicCredentials(id, secret)], '[REDACTED]');
      for (const text of outputs(secret, id)) {
        expect(leaks(redact(text), secret, id)).toEqual([]);
      }
    }
  });

  it('the HTML report form of a Basic header (= as &#x3D;) is hidden', () => {
    const redactor = new Redactor();
    redactor.addVariables({ clientId: 'id', clientSecret: 'se' });
    const basic = Buffer.from('id:se').toString('base64'); // aWQ6c2U=
    expect(redactor.redact(`Basic ${basic.replace('=', '&#x3D;')}`)).toBe(`Basic ${REDACTED}`);
  });
});

describe('oneLine (text echoed from outside)', () => {
  it('strips terminal escapes, other control characters and bidi overrides', () => {
    const out = oneLine('red\u001b[31m\u0007bell\u009bcsi\u202eevil\r\nnext');
    expect(controls(out)).toEqual([]);
    expect(out).toBe('red [31m bell csi evil next');
  });
});
