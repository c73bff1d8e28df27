import {
  applyUpdates,
  effectiveUpdates,
  environmentText,
  POSTMAN_FORMAT,
  textFormat,
} from '../../../src/store/update';
import type { RawEnvironment } from '../../../src/store/environment-file';
import { at } from '../../helpers/checked';

const BOM = '\uFEFF';

const env = (): RawEnvironment => ({
  id: 'e1',
  name: 'ANAF',
  values: [
    { key: 'clientId', value: 'c', type: 'default', enabled: true },
    { key: 'refreshToken', value: 'old', type: 'secret', enabled: true, description: 'kept' },
    { key: 'accessToken', value: 'stale', type: 'secret', enabled: false },
  ],
  _postman_variable_scope: 'environment',
});

describe('environmentText keeps the layout of the original text', () => {
  const data = env();
  it.each<[string, string | number]>([
    ['2 spaces', 2],
    ['4 spaces', 4],
    ['a tab', '\t'],
  ])('indentation: %s', (_n, indent) => {
    const original = `${JSON.stringify(data, null, indent)}\n`;
    expect(environmentText(data, original)).toBe(original);
    const changed = applyUpdates(data, { clientId: 'd' });
    expect(environmentText(changed, original)).toBe(`${JSON.stringify(changed, null, indent)}\n`);
  });

  it('CRLF line endings, with and without a final newline', () => {
    const crlf = JSON.stringify(data, null, 4).replace(/\n/g, '\r\n');
    for (const original of [`${crlf}\r\n`, crlf]) {
      expect(environmentText(data, original)).toBe(original);
      const out = environmentText(applyUpdates(data, { clientId: 'd' }), original);
      expect(out).not.toMatch(/[^\r]\n/);
      expect(out).toContain('"clientId",\r\n            "value": "d"');
      expect(out.endsWith('}\r\n')).toBe(original.endsWith('\r\n'));
    }
  });

  it('no final newline stays without one; LF stays LF', () => {
    const original = JSON.stringify(data, null, 2);
    const out = environmentText(applyUpdates(data, { clientId: 'd' }), original);
    expect(out.endsWith('}')).toBe(true);
    expect(out).not.toContain('\r');
  });

  it('mixed line endings are written as LF', () => {
    const original = `${JSON.stringify(data, null, 2)}\r\n`;
    expect(textFormat(original)).toMatchObject({ eol: '\n', trailing: '\r\n' });
  });

  it('minified JSON on one line stays on one line', () => {
    const original = JSON.stringify(data);
    expect(environmentText(data, original)).toBe(original);
  });

  it('a byte-order mark is kept', () => {
    const original = `${BOM}${JSON.stringify(data, null, '\t').replace(/\n/g, '\r\n')}\r\n`;
    const out = environmentText(data, original);
    expect(out).toBe(original);
    expect(textFormat(original)).toEqual({ bom: true, indent: '\t', eol: '\r\n', trailing: '\r\n' });
  });

  it("without an original: Postman's own layout (2 spaces, LF, final newline)", () => {
    expect(environmentText(data)).toBe(`${JSON.stringify(data, null, 2)}\n`);
    expect(textFormat(environmentText(data))).toEqual(POSTMAN_FORMAT);
  });

  it('is pure: the input is not modified', () => {
    const before = JSON.stringify(data);
    environmentText(data, '{}');
    expect(JSON.stringify(data)).toBe(before);
  });
});

describe('applyUpdates', () => {
  it('keeps position, type and unknown fields; appends new variables typed by the contract', () => {
    const out = applyUpdates(env(), { refreshToken: 'new', cif: '123', authorizationCode: 'x' });
    expect(out.values.map((v) => v.key)).toEqual([
      'clientId',
      'refreshToken',
      'accessToken',
      'cif',
      'authorizationCode',
    ]);
    expect(out.values[1]).toEqual({
      key: 'refreshToken',
      value: 'new',
      type: 'secret',
      enabled: true,
      description: 'kept',
    });
    expect(out.values[3]).toMatchObject({ type: 'default', enabled: true });
    expect(out.values[4]).toMatchObject({ type: 'secret', enabled: true });
    expect(out._postman_variable_scope).toBe('environment');
  });

  it('a disabled variable that receives a value is enabled, so the next run reads it', () => {
    const out = applyUpdates(env(), { accessToken: 'fresh' });
    expect(out.values[2]).toEqual({ key: 'accessToken', value: 'fresh', type: 'secret', enabled: true });
  });

  it('a disabled variable that receives nothing stays disabled', () => {
    expect(at(applyUpdates(env(), { clientId: 'd' }).values, 2).enabled).toBe(false);
  });
});

describe('effectiveUpdates', () => {
  it('drops values already there; keeps new, different, and disabled ones', () => {
    expect(
      effectiveUpdates(env(), { clientId: 'c', refreshToken: 'new', accessToken: 'stale', cif: '' }),
    ).toEqual({ refreshToken: 'new', accessToken: 'stale', cif: '' });
    expect(effectiveUpdates(env(), {})).toEqual({});
  });

  it('compares values as text (a number 5 equals "5")', () => {
    const data: RawEnvironment = { values: [{ key: 'listDays', value: 5 }] };
    expect(effectiveUpdates(data, { listDays: '5' })).toEqual({});
  });
});
