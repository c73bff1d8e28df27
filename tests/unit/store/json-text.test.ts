/**
 * The JSON check every user file goes through (#29): it accepts exactly what `JSON.parse` accepts,
 * names a refusal by line and column, never by the text there (V8's message quotes it: in an
 * environment file, the start of a pasted secret), and can refuse a member named twice.
 */
import {
  checkJsonText,
  JsonTextError,
  lineColumn,
  MAX_JSON_DEPTH,
  parseJsonText,
} from '../../../src/store/json-text';

/** The error `fn` throws (failing the test when it throws nothing). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

const SECRET = 'eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJl';

describe('checkJsonText agrees with JSON.parse', () => {
  const texts = [
    '{}',
    '[]',
    ' \t\r\n{"a":1}\n',
    '{"a":[1,-2.5e+3,0,0.1,1E9,true,false,null,"x"]}',
    '"\\u00e9\\n\\"\\\\\\/\\b\\f\\r\\t"',
    '"é ✓ \uD83D\uDE00 \uD800"',
    '-0',
    '{"a":{"b":{"c":[[[]]]}}}',
    '',
    '   ',
    '{',
    '{"a":1,}',
    '[1,]',
    '[,1]',
    '{"a" 1}',
    "{'a':1}",
    '{a:1}',
    '01',
    '1.',
    '.5',
    '+1',
    '-',
    '1e',
    '0x10',
    'NaN',
    'Infinity',
    'tru',
    'nul',
    '"a\tb"',
    '"a\nb"',
    '"\\x41"',
    '"\\u12"',
    '"open',
    '{} {}',
    '[1 2]',
    '\uFEFF{}',
    '{"a":1}\u00a0',
    '{"a":1}\u2028',
    '[1]//x',
  ];
  it.each(texts.map((t) => [JSON.stringify(t), t]))('%s', (_shown, text) => {
    let parses = true;
    try {
      JSON.parse(text);
    } catch {
      parses = false;
    }
    const check = () => checkJsonText(text);
    if (parses) expect(check).not.toThrow();
    else expect(check).toThrow(JsonTextError);
  });
});

describe('checkJsonText agrees with JSON.parse on texts one edit away from valid JSON', () => {
  it('2000 single-character edits of an environment-like text', () => {
    const base = JSON.stringify({
      values: [{ key: 'a\u00e9', value: 'x"y\\z', enabled: true, n: -1.5e3, list: [null, false, {}] }],
    });
    const alphabet = '{}[]:,"\\ \t\n-+.0123456789eEtrufalsn\u0000\u001f\uFEFFx';
    let seed = 29;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      const at = random(base.length + 1);
      const c = alphabet.charAt(random(alphabet.length));
      const edit = random(3);
      const text =
        edit === 0
          ? base.slice(0, at) + c + base.slice(at)
          : edit === 1
            ? base.slice(0, at) + base.slice(at + 1)
            : base.slice(0, at) + c + base.slice(at + 1);
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      let checks = true;
      try {
        checkJsonText(text);
      } catch (err) {
        expect(err).toBeInstanceOf(JsonTextError);
        checks = false;
      }
      if (checks !== parses) throw new Error(`disagree on ${JSON.stringify(text)}`);
    }
  });
});

describe('a refusal names the position, never the content', () => {
  it.each([
    [
      'an unquoted secret',
      `{\n  "values": [\n    {"key": "refreshToken", "value": ${SECRET}}\n  ]\n}\n`,
      3,
      38,
    ],
    ['a secret after a missing comma', `{"values": [{"key": "a" "value": "${SECRET}"}]}`, 1, 25],
    ['a secret in a string never closed', `{"values": [{"key": "a", "value": "${SECRET}`, 1, 35],
    ['a raw line break inside a secret', `{"value": "${SECRET.slice(0, 20)}\n${SECRET.slice(20)}"}`, 1, 32],
  ])('%s', (_name, text, line, column) => {
    const err = thrown(() => parseJsonText(text));
    expect(err).toBeInstanceOf(JsonTextError);
    expect(err.message).toMatch(new RegExp(`^malformed JSON at line ${line}, column ${column}: `));
    expect(err).toMatchObject({ line, column });
    expect(err.message).not.toMatch(/\n/);
    for (const piece of [SECRET.slice(0, 6), SECRET.slice(-8), 'eyJ', 'c2Vj']) {
      expect(err.message).not.toContain(piece);
    }
  });

  it('a second byte-order mark (the first one is stripped by the caller) is named as such', () => {
    const err = thrown(() => parseJsonText('\uFEFF{\n "values": []\n}\n'));
    expect(err.message).toBe(
      'malformed JSON at line 1, column 1: a byte-order mark (U+FEFF) inside the JSON: keep at most one, at the start',
    );
  });

  it('nesting deeper than the limit, with its position', () => {
    const text = `{"a":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}`;
    expect(thrown(() => checkJsonText(text)).message).toBe(
      `malformed JSON at line 1, column ${6 + MAX_JSON_DEPTH - 1}: nested deeper than ${MAX_JSON_DEPTH} levels`,
    );
    expect(() => checkJsonText(`[${Array(10_000).fill('[]').join(',')}]`)).not.toThrow();
  });

  it('lineColumn counts from 1, a CRLF line break as one', () => {
    expect(lineColumn('ab\r\ncd', 4)).toEqual({ line: 2, column: 1 });
    expect(lineColumn('ab', 0)).toEqual({ line: 1, column: 1 });
  });
});

describe('uniqueMembers', () => {
  it('refuses a member named twice in one object, naming both positions', () => {
    const text = '{\n  "values": [],\n  "values": []\n}';
    expect(() => checkJsonText(text)).not.toThrow();
    const err = thrown(() => checkJsonText(text, { uniqueMembers: true }));
    expect(err.message).toBe(
      'duplicate member "values" at line 3, column 3 (first at line 2, column 3); keep only one',
    );
  });

  it('compares names as JSON.parse does: an escape names the same member', () => {
    const err = thrown(() => checkJsonText('{"key": "a", "k\\u0065y": "b"}', { uniqueMembers: true }));
    expect(err.message).toMatch(/^duplicate member "key" at line 1, column 14/);
  });

  it('the same name in two objects is fine', () => {
    expect(() =>
      checkJsonText('{"values": [{"key": "a", "value": 1}, {"key": "b", "value": 2}]}', {
        uniqueMembers: true,
      }),
    ).not.toThrow();
  });

  it('a name that could be content is not repeated in the message', () => {
    const text = `{"${SECRET}": 1, "${SECRET}": 2}`;
    const err = thrown(() => checkJsonText(text, { uniqueMembers: true }));
    expect(err.message).toMatch(/^duplicate member \(name not shown\) at line 1, column \d+/);
    expect(err.message).not.toContain('eyJ');
  });
});
