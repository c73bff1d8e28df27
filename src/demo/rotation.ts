/**
 * The second part of the demo: an access token that really expires, the collection's pre-request
 * script refreshing and rotating it, and the mock refusing the rotated-away refresh token.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ACCESS_TOKEN_LIFETIME_SECONDS, MOCK_DEMO_CLIENT, Paths, RunVar, Var } from '../anaf';
import type { MockServer } from '../mock';
import { itemStep } from './checks';
import type { Values } from './environment';
import { loadCommittedCollection, runItems, type ItemOutcome } from './newman-items';
import { tokenLabel } from './redact';
import { find, type Steps } from './steps';

/** Decoded `exp` (ms) of a JWT, or undefined (also when there is no token). */
function jwtExpiryMs(token: string | undefined): number | undefined {
  if (token === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** The Basic header of the mock's public demo client (not a secret: it is committed). */
function basicDemoClient(): string {
  return `Basic ${Buffer.from(`${MOCK_DEMO_CLIENT.clientId}:${MOCK_DEMO_CLIENT.clientSecret}`).toString('base64')}`;
}

/**
 * Re-issues the pair through the collection's own refresh request while the mock hands out
 * short-lived access tokens, so the next step has a token that really expires.
 */
export async function shortLivedToken(
  mock: MockServer,
  steps: Steps,
  values: Values,
  ttlSeconds: number,
  timeoutMs: number,
): Promise<Values> {
  mock.setOptions({ accessTtlSeconds: ttlSeconds });
  let run;
  try {
    // The pair is still valid: only forceRefresh makes the explicit refresh request go.
    run = await runItems(loadCommittedCollection(), ['oauth.refresh'], values, timeoutMs, {
      [RunVar.forceRefresh]: 'true',
    });
  } finally {
    // Only this token is short-lived: the ones the auto-refresh gets later live the usual 90 days.
    mock.setOptions({ accessTtlSeconds: ACCESS_TOKEN_LIFETIME_SECONDS });
  }
  const expiry = jwtExpiryMs(run.values[Var.accessToken]);
  steps.add(
    itemStep(
      `Refresh access token (mock now issues ${ttlSeconds} s access tokens)`,
      find(run.items, 'oauth.refresh'),
      `access ${tokenLabel(run.values[Var.accessToken])} expires ${expiry ? new Date(expiry).toISOString() : '?'}`,
    ),
  );
  return run.values;
}

/** Waits until the access token has expired, and shows the API refusing it. */
export async function expiry(mock: MockServer, steps: Steps, values: Values): Promise<void> {
  const token = values[Var.accessToken];
  await steps.timed('wait until the access token has expired', async () => {
    const expiresAt = jwtExpiryMs(token);
    if (expiresAt === undefined) throw new Error('the access token is not a JWT with exp');
    // `exp` is in whole seconds, rounded down, while the server may count the lifetime to the
    // millisecond: wait a second past it so every server agrees the token is dead.
    await sleep(Math.max(0, expiresAt - Date.now()) + 1000);
    return `expired at ${new Date(expiresAt).toISOString()}`;
  });
  await steps.timed('the expired access token is refused by the API', async () => {
    const res = await fetch(`${mock.url}${Paths.hello}?name=demo`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const body = (await res.json().catch(() => ({}))) as { message?: unknown };
    if (res.status !== 401) throw new Error(`expected 401, got ${res.status}`);
    return `401 ${typeof body.message === 'string' ? body.message : ''}`.trim();
  });
}

/** Why the auto-refresh step failed, for the one-line reason. */
function noRefreshReason(hello: ItemOutcome | undefined): string {
  const request = hello?.scriptRequests.find((r) => r.path === Paths.token);
  const answer = request ? `token endpoint answered ${request.status ?? request.error}` : 'no token request';
  const failed = hello?.assertions.filter((a) => !a.passed).map((a) => a.name) ?? [];
  return `no refresh with rotation happened (${answer}; ${failed.join('; ') || 'no failed test'})`;
}

/**
 * Runs hello with the expired token: the collection's pre-request script must refresh once and
 * rotate the pair; then the old refresh token must be refused.
 */
export async function autoRefresh(
  mock: MockServer,
  steps: Steps,
  values: Values,
  timeoutMs: number,
): Promise<void> {
  const old = { access: values[Var.accessToken], refresh: values[Var.refreshToken] };
  const grantsBefore = mock.requests(Paths.token).length;
  const run = await runItems(loadCommittedCollection(), ['oauth.hello'], values, timeoutMs);
  const hello = find(run.items, 'oauth.hello');
  const request = hello?.scriptRequests.find((r) => r.path === Paths.token);
  const fresh = { access: run.values[Var.accessToken], refresh: run.values[Var.refreshToken] };
  // Exactly one refresh_token grant reached the mock, and both tokens changed.
  const grants = mock.requests(Paths.token).slice(grantsBefore);
  const grant = grants.length === 1 ? grants[0] : undefined;
  const ok =
    request?.status === 200 &&
    grant !== undefined &&
    new URLSearchParams(grant.body).get('grant_type') === 'refresh_token' &&
    fresh.access !== old.access &&
    fresh.refresh !== '' &&
    fresh.refresh !== old.refresh;
  steps.add({
    name: 'auto-refresh by the collection pre-request script',
    ok,
    detail: ok
      ? `refresh_token grant 200 · new access ${tokenLabel(fresh.access)} · ` +
        `refresh token rotated to ${tokenLabel(fresh.refresh)}`
      : noRefreshReason(hello),
    ms: request?.ms ?? 0,
  });
  steps.add(
    itemStep('TestOauth hello with the refreshed access token', hello, `Bearer ${tokenLabel(fresh.access)}`),
  );
  await steps.timed('the old refresh token is rejected after rotation', async () => {
    const oldRefresh = old.refresh;
    if (oldRefresh === undefined) throw new Error('there was no refresh token before the run');
    const res = await fetch(`${mock.url}${Paths.token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basicDemoClient() },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: oldRefresh }).toString(),
    });
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    if (res.status !== 400 || body.error !== 'invalid_grant') {
      throw new Error(`expected 400 invalid_grant, got ${res.status} ${body.error ?? ''}`.trim());
    }
    return `400 invalid_grant for ${tokenLabel(oldRefresh)}`;
  });
}
