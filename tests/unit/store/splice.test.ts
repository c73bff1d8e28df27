/**
 * Issue #13 item 11: a save changes the bytes of the changed values and nothing else (invalid
 * UTF-8, big numbers, `1.10`, layout), and item 10/1: files nested too deep or in UTF-16 are refused.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readEnvironmentFile, saveUpdates, POSTMAN_FORMAT } from '../../../src/store';
import { spliceUpdates } from '../../../src/store/splice';
import { jsonTextProblem, MAX_JSON_DEPTH } from '../../../src/store/json-text';
import { entry } from '../../helpers/checked';
import { rejection } from '../../helpers/errors';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-splice-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const head = Buffer.from('{\n  "id": "e1",\n  "name": "caf');
const invalidUtf8 = Buffer.from([0xc3, 0x28, 0xff]); // not UTF-8: would become U+FFFD if re-encoded
const rest = Buffer.from(
  '",\n  "big": 12345678901234567890123,\n  "ratio": 1.10,\n  "values": [\n' +
    '    { "key": "refreshToken", "value": "old", "type": "secret", "enabled": true },\n' +
    '    {"key":"accessToken","value":"a-old","enabled":false, "n": 1.10}\n' +
    '  ]\n}\n',
);

describe('saveUpdates splices values into the original bytes', () => {
  it('keeps invalid UTF-8, big numbers and 1.10 byte for byte; only the values change', async () => {
    const file = path.join(dir, 'e.json');
    fs.writeFileSync(file, Buffer.concat([head, invalidUtf8, rest]));
    const env = readEnvironmentFile(file);
    await saveUpdates(env, { refreshToken: 'new "rt" \\ ț', accessToken: 'a-new', clientId: 'c1' });
    const after = fs.readFileSync(file);
    // Everything before the first value is the same bytes, the invalid sequence included.
    expect(after.subarray(0, head.length + invalidUtf8.length)).toEqual(Buffer.concat([head, invalidUtf8]));
    const text = after.toString('latin1');
    expect(text).toContain('"big": 12345678901234567890123,');
    expect(text).toContain('"ratio": 1.10,');
    expect(text).toContain('"n": 1.10}');
    const data = JSON.parse(after.toString('utf8')) as {
      values: { key: string; value: string; enabled: boolean }[];
    };
    const byKey = Object.fromEntries(data.values.map((v) => [v.key, v]));
    expect(entry(byKey, 'refreshToken').value).toBe('new "rt" \\ ț');
    expect(byKey.accessToken).toMatchObject({ value: 'a-new', enabled: true });
    expect(byKey.clientId).toMatchObject({ value: 'c1', type: 'default', enabled: true });
    // The replaced line keeps its own layout.
    expect(after.toString('utf8')).toContain(
      '{ "key": "refreshToken", "value": "new \\"rt\\" \\\\ ț", "type": "secret", "enabled": true }',
    );
  });

  it('keeps a byte-order mark and CRLF line endings', async () => {
    const file = path.join(dir, 'e.json');
    const original =
      '\uFEFF{\r\n  "values": [\r\n    {\r\n      "key": "accessToken",\r\n      "value": "a"\r\n    }\r\n  ]\r\n}\r\n';
    fs.writeFileSync(file, original);
    await saveUpdates(readEnvironmentFile(file), { accessToken: 'b' });
    expect(fs.readFileSync(file, 'utf8')).toBe(original.replace('"value": "a"', '"value": "b"'));
  });
});

describe('JSON files we refuse before anything is sent', () => {
  it('nesting deeper than the limit is a bad file, not a stack overflow after the token POST', async () => {
    const file = path.join(dir, 'deep.json');
    const deep = `${'['.repeat(6000)}${']'.repeat(6000)}`;
    fs.writeFileSync(file, `{"values":[{"key":"x","value":"y","extra":${deep}}]}`);
    const err = await rejection(Promise.resolve().then(() => readEnvironmentFile(file)));
    expect([err.code, err.exitCode]).toEqual(['BAD_FILE', 2]);
    expect(err.message).toContain(`nested deeper than ${MAX_JSON_DEPTH} levels`);
  });

  it('brackets inside strings do not count', () => {
    expect(jsonTextProblem(JSON.stringify({ s: '['.repeat(500) }))).toBeUndefined();
  });

  it('a UTF-16 file (NUL bytes) is a bad file naming the encoding', async () => {
    const file = path.join(dir, 'utf16.json');
    fs.writeFileSync(file, Buffer.from('\uFEFF{"values":[]}\n', 'utf16le'));
    const err = await rejection(Promise.resolve().then(() => readEnvironmentFile(file)));
    expect(err.code).toBe('BAD_FILE');
    expect(err.message).toMatch(/UTF-16.*UTF-8/);
  });
});

describe('the writer agrees with the reader on a member named twice (#29)', () => {
  it('spliceUpdates does not splice into the first of two "value" members: the caller re-serialises', () => {
    const raw = Buffer.from('{"values":[{"key":"refreshToken","value":"first","value":"last"}]}');
    expect(spliceUpdates(raw, { refreshToken: 'new' }, POSTMAN_FORMAT)).toBeUndefined();
  });

  it('nor into the first of two "values" arrays', () => {
    const raw = Buffer.from(
      '{"values":[{"key":"refreshToken","value":"a"}],"values":[{"key":"refreshToken","value":"b"}]}',
    );
    expect(spliceUpdates(raw, { refreshToken: 'new' }, POSTMAN_FORMAT)).toBeUndefined();
  });

  it('the reader refuses such a file before any save', async () => {
    const file = path.join(dir, 'e.json');
    fs.writeFileSync(file, '{"values":[{"key":"refreshToken","key":"accessToken","value":"v"}]}');
    const err = await rejection(Promise.resolve().then(() => readEnvironmentFile(file)));
    expect([err.code, err.exitCode]).toEqual(['BAD_FILE', 2]);
    expect(err.message).toMatch(/duplicate member "key" at line 1, column 34/);
  });
});
