import { ANAF_ROLES, Paths } from '../../../src/anaf';
import { startMock, type MockServer } from '../../../src/mock';
import { basic, call, decodeJwt, DEMO, form, login, tokenRequest, useMock, verifyJwt } from './helpers';

const mock = useMock();

function expectRfcError(
  res: { status: number; json: unknown; headers: Headers },
  status: number,
  error: string,
) {
  expect(res.status).toBe(status);
  expect(res.json).toEqual({ error, error_description: expect.any(String) });
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('content-type')).toContain('application/json');
}

async function code(m: MockServer = mock()): Promise<string> {
  const { code } = await m.authorize();
  if (!code) throw new Error('no code');
  return code;
}

describe('authorization_code grant', () => {
  it('exchanges a code for opaque tokens without token_content_type', async () => {
    const res = await login(mock(), false);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json).toEqual({
      access_token: expect.stringMatching(/^[0-9a-f]{64}$/),
      refresh_token: expect.stringMatching(/^[0-9a-f]{64}$/),
      token_type: 'Bearer',
      expires_in: 90 * 24 * 3600,
    });
    expect(res.json.access_token).not.toBe(res.json.refresh_token);
  });

  it('issues RS512 JWTs with ANAF-like claims for token_content_type=jwt', async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await login(mock(), true);
    expect(res.status).toBe(200);
    for (const token of [res.json.access_token, res.json.refresh_token]) {
      expect(verifyJwt(token, mock().publicKeyPem)).toBe(true);
      const { header, claims } = decodeJwt(token);
      expect(header).toEqual({
        alg: 'RS512',
        kid: expect.stringMatching(/^anaf-postman-mock-[0-9a-f]{12}$/),
      });
      expect(claims).toMatchObject({
        iss: 'https://logincert.anaf.ro',
        token_type: 'Bearer',
        scope: 'clientappid issuer role serial',
        sub: expect.any(String),
        clientappid: DEMO.clientId,
        serial: expect.any(String),
        issuer: expect.any(String),
        roles: ANAF_ROLES,
        jti: expect.any(String),
      });
      expect(claims.iat).toBeGreaterThanOrEqual(before);
      expect(claims.nbf).toBe(claims.iat);
    }
    const access = decodeJwt(res.json.access_token).claims;
    const refresh = decodeJwt(res.json.refresh_token).claims;
    expect((access.exp as number) - (access.iat as number)).toBe(90 * 24 * 3600);
    expect((refresh.exp as number) - (refresh.iat as number)).toBe(365 * 24 * 3600);
    expect(access.jti).not.toBe(refresh.jti);
  });

  it('JWTs do not verify with another key, nor when tampered', async () => {
    const res = await login(mock());
    const [h, p, s] = res.json.access_token.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, clientappid: 'x' })).toString('base64url')}.${s}`;
    expect(verifyJwt(forged, mock().publicKeyPem)).toBe(false);
    const { generateKeyPairSync } = await import('node:crypto');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
      type: 'spki',
      format: 'pem',
    });
    expect(verifyJwt(res.json.access_token, other.toString())).toBe(false);
  });

  it('accepts client_id/client_secret in the body instead of Basic', async () => {
    const res = await tokenRequest(
      mock(),
      { grant_type: 'authorization_code', code: await code(), redirect_uri: DEMO.redirectUri },
      'body',
    );
    expect(res.status).toBe(200);
  });

  it('accepts Basic plus the same client_id in the body', async () => {
    const res = await tokenRequest(mock(), {
      grant_type: 'authorization_code',
      code: await code(),
      redirect_uri: DEMO.redirectUri,
      client_id: DEMO.clientId,
    });
    expect(res.status).toBe(200);
  });

  it('accepts a form-encoded Basic credential (RFC 6749 §2.3.1)', async () => {
    const m = await startMock({
      port: 0,
      clients: [{ clientId: 'a b', clientSecret: 's:é%', redirectUris: ['https://x.example/cb'] }],
    });
    try {
      const { code: c } = await m.authorize();
      const encoded = `${encodeURIComponent('a b')}:${encodeURIComponent('s:é%')}`;
      const res = await tokenRequest(
        m,
        { grant_type: 'authorization_code', code: c, redirect_uri: 'https://x.example/cb' },
        'none',
        {
          Authorization: `Basic ${Buffer.from(encoded).toString('base64')}`,
        },
      );
      expect(res.status).toBe(200);
    } finally {
      await m.close();
    }
  });

  it('a code works once: the second exchange is invalid_grant', async () => {
    const c = await code();
    const fields = { grant_type: 'authorization_code', code: c, redirect_uri: DEMO.redirectUri };
    expect((await tokenRequest(mock(), fields)).status).toBe(200);
    const again = await tokenRequest(mock(), fields);
    expectRfcError(again, 400, 'invalid_grant');
    expect(again.json.error_description).toMatch(/already used/);
  });

  it('a redirect_uri differing from the authorize one is invalid_grant', async () => {
    const res = await tokenRequest(mock(), {
      grant_type: 'authorization_code',
      code: await code(),
      redirect_uri: `${DEMO.redirectUri}/other`,
    });
    expectRfcError(res, 400, 'invalid_grant');
    expect(res.json.error_description).toMatch(/redirect_uri/);
  });

  it('a code of another client is invalid_grant', async () => {
    const m = await startMock({
      port: 0,
      clients: [
        { clientId: 'one', clientSecret: 's1', redirectUris: ['https://one.example/cb'] },
        { clientId: 'two', clientSecret: 's2', redirectUris: ['https://one.example/cb'] },
      ],
    });
    try {
      const { code: c } = await m.authorize({ clientId: 'one' });
      const res = await tokenRequest(
        m,
        { grant_type: 'authorization_code', code: c, redirect_uri: 'https://one.example/cb' },
        'none',
        {
          Authorization: basic('two', 's2'),
        },
      );
      expectRfcError(res, 400, 'invalid_grant');
    } finally {
      await m.close();
    }
  });

  it('a code expires after codeTtlSeconds (60 s by default)', async () => {
    let now = Date.parse('2026-01-15T10:00:00Z');
    const m = await startMock({ port: 0, now: () => now });
    try {
      const early = await code(m);
      const late = await code(m);
      now += 59_000;
      const ok = await tokenRequest(m, {
        grant_type: 'authorization_code',
        code: early,
        redirect_uri: DEMO.redirectUri,
      });
      expect(ok.status).toBe(200);
      now += 1_000;
      const res = await tokenRequest(m, {
        grant_type: 'authorization_code',
        code: late,
        redirect_uri: DEMO.redirectUri,
      });
      expectRfcError(res, 400, 'invalid_grant');
      expect(res.json.error_description).toMatch(/expired/);
    } finally {
      await m.close();
    }
  });

  it('honours a custom codeTtlSeconds', async () => {
    let now = 1_000_000;
    const m = await startMock({ port: 0, now: () => now, codeTtlSeconds: 5 });
    try {
      const c = await code(m);
      now += 5_000;
      const res = await tokenRequest(m, {
        grant_type: 'authorization_code',
        code: c,
        redirect_uri: DEMO.redirectUri,
      });
      expectRfcError(res, 400, 'invalid_grant');
    } finally {
      await m.close();
    }
  });
});

describe('token endpoint errors (RFC 6749 §5.2)', () => {
  const exchange = { grant_type: 'authorization_code', code: 'nope', redirect_uri: DEMO.redirectUri };
  const cases: [
    string,
    Record<string, string>,
    'basic' | 'body' | 'none',
    Record<string, string>,
    number,
    string,
  ][] = [
    ['no grant_type', { code: 'x' }, 'basic', {}, 400, 'invalid_request'],
    ['an unknown grant_type', { grant_type: 'password' }, 'basic', {}, 400, 'unsupported_grant_type'],
    ['client_credentials', { grant_type: 'client_credentials' }, 'basic', {}, 400, 'unsupported_grant_type'],
    [
      'no code',
      { grant_type: 'authorization_code', redirect_uri: DEMO.redirectUri },
      'basic',
      {},
      400,
      'invalid_request',
    ],
    ['no redirect_uri', { grant_type: 'authorization_code', code: 'x' }, 'basic', {}, 400, 'invalid_request'],
    ['no refresh_token', { grant_type: 'refresh_token' }, 'basic', {}, 400, 'invalid_request'],
    ['an unknown code', exchange, 'basic', {}, 400, 'invalid_grant'],
    [
      'an unknown refresh token',
      { grant_type: 'refresh_token', refresh_token: 'x' },
      'body',
      {},
      400,
      'invalid_grant',
    ],
    ['no client authentication', exchange, 'none', {}, 400, 'invalid_client'],
    [
      'a wrong Basic secret',
      exchange,
      'none',
      { Authorization: basic(DEMO.clientId, 'wrong') },
      400,
      'invalid_client',
    ],
    [
      'an unknown Basic client',
      exchange,
      'none',
      { Authorization: basic('ghost', 'x') },
      400,
      'invalid_client',
    ],
    [
      'Basic that is not base64',
      exchange,
      'none',
      { Authorization: 'Basic %%%not-base64' },
      400,
      'invalid_client',
    ],
    [
      'Basic without a colon',
      exchange,
      'none',
      { Authorization: `Basic ${Buffer.from('nocolon').toString('base64')}` },
      400,
      'invalid_client',
    ],
    ['an empty Basic', exchange, 'none', { Authorization: 'Basic' }, 400, 'invalid_client'],
    [
      'Basic and a body secret at once',
      { ...exchange, client_id: DEMO.clientId, client_secret: DEMO.clientSecret },
      'basic',
      {},
      400,
      'invalid_request',
    ],
    [
      'Basic and another body client_id',
      { ...exchange, client_id: 'other' },
      'basic',
      {},
      400,
      'invalid_request',
    ],
    [
      'a body client without secret',
      { ...exchange, client_id: DEMO.clientId },
      'none',
      {},
      400,
      'invalid_client',
    ],
    [
      'a wrong body secret',
      { ...exchange, client_id: DEMO.clientId, client_secret: 'no' },
      'none',
      {},
      400,
      'invalid_client',
    ],
  ];

  it.each(cases)('%s', async (_name, fields, auth, headers, status, error) => {
    const res = await tokenRequest(mock(), fields, auth, headers);
    expectRfcError(res, status, error);
  });

  it('sends WWW-Authenticate: Basic only when Basic was tried', async () => {
    const basicTried = await tokenRequest(mock(), exchange, 'none', {
      Authorization: basic(DEMO.clientId, 'bad'),
    });
    expect(basicTried.headers.get('www-authenticate')).toMatch(/^Basic /);
    const bodyTried = await tokenRequest(
      mock(),
      { ...exchange, client_id: DEMO.clientId, client_secret: 'bad' },
      'none',
    );
    expect(bodyTried.status).toBe(400);
    expect(bodyTried.headers.get('www-authenticate')).toBeNull();
  });

  const raw = (body: string | Buffer, contentType: string, headers: Record<string, string> = {}) =>
    call(mock(), Paths.token, {
      method: 'POST',
      headers: { 'Content-Type': contentType, Authorization: basic(), ...headers },
      body,
    });

  it.each([
    ['JSON', JSON.stringify({ grant_type: 'refresh_token', refresh_token: 'x' }), 'application/json'],
    ['text/plain', 'grant_type=refresh_token&refresh_token=x', 'text/plain'],
    ['multipart', '--b\r\n\r\n--b--', 'multipart/form-data; boundary=b'],
  ])('refuses a %s body with 400 invalid_request', async (_n, body, type) => {
    expectRfcError(await raw(body, type), 400, 'invalid_request');
  });

  it('accepts a charset parameter on the form content type', async () => {
    const c = await code();
    const res = await raw(
      form({ grant_type: 'authorization_code', code: c, redirect_uri: DEMO.redirectUri }),
      'application/x-www-form-urlencoded; charset=UTF-8',
    );
    expect(res.status).toBe(200);
  });

  it.each([
    ['a broken escape', 'grant_type=refresh_token&refresh_token=%E0%A4%A'],
    ['a lone percent', 'grant_type=refresh%&refresh_token=x'],
    ['invalid UTF-8', 'grant_type=refresh_token&refresh_token=%C3%28'],
  ])('refuses %s with 400 invalid_request, not 500', async (_n, body) => {
    expectRfcError(await raw(body, 'application/x-www-form-urlencoded'), 400, 'invalid_request');
  });

  it('refuses a repeated parameter', async () => {
    const body = 'grant_type=refresh_token&refresh_token=a&refresh_token=b';
    const res = await raw(body, 'application/x-www-form-urlencoded');
    expectRfcError(res, 400, 'invalid_request');
    expect(res.json.error_description).toMatch(/refresh_token is repeated/);
  });

  it('refuses a body over 1 MB with 413 and keeps serving', async () => {
    const body = `grant_type=refresh_token&refresh_token=${'a'.repeat(1024 * 1024 + 10)}`;
    expectRfcError(await raw(body, 'application/x-www-form-urlencoded'), 413, 'invalid_request');
    expect((await login(mock())).status).toBe(200);
  });

  it('answers GET with 405 and an RFC body', async () => {
    const res = await call(mock(), `${Paths.token}?grant_type=refresh_token`);
    expectRfcError(res, 405, 'invalid_request');
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('answers an empty form with an RFC error, not 500', async () => {
    expectRfcError(await raw('', 'application/x-www-form-urlencoded'), 400, 'invalid_request');
  });
});
