import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isAnafError } from '../../../src/errors';
import {
  enabledOnly,
  getVar,
  parseEnvironmentText,
  readEnvironmentFile,
  validateEnvironment,
  varMap,
} from '../../../src/store/environment-file';

const BOM = '\uFEFF';

function thrown(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    if (isAnafError(err)) return err;
    throw err;
  }
  throw new Error('expected an error');
}

describe('validateEnvironment', () => {
  it('refuses a key given twice, naming it (BAD_FILE, exit 2)', () => {
    const err = thrown(() =>
      validateEnvironment('e.json', {
        values: [
          { key: 'refreshToken', value: 'a', enabled: false },
          { key: 'clientId', value: 'c' },
          { key: 'refreshToken', value: 'b' },
        ],
      }),
    );
    expect(err.code).toBe('BAD_FILE');
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(
      'e.json: duplicate variable refreshToken (variables #1 and #3); keep only one of them',
    );
  });

  it('accepts distinct keys, disabled ones included', () => {
    const data = { values: [{ key: 'a', enabled: false }, { key: 'b' }] };
    expect(validateEnvironment('e.json', data)).toBe(data);
  });
});

describe('byte-order mark', () => {
  const json = '{"values":[{"key":"clientId","value":"c"}]}\n';

  it('is accepted and stripped from the text; the file remembers it', () => {
    const env = parseEnvironmentText('e.json', BOM + json);
    expect(env.text).toBe(json);
    expect(env.bom).toBe(true);
    expect(getVar(env.data, 'clientId')).toBe('c');
  });

  it('a file without one has no bom flag', () => {
    expect(parseEnvironmentText('e.json', json).bom).toBeUndefined();
  });

  it('readEnvironmentFile reads a file that starts with one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-store-'));
    try {
      const file = path.join(dir, 'e.json');
      fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]));
      const env = readEnvironmentFile(file);
      expect(env).toMatchObject({ path: file, text: json, bom: true, data: JSON.parse(json) });
      expect(env.raw?.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('malformed JSON after one is still malformed JSON', () => {
    expect(thrown(() => parseEnvironmentText('e.json', `${BOM}{"values": [`)).message).toMatch(
      /^e\.json: malformed JSON/,
    );
  });
});

describe('enabled variables', () => {
  const data = {
    values: [
      { key: 'a', value: '1' },
      { key: 'b', value: '2', enabled: false },
      { key: 'c', value: null, enabled: true },
    ],
  };
  it('varMap and getVar ignore disabled ones', () => {
    expect(varMap(data)).toEqual({ a: '1', c: '' });
    expect(getVar(data, 'b')).toBe('');
  });
  it('enabledOnly leaves out disabled ones and keeps the rest of the file', () => {
    const out = enabledOnly({ ...data, name: 'n' });
    expect(out).toEqual({ name: 'n', values: [data.values[0], data.values[2]] });
    expect(data.values).toHaveLength(3);
  });
});

describe('a member named twice in one object (#29): JSON.parse reads the last, a save writes the first', () => {
  const variable = (fields: string) => `{${fields}, "type": "secret", "enabled": true}`;
  it.each([
    [
      '"values" twice',
      `{\n  "values": [${variable('"key": "refreshToken", "value": "stale-one"')}],\n  "values": [${variable('"key": "refreshToken", "value": "live-one"')}]\n}\n`,
      /^e\.json: duplicate member "values" at line 3, column 3 \(first at line 2, column 3\); keep only one$/,
    ],
    [
      '"value" twice in a variable',
      `{\n  "values": [\n    {"key": "refreshToken", "value": "stale-one", "value": "live-one"}\n  ]\n}\n`,
      /^e\.json: duplicate member "value" at line 3, column 51 \(first at line 3, column 29\); keep only one$/,
    ],
    [
      '"key" twice in a variable',
      `{"values": [{"key": "refreshToken", "value": "live-one", "key": "other"}]}`,
      /^e\.json: duplicate member "key" at line 1, column 58 \(first at line 1, column 14\); keep only one$/,
    ],
  ])('%s: BAD_FILE naming the member and where, never a value', (_name, text, message) => {
    const err = thrown(() => parseEnvironmentText('e.json', text));
    expect([err.code, err.exitCode]).toEqual(['BAD_FILE', 2]);
    expect(err.message).toMatch(message);
    expect(err.message).not.toMatch(/stale-one|live-one|other/);
  });
});

describe('malformed JSON (#29): the position, never the content', () => {
  it('an unquoted token is not quoted back', () => {
    const secret = 'eyJhbGciOiJSUzI1NiJ9.c2VjcmV0.c2ln';
    const err = thrown(() =>
      parseEnvironmentText(
        'e.json',
        `{\n  "values": [\n    {"key": "refreshToken", "value": ${secret}}\n  ]\n}`,
      ),
    );
    expect(err.message).toBe('e.json: malformed JSON at line 3, column 38: unexpected character');
  });

  it('two byte-order marks: one line naming the second one', () => {
    const err = thrown(() => parseEnvironmentText('e.json', `${BOM}${BOM}{\n  "values": []\n}\n`));
    expect(err.message).toBe(
      'e.json: malformed JSON at line 1, column 1: a byte-order mark (U+FEFF) inside the JSON: keep at most one, at the start',
    );
  });
});
