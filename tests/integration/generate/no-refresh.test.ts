/**
 * `noRefresh=true`, for engines that cannot save a rotated refresh token (the Postman CLI has no
 * `--export-environment`): nothing in the collection may refresh, so ANAF never rotates a token the
 * engine would then lose. On the committed collection, against nock on ANAF's real hosts (strict:
 * any token request would be an unexpected request and fail the test).
 */
import nock from 'nock';
import {
  API,
  committedCollection,
  HELLO_PATH,
  jwt,
  nowSeconds,
  prodEnvironment,
  requestId,
  runNewman,
} from './helpers';
import { useStrictNock } from './nock-setup';

useStrictNock();

const collection = committedCollection();
const hello = requestId(collection, 'OAuth 2.0', 'TestOauth hello');
const refresh = requestId(collection, 'OAuth 2.0', 'Refresh access token');
const DAY = 86400;
const HELLO_URL = `GET ${API}${HELLO_PATH}?name=anaf-postman`;
const refreshToken = jwt(nowSeconds() + 200 * DAY, 'r1');

/** The prod environment with `values`, and `noRefresh` as `--env-var noRefresh=…` would set it. */
function withNoRefresh(values: Record<string, string>, noRefresh = 'true') {
  const env = prodEnvironment(values);
  env.values.push({ key: 'noRefresh', value: noRefresh, type: 'default', enabled: true });
  return env;
}

function helloWith(accessToken: string) {
  return nock(API, { reqheaders: { authorization: `Bearer ${accessToken}` } })
    .get(HELLO_PATH)
    .query({ name: 'anaf-postman' })
    .reply(200, 'Hello, "anaf-postman"');
}

describe('noRefresh spellings (the Postman CLI users type 1 or yes as often as true)', () => {
  it.each(['1', 'yes', 'da', 'On'])('noRefresh=%s forbids the refresh like true', async (spelling) => {
    const run = await runNewman({
      collection,
      environment: withNoRefresh({ accessToken: jwt(nowSeconds() - 60, 'a1'), refreshToken }, spelling),
      folder: hello,
    });
    expect(run.sent).toEqual([]);
    expect(run.failures.map((f) => f.name)).toEqual([expect.stringMatching(/^no usable access token/)]);
  });

  it('an unknown spelling fails naming the variable and sends nothing (no guess, no refresh)', async () => {
    const run = await runNewman({
      collection,
      environment: withNoRefresh({ accessToken: jwt(nowSeconds() - 60, 'a1'), refreshToken }, 'ture'),
      folder: hello,
    });
    expect(run.sent).toEqual([]);
    expect(run.failures.map((f) => f.name)).toEqual([
      expect.stringMatching(/^noRefresh: not a yes\/no value/),
    ]);
    expect(run.env.refreshToken).toBe(refreshToken);
  });
});

describe('noRefresh=true', () => {
  it('an expired access token: the request fails, saying to refresh outside, and nothing is sent', async () => {
    const run = await runNewman({
      collection,
      environment: withNoRefresh({
        accessToken: jwt(nowSeconds() - 60, 'a1'),
        refreshToken,
      }),
      folder: hello,
    });
    expect(run.sent).toEqual([]);
    expect(run.failures.map((f) => f.name)).toEqual([
      expect.stringMatching(
        /^no usable access token \(none, or expired\) and noRefresh=true forbids refreshing it here .*anaf-postman refresh/,
      ),
    ]);
    expect(run.env.refreshToken).toBe(refreshToken);
  });

  it('no access token at all: the same failure, not a request without a bearer', async () => {
    const run = await runNewman({
      collection,
      environment: withNoRefresh({ accessToken: '', refreshToken }),
      folder: hello,
    });
    expect(run.sent).toEqual([]);
    expect(run.failures.map((f) => f.name)).toEqual([expect.stringMatching(/^no usable access token/)]);
  });

  it('an access token inside the refresh margin: sent as it is, with a note, no refresh', async () => {
    const access = jwt(nowSeconds() + 60, 'a1');
    helloWith(access);
    const run = await runNewman({
      collection,
      environment: withNoRefresh({ accessToken: access, refreshToken }, 'TRUE'),
      folder: hello,
    });
    expect(run.failures).toEqual([]);
    expect(run.sent).toEqual([HELLO_URL]);
    expect(run.console.some((l) => l.includes('not refreshed: noRefresh=true'))).toBe(true);
  });

  it('the explicit Refresh access token request skips itself, even outside anaf-postman run', async () => {
    const run = await runNewman({
      collection,
      environment: withNoRefresh({
        accessToken: jwt(nowSeconds() + 30 * DAY),
        refreshToken,
      }),
      folder: refresh,
    });
    expect(run.sent).toEqual([]);
    expect(run.failures).toEqual([]);
    expect(run.env.refreshToken).toBe(refreshToken);
  });

  it('without it, the same expired token is refreshed: the guard is what stops it', async () => {
    // One token, made once: two calls a second apart would make two different JWTs.
    const fresh = jwt(nowSeconds() + 90 * DAY, 'a2');
    nock('https://logincert.anaf.ro')
      .post('/anaf-oauth2/v1/token')
      .reply(200, { access_token: fresh, refresh_token: jwt(nowSeconds() + 365 * DAY, 'r2') });
    helloWith(fresh);
    const run = await runNewman({
      collection,
      environment: prodEnvironment({ accessToken: jwt(nowSeconds() - 60, 'a1'), refreshToken }),
      folder: hello,
    });
    expect(run.failures).toEqual([]);
    expect(run.sent[0]).toMatch(/^POST https:\/\/logincert\.anaf\.ro\/anaf-oauth2\/v1\/token$/);
  });
});
