/**
 * A production-like environment for child processes (plain newman, bru, our CLI): the committed
 * prod environment with ANAF's real host names, each with the port of a local mock, and the preload
 * that resolves *.anaf.ro to 127.0.0.1. The scripts see ANAF production; nothing leaves loopback.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MOCK_DEMO_CLIENT } from '../../src/anaf';
import type { MockServer } from '../../src/mock';

const ROOT = path.resolve(__dirname, '..', '..');

/** `NODE_OPTIONS` that makes a child process resolve ANAF's names to loopback (and nothing else). */
export const ANAF_TO_LOOPBACK = { NODE_OPTIONS: `-r ${path.join(__dirname, 'anaf-to-loopback.js')}` };

/** The prod environment's base URLs, on plain http at the mock's port. */
export function prodLikeUrl(url: string, mock: MockServer): string {
  return url.replace(/https:\/\/((?:logincert|api)\.anaf\.ro)/g, `http://$1:${mock.port}`);
}

/**
 * The committed prod environment pointed at `mock` under ANAF's names, with the mock's demo client,
 * a valid token pair the mock issued and `values`; returns it as a Postman environment object.
 */
export function prodLikeEnvironment(
  mock: MockServer,
  values: Record<string, string> = {},
): { values: { key: string; value: string; type?: string; enabled?: boolean }[] } {
  const env = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'environments', 'anaf-prod.postman_environment.json'), 'utf8'),
  ) as { values: { key: string; value: string }[] };
  const tokens = mock.issueTokens();
  const filled: Record<string, string> = {
    clientId: MOCK_DEMO_CLIENT.clientId,
    clientSecret: MOCK_DEMO_CLIENT.clientSecret,
    redirectUri: MOCK_DEMO_CLIENT.redirectUri,
    cif: MOCK_DEMO_CLIENT.cif,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    ...values,
  };
  for (const v of env.values) {
    v.value = v.key in filled ? (filled[v.key] ?? '') : prodLikeUrl(v.value, mock);
  }
  return env;
}
