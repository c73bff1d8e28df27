/**
 * Issue #29 item 9: the spellings a server or a proxy gives a secret that redaction used to miss:
 * percent-encoding with lower-case hex, double URL encoding, base64 / base64url / hex of the value
 * alone, Basic credentials without `=` padding, numeric HTML entities, upper case, UTF-8 read as
 * Latin-1 or Windows-1252. Property-style: each spelling of each secret, embedded in text, comes
 * out as [REDACTED] and no decoding of the output gives the secret back.
 */
import { Redactor, REDACTED } from '../../../src/run/redact';
import { SpellingMatcher } from '../../../src/redaction/matcher';
import { caseKey } from '../../../src/redaction/case-key';
import { basicCredentials, secretRedactor } from '../../../src/redaction/secret-forms';
import { mojibake } from '../../../src/redaction/spellings';

const ID = 'client-ț+/=';
const JWT_LIKE =
  'eyJhbGciOiJSUzUxMiJ9.' +
  Buffer.from(JSON.stringify({ sub: 'x'.repeat(40), iat: 1 })).toString('base64url') +
  '.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';

/** Secrets made of what encodings change: ASCII, %, +, /, =, Romanian letters, €, an emoji. */
const SECRETS = [
  'plainSecret123',
  '50%off%2Fand%zz',
  'a+b c+d',
  'x/y/z/w',
  'k=v=w==',
  'ăîșț€ĂÎȘȚ',
  'secret-ăîșț€',
  `s"e\\c+r/e=t&'!ț€ 9`,
  '<tag attr="1">😀',
  JWT_LIKE,
];

const form = (s: string) => new URLSearchParams({ v: s }).toString().slice(2);
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const lowerHex = (s: string) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
const numeric = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const hexEntities = (s: string) => s.replace(/[&<>"'=]/g, (c) => `&#X${c.charCodeAt(0).toString(16)};`);
/** UTF-8 read as Windows-1252, for the characters of these secrets (Node's TextDecoder reads Latin-1). */
const CP1252: Record<string, string> = {
  '\u0080': '€',
  '\u0082': '‚',
  '\u0083': 'ƒ',
  '\u008e': 'Ž',
  '\u0098': '˜',
  '\u0099': '™',
  '\u009a': 'š',
  '\u009b': '›',
  '\u009f': 'Ÿ',
};
const cp1252 = (s: string) =>
  Buffer.from(s, 'utf8')
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => CP1252[c] ?? c);

/** Each spelling of the issue, by name. */
const SPELLINGS: Record<string, (s: string) => string> = {
  'percent, lower-case hex': (s) => lowerHex(encodeURIComponent(s)),
  'form, lower-case hex': (s) => lowerHex(form(s)),
  'URL-encoded twice': (s) => encodeURIComponent(encodeURIComponent(s)),
  'form-encoded twice, lower-case hex': (s) => lowerHex(form(form(s))),
  base64: (s) => b64(s),
  'base64 without padding': (s) => b64(s).replace(/=+$/, ''),
  base64url: (s) => Buffer.from(s, 'utf8').toString('base64url'),
  hex: (s) => Buffer.from(s, 'utf8').toString('hex'),
  'HEX (upper case)': (s) => Buffer.from(s, 'utf8').toString('hex').toUpperCase(),
  'Basic, no padding': (s) => `Basic ${b64(`${ID}:${s}`).replace(/=+$/, '')}`,
  'HTML &#34; entities': (s) => numeric(s),
  'HTML &#X22; entities': (s) => hexEntities(s),
  'every character an entity': (s) => s.replace(/[^A-Za-z0-9]/gu, (c) => `&#${c.codePointAt(0)};`),
  'upper case': (s) => s.toUpperCase(),
  'lower case': (s) => s.toLowerCase(),
  'upper case, URL-encoded': (s) => encodeURIComponent(s.toUpperCase()),
  'UTF-8 read as Latin-1': (s) => Buffer.from(s, 'utf8').toString('latin1'),
  'UTF-8 read as Windows-1252': (s) => cp1252(s),
  'Windows-1252 mojibake, HTML-escaped': (s) => numeric(cp1252(s)),
  'JSON \\u escapes, upper-case hex': (s) =>
    JSON.stringify(s)
      .slice(1, -1)
      .replace(
        /[\u007f-\uffff]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
      ),
};

function tryDecode(text: string, decode: (s: string) => string): string {
  try {
    return decode(text);
  } catch {
    return text;
  }
}

const HTML_NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeHtml = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] !== '#') return HTML_NAMED[e.toLowerCase()] ?? m;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return String.fromCodePoint(code);
  });

/** Everything the output could be decoded into: if the secret is in none of them, it is gone. */
function decodings(out: string): string[] {
  const url = (s: string) => tryDecode(s, decodeURIComponent);
  const plus = (s: string) => url(s.replace(/\+/g, ' '));
  const runs = (re: RegExp) => out.match(re) ?? [];
  return [
    out,
    url(out),
    url(url(out)),
    plus(out),
    plus(plus(out)),
    unescapeHtml(out),
    Buffer.from(out, 'latin1').toString('utf8'),
    ...runs(/[A-Za-z0-9+/_-]{6,}={0,2}/g).flatMap((r) => [
      Buffer.from(r, 'base64').toString('utf8'),
      Buffer.from(r, 'base64url').toString('utf8'),
    ]),
    ...runs(/(?:[0-9a-f]{2}){3,}/gi).map((r) => Buffer.from(r, 'hex').toString('utf8')),
  ];
}

const recovers = (out: string, secret: string) =>
  decodings(out).some((d) => caseKey(d).includes(caseKey(secret)));

describe('redaction of the spellings a server or a proxy produces (property-style)', () => {
  const cases = SECRETS.flatMap((secret) =>
    Object.entries(SPELLINGS).map(([name, spell]) => ({ secret, name, spelled: spell(secret) })),
  );

  it('the run redactor: every spelling of every secret becomes [REDACTED], the secret cannot be recovered', () => {
    const failures: string[] = [];
    for (const secret of SECRETS) {
      const redactor = new Redactor();
      redactor.addVariables({ clientId: ID, clientSecret: secret });
      for (const { name, spelled } of cases.filter((c) => c.secret === secret)) {
        const out = redactor.redact(`echo:${spelled}; and more text`);
        if (!out.includes(REDACTED) || out.includes(spelled) || recovers(out, secret)) {
          failures.push(`${name} of ${JSON.stringify(secret)} → ${out}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("the token client's redactor too (it receives the Basic credentials as values)", () => {
    const failures: string[] = [];
    for (const { secret, name, spelled } of cases) {
      const redact = secretRedactor([secret, ...basicCredentials(ID, secret)], REDACTED);
      const out = redact(`error_description=${spelled} end`);
      if (!out.includes(REDACTED) || recovers(out, secret)) failures.push(`${name} of ${secret} → ${out}`);
    }
    expect(failures).toEqual([]);
  });

  it('tokens: base64 of one inside a longer base64 text (another client id, a JSON body) is hidden', () => {
    const redactor = new Redactor();
    redactor.add(JWT_LIKE);
    for (const prefix of ['', 'a', 'ab', 'someone-else:', '{"refresh_token":"']) {
      const blob = b64(`${prefix}${JWT_LIKE}"}`);
      const out = redactor.redact(`Basic ${blob}`);
      expect({ prefix, recovered: recovers(out, JWT_LIKE) }).toEqual({ prefix, recovered: false });
      expect(out).toContain(REDACTED);
    }
  });

  it('text without a secret is left alone, short words are not taken for secrets', () => {
    const redactor = new Redactor();
    redactor.addVariables({ clientId: ID, clientSecret: 'ăîșț€ĂÎȘȚ', refreshToken: JWT_LIKE });
    const text =
      'GET https://api.anaf.ro/prod/FCTEL/rest/listaMesajeFactura?zile=60 200 OK, ăîșț şi ţ 4142 abcd';
    expect(redactor.redact(text)).toBe(text);
  });

  it('mojibake is what a Latin-1 / Windows-1252 reader makes of UTF-8', () => {
    // Node's TextDecoder('windows-1252') decodes as Latin-1, so the references are the well-known ones.
    expect(mojibake('ț€ăîș')).toEqual(['È\u009bâ\u0082¬Ä\u0083Ã®È\u0099', 'È›â‚¬ÄƒÃ®È™']);
    expect(mojibake('ascii only')).toEqual([]);
  });
});

describe('SpellingMatcher', () => {
  /** The reference: every occurrence of every spelling, ignoring case, overlapping ones merged. */
  function naive(text: string, spellings: string[], mark: string): string {
    const key = caseKey(text);
    const covered = new Array<boolean>(text.length).fill(false);
    for (const s of spellings.map(caseKey)) {
      for (let i = key.indexOf(s); i !== -1; i = key.indexOf(s, i + 1)) covered.fill(true, i, i + s.length);
    }
    let out = '';
    for (let i = 0; i < text.length; i++) {
      if (!covered[i]) out += text[i];
      else if (i === 0 || !covered[i - 1]) out += mark;
    }
    return out;
  }

  /** A deterministic pseudo-random generator, so a failure can be reproduced. */
  function random(seed: number): () => number {
    let s = seed;
    return () => {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      return s / 2 ** 31;
    };
  }

  it('agrees with a naive search on random texts (overlaps, nesting, case, prefixes longer than 32)', () => {
    const next = random(29);
    const pick = (alphabet: string, n: number) =>
      Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    for (let round = 0; round < 300; round++) {
      const alphabet = round % 2 ? 'abAB' : 'aăĂbB%=';
      const spellings = Array.from({ length: 1 + Math.floor(next() * 6) }, () =>
        pick(alphabet, 1 + Math.floor(next() * (round % 3 ? 6 : 45))),
      );
      const text = pick(alphabet, Math.floor(next() * 200));
      expect({ text, spellings, out: new SpellingMatcher(spellings).replace(text, '#') }).toEqual({
        text,
        spellings,
        out: naive(text, spellings, '#'),
      });
    }
  });

  it('scans a megabyte of output in linear time, whatever the spellings', () => {
    const redactor = new Redactor();
    redactor.addVariables({ clientId: ID, clientSecret: SECRETS[7]!, refreshToken: JWT_LIKE });
    const near = `${JWT_LIKE.slice(0, 60)}${'a'.repeat(40)} ${'%'.repeat(30)} `;
    const text = near.repeat(Math.ceil(1_000_000 / near.length));
    const started = Date.now();
    expect(redactor.redact(text)).toBe(text);
    // Generous: a quadratic or backtracking matcher takes minutes here, this one milliseconds.
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
