/** Environment files holding a secret or a token that other users can read: reported, never changed. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MOCK_DEMO_CLIENT } from '../../../src/anaf';
import type { RawEnvironment } from '../../../src/store';
import { exposedMode, exposedWarning, holdsSecret } from '../../../src/store/exposure';

const env = (...values: RawEnvironment['values']): RawEnvironment => ({ values });

describe('holdsSecret', () => {
  it.each([
    ['nothing', false, env()],
    ['empty secrets', false, env({ key: 'clientSecret', value: '' }, { key: 'accessToken', value: null })],
    ['the mock demo client only', false, env({ key: 'clientSecret', value: MOCK_DEMO_CLIENT.clientSecret })],
    [
      'a client id and a cif: not secrets',
      false,
      env({ key: 'clientId', value: 'id' }, { key: 'cif', value: '1' }),
    ],
    ['a client secret', true, env({ key: 'clientSecret', value: 's' })],
    [
      'a refresh token, disabled: still in the file',
      true,
      env({ key: 'refreshToken', value: 'r', enabled: false }),
    ],
    ['an authorization code', true, env({ key: 'authorizationCode', value: 'c' })],
  ] as const)('%s → %s', (_label, expected, data) => {
    expect(holdsSecret(data)).toBe(expected);
  });
});

describe('exposedMode', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-exposure-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const token = env({ key: 'accessToken', value: 'eyJ.tok' });

  it.each([
    ['0600', 0o600, undefined],
    ['0400', 0o400, undefined],
    ['0644', 0o644, 0o644],
    ['0640', 0o640, 0o640],
    ['0602', 0o602, 0o602],
  ])(
    'mode %s with a token → its mode when group or others have access; the mode is kept',
    (_label, mode, expected) => {
      const file = path.join(dir, 'env.json');
      fs.writeFileSync(file, '{}');
      fs.chmodSync(file, mode);
      expect(exposedMode(file, token)).toBe(expected);
      expect(fs.statSync(file).mode & 0o777).toBe(mode);
    },
  );

  it('no secret, or no file: nothing to say', () => {
    const file = path.join(dir, 'env.json');
    fs.writeFileSync(file, '{}', { mode: 0o644 });
    expect(exposedMode(file, env())).toBeUndefined();
    expect(exposedMode(path.join(dir, 'absent.json'), token)).toBeUndefined();
  });

  it('the warning names the file and the mode in octal, never a value', () => {
    expect(exposedWarning('environments/x.json', 0o644)).toBe(
      'environments/x.json holds a secret or a token and is open to other users (mode 0644); chmod 600 it',
    );
  });
});
