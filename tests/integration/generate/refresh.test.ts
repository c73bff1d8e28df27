/**
 * The collection pre-request script's auto-refresh, on the committed collection and prod
 * environment, against nock on ANAF's real hosts.
 */
import nock from 'nock';
import { entry } from '../../helpers/checked';
import {
  API,
  basicHeader,
  committedCollection,
  HELLO_PATH,
  jwt,
  nowSeconds,
  OAUTH,
  prodEnvironment,
  refreshForm,
  requestId,
  runNewman,
  TOKEN_PATH,
} from './helpers';
import { useStrictNock } from './nock-setup';

useStrictNock();

const collection = committedCollection();
const hello = requestId(collection, 'OAuth 2.0', 'TestOauth hello');
const DAY = 86400;
const HELLO_URL = `GET ${API}${HELLO_PATH}?name=anaf-postman`;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** The token endpoint, expecting exactly the refresh form with the Basic header. */
function tokenEndpoint(refreshToken: string) {
  return nock(OAUTH, {
    reqheaders: {
      authorization: basicHeader(),
      'content-type': /^application\/x-www-form-urlencoded/,
    },
  }).post(TOKEN_PATH, refreshForm(refreshToken));
}

/** The hello call, expecting exactly this bearer. */
function helloWith(accessToken: string) {
  return nock(API, { reqheaders: { authorization: `Bearer ${accessToken}` } })
    .get(HELLO_PATH)
    .query({ name: 'anaf-postman' })
    .reply(200, 'Hello, "anaf-postman"');
}

describe('auto-refresh with JWTs', () => {
  it('refreshes an expired access token once, saves the rotated pair, then calls with the new bearer', async () => {
    const old = { access: jwt(nowSeconds() - 60, 'a1'), refresh: jwt(nowSeconds() + 200 * DAY, 'r1') };
    const exp = { access: nowSeconds() + 90 * DAY, refresh: nowSeconds() + 365 * DAY };
    const fresh = { access: jwt(exp.access, 'a2'), refresh: jwt(exp.refresh, 'r2') };
    tokenEndpoint(old.refresh).once().reply(200, {
      access_token: fresh.access,
      refresh_token: fresh.refresh,
      token_type: 'Bearer',
      expires_in: 7776000,
    });
    helloWith(fresh.access);

    const run = await runNewman({
      collection,
      environment: prodEnvironment({ accessToken: old.access, refreshToken: old.refresh }),
      folder: hello,
    });

    expect(run.failures).toEqual([]);
    expect(run.sent).toEqual([`POST ${OAUTH}${TOKEN_PATH}`, HELLO_URL]);
    expect(run.env).toMatchObject({
      accessToken: fresh.access,
      refreshToken: fresh.refresh,
      accessTokenExpiresAt: iso(exp.access),
      refreshTokenExpiresAt: iso(exp.refresh),
    });
    expect(run.console.some((l) => l.startsWith('info: access token refreshed'))).toBe(true);
  });

  it('sends a valid access token as it is, without refreshing', async () => {
    const access = jwt(nowSeconds() + 30 * DAY);
    const refresh = jwt(nowSeconds() + 300 * DAY);
    helloWith(access);

    const run = await runNewman({
      collection,
      environment: prodEnvironment({ accessToken: access, refreshToken: refresh }),
      folder: hello,
    });

    expect(run.failures).toEqual([]);
    expect(run.env.accessToken).toBe(access);
    expect(run.env.refreshToken).toBe(refresh);
  });

  it('refreshes within tokenRefreshSkewSeconds of the expiry, and not with a smaller skew', async () => {
    const access = jwt(nowSeconds() + 120);
    const refresh = jwt(nowSeconds() + 300 * DAY);
    const fresh = jwt(nowSeconds() + 90 * DAY, 'a2');
    tokenEndpoint(refresh).reply(200, { access_token: fresh, token_type: 'Bearer', expires_in: 7776000 });
    helloWith(fresh);
    const due = await runNewman({
      collection,
      environment: prodEnvironment({ accessToken: access, refreshToken: refresh }),
      folder: hello,
    });
    expect(due.failures).toEqual([]);
    expect(due.env.accessToken).toBe(fresh);

    helloWith(access);
    const notDue = await runNewman({
      collection,
      environment: prodEnvironment({
        accessToken: access,
        refreshToken: refresh,
        tokenRefreshSkewSeconds: '60',
      }),
      folder: hello,
    });
    expect(notDue.failures).toEqual([]);
    expect(notDue.env.accessToken).toBe(access);
  });

  it('keeps the old refresh token and its expiry when the answer has no refresh_token', async () => {
    const refresh = jwt(nowSeconds() + 200 * DAY, 'r1');
    const refreshExpiresAt = iso(nowSeconds() + 200 * DAY);
    const fresh = jwt(nowSeconds() + 90 * DAY, 'a2');
    tokenEndpoint(refresh).reply(200, { access_token: fresh, token_type: 'Bearer', expires_in: 7776000 });
    helloWith(fresh);

    const run = await runNewman({
      collection,
      environment: prodEnvironment({
        accessToken: jwt(nowSeconds() - 5),
        refreshToken: refresh,
        refreshTokenExpiresAt: refreshExpiresAt,
      }),
      folder: hello,
    });

    expect(run.failures).toEqual([]);
    expect(run.env.accessToken).toBe(fresh);
    expect(run.env.refreshToken).toBe(refresh);
    expect(run.env.refreshTokenExpiresAt).toBe(refreshExpiresAt);
    expect(run.console).toContain('info: ANAF sent no new refresh token: the current one stays');
  });

  it('refreshes when only a refresh token is stored', async () => {
    const refresh = jwt(nowSeconds() + 200 * DAY);
    const fresh = jwt(nowSeconds() + 90 * DAY, 'a2');
    tokenEndpoint(refresh).reply(200, { access_token: fresh, refresh_token: jwt(nowSeconds() + 365 * DAY) });
    helloWith(fresh);

    const run = await runNewman({
      collection,
      environment: prodEnvironment({ refreshToken: refresh }),
      folder: hello,
    });

    expect(run.failures).toEqual([]);
    expect(run.env.accessToken).toBe(fresh);
  });

  it('warns once on the console when the refresh token expires within 30 days', async () => {
    const access = jwt(nowSeconds() + 30 * DAY);
    helloWith(access);
    const run = await runNewman({
      collection,
      environment: prodEnvironment({ accessToken: access, refreshToken: jwt(nowSeconds() + 10 * DAY) }),
      folder: hello,
    });
    expect(run.failures).toEqual([]);
    expect(
      run.console.filter((l) => l.startsWith('warn: the refresh token expires in less than 30 days')),
    ).toHaveLength(1);
  });
});

describe('auto-refresh with opaque tokens', () => {
  const opaque = (c: string) => c.repeat(64);

  it('uses accessTokenExpiresAt, then stores the expiry from expires_in', async () => {
    const fresh = opaque('b');
    tokenEndpoint(opaque('r')).reply(200, {
      access_token: fresh,
      refresh_token: opaque('s'),
      token_type: 'Bearer',
      expires_in: 3600,
    });
    helloWith(fresh);

    const before = Date.now();
    const run = await runNewman({
      collection,
      environment: prodEnvironment({
        accessToken: opaque('a'),
        accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString(),
        refreshToken: opaque('r'),
        refreshTokenExpiresAt: new Date(Date.now() + 100 * DAY * 1000).toISOString(),
      }),
      folder: hello,
    });

    expect(run.failures).toEqual([]);
    expect(run.env.accessToken).toBe(fresh);
    expect(run.env.refreshToken).toBe(opaque('s'));
    const expiresAt = Date.parse(entry(run.env, 'accessTokenExpiresAt'));
    expect(expiresAt).toBeGreaterThanOrEqual(before + 3600_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3600_000);
    expect(run.env.accessTokenExpiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // A new opaque refresh token's expiry is unknown: the old one no longer applies.
    expect(run.env.refreshTokenExpiresAt).toBe('');
  });

  it('does not refresh an opaque token whose accessTokenExpiresAt is far enough ahead', async () => {
    helloWith(opaque('a'));
    const run = await runNewman({
      collection,
      environment: prodEnvironment({
        accessToken: opaque('a'),
        accessTokenExpiresAt: new Date(Date.now() + DAY * 1000).toISOString(),
        refreshToken: opaque('r'),
      }),
      folder: hello,
    });
    expect(run.failures).toEqual([]);
  });

  it('refreshes an opaque token with no known expiry when a refresh token exists', async () => {
    tokenEndpoint(opaque('r')).reply(200, { access_token: opaque('b'), expires_in: 3600 });
    helloWith(opaque('b'));
    const run = await runNewman({
      collection,
      environment: prodEnvironment({ accessToken: opaque('a'), refreshToken: opaque('r') }),
      folder: hello,
    });
    expect(run.failures).toEqual([]);
    expect(run.env.refreshToken).toBe(opaque('r'));
  });

  it('sends an opaque token with no known expiry as it is when there is no refresh token', async () => {
    helloWith(opaque('a'));
    const run = await runNewman({
      collection,
      environment: prodEnvironment({ accessToken: opaque('a') }),
      folder: hello,
    });
    expect(run.failures).toEqual([]);
  });
});

describe('when the refresh cannot happen', () => {
  const stored = () => ({
    accessToken: jwt(nowSeconds() - 60, 'a1'),
    refreshToken: jwt(nowSeconds() + 200 * DAY, 'r1'),
    accessTokenExpiresAt: iso(nowSeconds() - 60),
    refreshTokenExpiresAt: iso(nowSeconds() + 200 * DAY),
  });

  /** Runs hello with an expired pair whose refresh is answered by `answer`; the API must not be called. */
  async function failedRefresh(answer: (scope: nock.Interceptor) => nock.Scope, timeoutRequest?: number) {
    const env = stored();
    answer(tokenEndpoint(env.refreshToken));
    const run = await runNewman({
      collection,
      environment: prodEnvironment(env),
      folder: hello,
      timeoutRequest,
    });
    expect(run.sent).toEqual([`POST ${OAUTH}${TOKEN_PATH}`]);
    expect(run.env).toMatchObject(env);
    return run;
  }

  const named = (run: { failures: { name: string }[] }) => run.failures.map((f) => f.name);

  it('invalid_grant: names ANAF error and description, changes nothing, sends nothing', async () => {
    const run = await failedRefresh((i) =>
      i.reply(400, { error: 'invalid_grant', error_description: 'Refresh token expired' }),
    );
    expect(named(run)).toEqual([
      'refresh failed: invalid_grant — Refresh token expired (HTTP 400); authorize again with the certificate',
    ]);
  });

  it('HTTP 500', async () => {
    const run = await failedRefresh((i) => i.reply(500, 'Internal Server Error'));
    expect(named(run)).toEqual(['refresh failed: HTTP 500']);
  });

  it('a timeout', async () => {
    const run = await failedRefresh((i) => i.delay(1500).reply(200, { access_token: 'late' }), 300);
    expect(named(run)).toContain('refresh failed: no answer from ANAF: ESOCKETTIMEDOUT');
  });

  it('a network error', async () => {
    const run = await failedRefresh((i) =>
      i.replyWithError({ code: 'ECONNRESET', message: 'socket hang up' }),
    );
    expect(named(run)).toContain('refresh failed: no answer from ANAF: ECONNRESET');
  });

  it('a 200 answer that is not JSON', async () => {
    const run = await failedRefresh((i) => i.reply(200, '<html>maintenance</html>'));
    expect(named(run)).toEqual(['refresh failed: answer is not JSON (HTTP 200)']);
  });

  it('a JSON answer without access_token', async () => {
    const run = await failedRefresh((i) => i.reply(200, { token_type: 'Bearer', expires_in: 3600 }));
    expect(named(run)).toEqual(['refresh failed: the answer has no access_token']);
  });

  it('no tokens at all: "authorize first", nothing sent', async () => {
    const run = await runNewman({ collection, environment: prodEnvironment(), folder: hello });
    expect(run.sent).toEqual([]);
    expect(named(run)).toEqual([
      'authorize first: no access token and no refresh token; run `anaf-postman login` or use Get New Access Token',
    ]);
  });

  it('an expired access token and no refresh token: "authorize again", nothing sent', async () => {
    const run = await runNewman({
      collection,
      environment: prodEnvironment({ accessToken: jwt(nowSeconds() - 1) }),
      folder: hello,
    });
    expect(run.sent).toEqual([]);
    expect(named(run)).toEqual(['authorize again: the access token expired and there is no refresh token']);
  });
});

describe('requests with their own auth never trigger a refresh', () => {
  it('the code exchange (Basic client auth) with an expired access token sends only itself', async () => {
    const fresh = jwt(nowSeconds() + 90 * DAY, 'a2');
    nock(OAUTH, { reqheaders: { authorization: basicHeader() } })
      .post(TOKEN_PATH, {
        grant_type: 'authorization_code',
        code: 'the-code',
        redirect_uri: 'https://oauth.pstmn.io/v1/callback',
        token_content_type: 'jwt',
      })
      .reply(200, {
        access_token: fresh,
        refresh_token: jwt(nowSeconds() + 365 * DAY),
        token_type: 'Bearer',
      });
    const run = await runNewman({
      collection,
      environment: prodEnvironment({
        accessToken: jwt(nowSeconds() - 60),
        refreshToken: jwt(nowSeconds() + 100 * DAY),
        authorizationCode: 'the-code',
      }),
      folder: requestId(collection, 'OAuth 2.0', 'Exchange authorization code'),
    });
    expect(run.failures).toEqual([]);
    expect(run.env.accessToken).toBe(fresh);
  });

  it('the authorize step (no auth) sends nothing and prints the URL from the variables', async () => {
    const run = await runNewman({
      collection,
      environment: prodEnvironment({
        accessToken: jwt(nowSeconds() - 60),
        refreshToken: jwt(nowSeconds() + DAY),
      }),
      folder: requestId(collection, 'OAuth 2.0', 'Authorize (browser step)'),
    });
    expect(run.failures).toEqual([]);
    expect(run.sent).toEqual([]);
    // Nothing was checked: no assertion passes for it in a run (#27).
    expect(run.assertions).toEqual([]);
    expect(run.console).toContain(
      'info: authorize is a browser step (qualified certificate): open this URL in the browser that holds the certificate: ' +
        'https://logincert.anaf.ro/anaf-oauth2/v1/authorize?client_id=test-client-id&response_type=code' +
        '&redirect_uri=https%3A%2F%2Foauth.pstmn.io%2Fv1%2Fcallback&token_content_type=jwt',
    );
  });
});
