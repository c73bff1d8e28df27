/**
 * The committed collection in the Postman app's engine: postman-runtime with its sandbox runs the
 * exchange, a call, an expired-token refresh and the authorize step against the mock, and every
 * request ends as it does in Newman (same requests sent or skipped, same assertions, same results).
 */
import fs from 'node:fs';
import path from 'node:path';
import { environmentVariables, POSTMAN_CALLBACK_URL, Var } from '../../../src/anaf';
import { stableId } from '../../../src/generate/ids';
import type { PostmanCollection, PostmanEnvironment } from '../../../src/generate';
import { startMock, type MockServer } from '../../../src/mock';
import { first } from '../../helpers/checked';
import { runInNewman, runInPostmanRuntime, type RunResult } from './engines';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const collection = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'collections', 'anaf.postman_collection.json'), 'utf8'),
) as PostmanCollection;
const id = (endpoint: string) => stableId('request', endpoint);

let mock: MockServer;
beforeAll(async () => {
  mock = await startMock({ port: 0 });
});
afterAll(async () => {
  await mock.close();
});

/** The mock environment, pointed at this test's mock, with `extra` values. */
function environment(extra: Record<string, string>): PostmanEnvironment {
  const values = environmentVariables('mock', { clientAuth: 'basic' }).map((v) => ({
    key: v.key,
    value: v.key.endsWith('BaseUrl') ? v.value.replace(/^http:\/\/127\.0\.0\.1:\d+/, mock.url) : v.value,
    type: v.type,
    enabled: true,
  }));
  for (const [key, value] of Object.entries(extra)) {
    const found = values.find((v) => v.key === key);
    if (found) found.value = value;
  }
  return { id: 'runtime-test', name: 'runtime test', values, _postman_variable_scope: 'environment' };
}

/** What must agree between the engines: per request, skipped or sent, and each assertion's result. */
const outcome = (run: RunResult) =>
  run.items.map(({ name, skipped, assertions }) => ({ name, skipped, assertions }));

/** Runs `ids` in both engines, each with a fresh environment from `env()`. */
async function both(ids: string[], env: () => Promise<PostmanEnvironment> | PostmanEnvironment) {
  const app = await runInPostmanRuntime(collection, await env(), ids);
  const newman = await runInNewman(collection, await env(), ids);
  return { app, newman };
}

describe('the collection in postman-runtime (the Postman app engine) and in Newman', () => {
  it('exchange then a call: tokens saved, hello answered, the same assertions in both', async () => {
    const { app, newman } = await both([id('oauth.exchange'), id('oauth.hello')], async () => {
      const { code } = await mock.authorize();
      return environment({ [Var.authorizationCode]: code ?? '' });
    });
    expect(outcome(app)).toEqual(outcome(newman));
    expect(app.items.map((i) => i.name)).toEqual(['Exchange authorization code', 'TestOauth hello']);
    for (const run of [app, newman]) {
      expect(run.items.every((i) => !i.skipped && i.assertions.length > 0)).toBe(true);
      expect(run.items.flatMap((i) => i.assertions).filter((a) => !a.passed)).toEqual([]);
      expect(run.values[Var.accessToken]).toMatch(/^eyJ/);
      expect(run.values[Var.refreshToken]).toMatch(/^eyJ/);
      expect(run.values[Var.authorizationCode]).toBe('');
    }
  });

  it('an expired access token is refreshed by the pre-request script, then the call passes', async () => {
    const expired = () => {
      const t = mock.issueTokens({ accessTtlSeconds: -60 });
      return environment({ [Var.accessToken]: t.access_token, [Var.refreshToken]: t.refresh_token });
    };
    const before = expired();
    const { app, newman } = await both([id('oauth.hello')], expired);
    expect(outcome(app)).toEqual(outcome(newman));
    expect(first(app.items).assertions.length).toBeGreaterThan(0);
    expect(first(app.items).assertions.every((a) => a.passed)).toBe(true);
    const oldAccess = before.values.find((v) => v.key === Var.accessToken)?.value;
    for (const run of [app, newman]) {
      expect(run.values[Var.accessToken]).toMatch(/^eyJ/);
      expect(run.values[Var.accessToken]).not.toBe(oldAccess);
      expect(run.values[Var.accessTokenExpiresAt]).toMatch(/^\d{4}-/);
    }
  });

  it('a refused code fails the exchange the same way in both engines (the comparison can fail)', async () => {
    const { app, newman } = await both([id('oauth.exchange')], () =>
      environment({ [Var.authorizationCode]: 'not-a-code' }),
    );
    expect(outcome(app)).toEqual(outcome(newman));
    expect(first(app.items).assertions.some((a) => !a.passed)).toBe(true);
  });

  it('the authorize step skips itself, runs no test (#27: it counted as a passed assertion) and visualizes the URL', async () => {
    const { app, newman } = await both([id('oauth.authorize')], () => environment({}));
    expect(outcome(app)).toEqual(outcome(newman));
    expect(app.items).toEqual([
      {
        name: 'Authorize (browser step)',
        skipped: true,
        assertions: [],
      },
    ]);
    expect(app.visualized).toHaveLength(1);
    const url = new URL(String(first(app.visualized).data.url));
    expect(`${url.origin}${url.pathname}`).toBe(`${mock.url}/anaf-oauth2/v1/authorize`);
    expect(url.searchParams.get('client_id')).toBe('anaf-postman-demo');
    expect(first(app.visualized).template).toContain('pm.getData');
    // The URL the app shows is one the mock accepts: its consent page, not an error page.
    const page = await fetch(url);
    expect(page.status).toBe(200);
  });

  it("the mock's demo client accepts Postman's callback, so Get New Access Token works on the mock", async () => {
    const ok = await mock.authorize({ redirectUri: POSTMAN_CALLBACK_URL });
    expect(ok.code).toEqual(expect.any(String));
    const refused = await fetch(
      `${mock.url}/anaf-oauth2/v1/authorize?client_id=anaf-postman-demo&response_type=code&redirect_uri=${encodeURIComponent('https://elsewhere.example/cb')}`,
    );
    expect(refused.status).toBe(400);
  });
});
