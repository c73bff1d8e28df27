/** The test scripts of the two token requests: shape checks, storing, clearing the code, named errors. */
import nock from 'nock';
import {
  basicHeader,
  committedCollection,
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
const exchange = requestId(collection, 'OAuth 2.0', 'Exchange authorization code');
const refresh = requestId(collection, 'OAuth 2.0', 'Refresh access token');
const DAY = 86400;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const exchangeForm = (code: string) => ({
  grant_type: 'authorization_code',
  code,
  redirect_uri: 'https://oauth.pstmn.io/v1/callback',
  token_content_type: 'jwt',
});

function tokenEndpoint(form: Record<string, string>) {
  return nock(OAUTH, { reqheaders: { authorization: basicHeader() } }).post(TOKEN_PATH, form);
}

describe('Exchange authorization code', () => {
  it('stores both tokens and expiries from the JWTs and clears the code', async () => {
    const exp = { access: nowSeconds() + 90 * DAY, refresh: nowSeconds() + 365 * DAY };
    const pair = { access: jwt(exp.access, 'a'), refresh: jwt(exp.refresh, 'r') };
    tokenEndpoint(exchangeForm('abc')).reply(200, {
      access_token: pair.access,
      refresh_token: pair.refresh,
      token_type: 'Bearer',
      expires_in: 7776000,
    });

    const run = await runNewman({
      collection,
      environment: prodEnvironment({ authorizationCode: 'abc' }),
      folder: exchange,
    });

    expect(run.failures).toEqual([]);
    expect(run.assertions.map((a) => [a.name, a.passed])).toEqual([
      ['status is 200', true],
      ['token response has access_token (and token_type Bearer, expires_in a number, when present)', true],
    ]);
    expect(run.env).toMatchObject({
      authorizationCode: '',
      accessToken: pair.access,
      refreshToken: pair.refresh,
      accessTokenExpiresAt: iso(exp.access),
      refreshTokenExpiresAt: iso(exp.refresh),
    });
  });

  it('names ANAF error on invalid_grant, keeps the tokens and clears the spent code', async () => {
    tokenEndpoint(exchangeForm('used')).reply(400, {
      error: 'invalid_grant',
      error_description: 'authorization code already used',
    });
    const tokens = {
      accessToken: jwt(nowSeconds() + DAY, 'a'),
      refreshToken: jwt(nowSeconds() + 9 * DAY, 'r'),
    };

    const run = await runNewman({
      collection,
      environment: prodEnvironment({ authorizationCode: 'used', ...tokens }),
      folder: exchange,
    });

    expect(run.failures.map((f) => f.name)).toEqual([
      'status is 200',
      'token request rejected: invalid_grant — authorization code already used (HTTP 400); authorize again with the certificate',
    ]);
    expect(run.env).toMatchObject({ ...tokens, authorizationCode: '' });
  });

  it('skips itself with a console note while authorizationCode is empty', async () => {
    const run = await runNewman({ collection, environment: prodEnvironment(), folder: exchange });
    expect(run.failures).toEqual([]);
    expect(run.sent).toEqual([]);
    expect(run.console).toEqual([
      'info: Exchange authorization code: skipped: no value yet for authorizationCode',
    ]);
  });
});

describe('Refresh access token', () => {
  it('stores the rotated pair', async () => {
    const old = jwt(nowSeconds() + 100 * DAY, 'old');
    const pair = { access: jwt(nowSeconds() + 90 * DAY, 'a'), refresh: jwt(nowSeconds() + 365 * DAY, 'r') };
    tokenEndpoint(refreshForm(old)).reply(200, { access_token: pair.access, refresh_token: pair.refresh });

    const run = await runNewman({
      collection,
      // Due: the access token expires within the refresh margin (300 s).
      environment: prodEnvironment({ accessToken: jwt(nowSeconds() + 60), refreshToken: old }),
      folder: refresh,
    });

    expect(run.failures).toEqual([]);
    expect(run.env).toMatchObject({ accessToken: pair.access, refreshToken: pair.refresh });
  });

  it('keeps the refresh token when the answer has none, and rejects a wrong token_type', async () => {
    const old = jwt(nowSeconds() + 100 * DAY, 'old');
    tokenEndpoint(refreshForm(old)).reply(200, { access_token: 'opaque', token_type: 'MAC', expires_in: 60 });

    const run = await runNewman({
      collection,
      environment: prodEnvironment({ refreshToken: old }),
      folder: refresh,
    });

    expect(run.failures.map((f) => [f.name, f.message])).toEqual([
      [
        'token response has access_token (and token_type Bearer, expires_in a number, when present)',
        'token_type: MAC',
      ],
    ]);
    expect(run.env.refreshToken).toBe(old);
  });

  it('names the error of a 401 invalid_client and changes nothing', async () => {
    const old = jwt(nowSeconds() + 100 * DAY, 'old');
    tokenEndpoint(refreshForm(old)).reply(401, { error: 'invalid_client', error_description: 'bad secret' });

    const run = await runNewman({
      collection,
      environment: prodEnvironment({ refreshToken: old }),
      folder: refresh,
    });

    expect(run.failures.map((f) => f.name)).toContain(
      'token request rejected: invalid_client — bad secret (HTTP 401)',
    );
    expect(run.env).toMatchObject({ refreshToken: old, accessToken: '' });
  });
});
