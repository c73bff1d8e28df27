/**
 * One token-rules module: the batch refresh (`tokenUpdates`) and the collection's script
 * (`anafStoreTokens`, as generated) must store the same expiries for every token answer. They once
 * disagreed on `expires_in: 0`.
 */
import vm from 'node:vm';
import { tokenUpdates, type TokenResponse } from '../../../src/tokens/tokens';
import { COLLECTION } from '../../helpers/env';
import fs from 'node:fs';

const NOW = Date.UTC(2025, 0, 2, 3, 4, 5);

function jwt(expSeconds: number): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ exp: expSeconds })}.sig`;
}

/** The generated collection-level script, run in a sandbox whose pm.environment records what is set. */
function scriptStore(body: TokenResponse): Record<string, string> {
  const collection = JSON.parse(fs.readFileSync(COLLECTION, 'utf8')) as {
    event: { listen: string; script: { exec: string[] } }[];
  };
  const source = collection.event.find((e) => e.listen === 'prerequest')!.script.exec.join('\n');
  const set: Record<string, string> = {};
  const pm = {
    environment: { set: (k: string, v: unknown) => (set[k] = String(v)) },
    variables: { get: () => undefined, set: () => undefined },
    request: { auth: { type: 'noauth' } }, // the auto-refresh returns at once: only the functions are wanted
  };
  const context = vm.createContext({
    pm,
    console,
    require: (name: string) => ({ atob, btoa })[name],
    Buffer,
  });
  vm.runInContext(source, context);
  vm.runInContext(`anafStoreTokens(${JSON.stringify(body)}, ${NOW})`, context);
  return set;
}

const cases: [string, TokenResponse][] = [
  ['expires_in: 0', { access_token: 'opaque-a', expires_in: 0 }],
  ['expires_in: "0"', { access_token: 'opaque-a', expires_in: '0' }],
  ['expires_in: 3600', { access_token: 'opaque-a', expires_in: 3600 }],
  ['expires_in: "3600"', { access_token: 'opaque-a', expires_in: '3600' }],
  ['expires_in: -5', { access_token: 'opaque-a', expires_in: -5 }],
  ['expires_in: ""', { access_token: 'opaque-a', expires_in: '' }],
  ['expires_in: "soon"', { access_token: 'opaque-a', expires_in: 'soon' }],
  ['no expires_in', { access_token: 'opaque-a' }],
  ['JWT exp wins over expires_in', { access_token: jwt(1_800_000_000), expires_in: 10 }],
  ['rotated opaque refresh, no lifetime', { access_token: 'a', refresh_token: 'opaque-r', expires_in: 60 }],
  [
    'rotated refresh with refresh_token_expires_in: 0',
    { access_token: 'a', refresh_token: 'opaque-r', refresh_token_expires_in: 0 },
  ],
  [
    'rotated refresh with refresh_expires_in',
    { access_token: 'a', refresh_token: 'r2', refresh_expires_in: 86400 },
  ],
  ['JWT refresh token', { access_token: 'a', refresh_token: jwt(1_900_000_000) }],
];

describe('token rules: batch refresh and collection script agree', () => {
  it.each(cases)('%s', (_name, body) => {
    expect(scriptStore(body)).toEqual(tokenUpdates(body, NOW));
  });

  it('expires_in: 0 is an expiry of now (already due), not "unknown"', () => {
    expect(tokenUpdates({ access_token: 'x', expires_in: 0 }, NOW).accessTokenExpiresAt).toBe(
      new Date(NOW).toISOString(),
    );
  });
});
