import { Paths } from '../../../src/anaf';
import { startMock, type MockOptions, type MockServer } from '../../../src/mock';
import { bearer, call, decodeJwt, login, tokenRequest, useMock, verifyJwt } from './helpers';

const mock = useMock();

function refresh(m: MockServer, refreshToken: string, jwt = true, auth: 'basic' | 'body' = 'basic') {
  return tokenRequest(
    m,
    { grant_type: 'refresh_token', refresh_token: refreshToken, token_content_type: jwt ? 'jwt' : undefined },
    auth,
  );
}

function hello(m: MockServer, accessToken: string) {
  return call(m, `${Paths.hello}?name=x`, { headers: bearer(accessToken) });
}

async function withMock(options: MockOptions, body: (m: MockServer) => Promise<void>): Promise<void> {
  const m = await startMock({ port: 0, ...options });
  try {
    await body(m);
  } finally {
    await m.close();
  }
}

describe('refresh_token grant with rotation (the default)', () => {
  it('issues a new pair; the old refresh token stops working', async () => {
    const first = (await login(mock())).json;
    const res = await refresh(mock(), first.refresh_token);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json.refresh_token).not.toBe(first.refresh_token);
    expect(res.json.access_token).not.toBe(first.access_token);
    expect(verifyJwt(res.json.refresh_token, mock().publicKeyPem)).toBe(true);
    const reuse = await refresh(mock(), first.refresh_token);
    expect(reuse.status).toBe(400);
    expect(reuse.json.error).toBe('invalid_grant');
    expect((await refresh(mock(), res.json.refresh_token)).status).toBe(200);
  });

  it('keeps the old access token valid until it expires', async () => {
    const first = (await login(mock())).json;
    await refresh(mock(), first.refresh_token);
    expect((await hello(mock(), first.access_token)).status).toBe(200);
  });

  it('works with body client authentication too', async () => {
    const first = (await login(mock())).json;
    expect((await refresh(mock(), first.refresh_token, true, 'body')).status).toBe(200);
  });

  it('two tokens issued in the same second differ (unique jti)', async () => {
    await withMock({ now: () => 1_800_000_000_000 }, async (m) => {
      const a = m.issueTokens();
      const b = m.issueTokens();
      expect(a.access_token).not.toBe(b.access_token);
      expect(decodeJwt(a.access_token).claims.iat).toBe(decodeJwt(b.access_token).claims.iat);
      expect(decodeJwt(a.access_token).claims.jti).not.toBe(decodeJwt(b.access_token).claims.jti);
    });
  });

  it('follows the token_content_type of the refresh request', async () => {
    const jwtPair = (await login(mock(), true)).json;
    const opaque = await refresh(mock(), jwtPair.refresh_token, false);
    expect(opaque.json.access_token).toMatch(/^[0-9a-f]{64}$/);
    expect(opaque.json.refresh_token).toMatch(/^[0-9a-f]{64}$/);
    const back = await refresh(mock(), opaque.json.refresh_token, true);
    expect(back.json.access_token.split('.')).toHaveLength(3);
  });

  it('an access token is not a refresh token', async () => {
    const pair = (await login(mock())).json;
    const res = await refresh(mock(), pair.access_token);
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('invalid_grant');
  });

  it('a refresh token of another client is invalid_grant', async () => {
    await withMock(
      {
        clients: [
          { clientId: 'a', clientSecret: 'sa', redirectUris: ['https://a.example/cb'] },
          { clientId: 'b', clientSecret: 'sb', redirectUris: ['https://b.example/cb'] },
        ],
      },
      async (m) => {
        const pair = m.issueTokens({ clientId: 'a' });
        const res = await tokenRequest(
          m,
          {
            grant_type: 'refresh_token',
            refresh_token: pair.refresh_token,
            client_id: 'b',
            client_secret: 'sb',
          },
          'none',
        );
        expect(res.json.error).toBe('invalid_grant');
      },
    );
  });
});

describe('refresh_token grant without rotation', () => {
  it('returns the same refresh token, which stays valid', async () => {
    await withMock({ rotate: false }, async (m) => {
      const first = (await login(m)).json;
      const one = await refresh(m, first.refresh_token);
      const two = await refresh(m, first.refresh_token);
      expect(one.status).toBe(200);
      expect(two.status).toBe(200);
      expect(one.json.refresh_token).toBe(first.refresh_token);
      expect(two.json.refresh_token).toBe(first.refresh_token);
      expect(two.json.access_token).not.toBe(one.json.access_token);
    });
  });

  it('setOptions switches rotation at run time', async () => {
    const first = (await login(mock())).json;
    mock().setOptions({ rotate: false });
    expect((await refresh(mock(), first.refresh_token)).json.refresh_token).toBe(first.refresh_token);
    mock().setOptions({ rotate: true });
    const rotated = await refresh(mock(), first.refresh_token);
    expect(rotated.json.refresh_token).not.toBe(first.refresh_token);
    expect((await refresh(mock(), first.refresh_token)).json.error).toBe('invalid_grant');
  });
});

describe('lifetimes', () => {
  it('enforces the refresh-token lifetime', async () => {
    let now = Date.parse('2026-03-01T00:00:00Z');
    await withMock({ now: () => now, refreshTtlSeconds: 3600 }, async (m) => {
      const pair = (await login(m)).json;
      now += 3599_000;
      const ok = await refresh(m, pair.refresh_token);
      expect(ok.status).toBe(200);
      now += 3600_000;
      const res = await refresh(m, ok.json.refresh_token);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: 'invalid_grant', error_description: 'refresh token expired' });
    });
  });

  it('expires_in and exp follow accessTtlSeconds, also after setOptions', async () => {
    await withMock({ accessTtlSeconds: 120 }, async (m) => {
      const pair = (await login(m)).json;
      expect(pair.expires_in).toBe(120);
      const { claims } = decodeJwt(pair.access_token);
      expect((claims.exp as number) - (claims.iat as number)).toBe(120);
      m.setOptions({ accessTtlSeconds: 30 });
      expect((await refresh(m, pair.refresh_token)).json.expires_in).toBe(30);
    });
  });

  it('an access token is refused once expired, and a refresh brings a working one', async () => {
    let now = 5_000_000_000;
    await withMock({ now: () => now, accessTtlSeconds: 60 }, async (m) => {
      const pair = (await login(m)).json;
      expect((await hello(m, pair.access_token)).status).toBe(200);
      now += 60_000;
      const expired = await hello(m, pair.access_token);
      expect(expired.status).toBe(401);
      expect(expired.json.message).toMatch(/expired/);
      const fresh = (await refresh(m, pair.refresh_token)).json;
      expect((await hello(m, fresh.access_token)).status).toBe(200);
    });
  });
});

describe('issueTokens()', () => {
  it('issues a usable JWT pair by default', async () => {
    const pair = mock().issueTokens();
    expect(pair.token_type).toBe('Bearer');
    expect(pair.expires_in).toBe(90 * 24 * 3600);
    expect(verifyJwt(pair.access_token, mock().publicKeyPem)).toBe(true);
    expect((await hello(mock(), pair.access_token)).status).toBe(200);
    expect((await refresh(mock(), pair.refresh_token)).status).toBe(200);
  });

  it('issues opaque tokens and custom lifetimes', async () => {
    const pair = mock().issueTokens({ jwt: false, accessTtlSeconds: -1 });
    expect(pair.access_token).toMatch(/^[0-9a-f]{64}$/);
    expect((await hello(mock(), pair.access_token)).status).toBe(401);
    const expiredRefresh = mock().issueTokens({ refreshTtlSeconds: -1 });
    expect((await refresh(mock(), expiredRefresh.refresh_token)).json.error).toBe('invalid_grant');
  });

  it('refuses an unknown client with USAGE', () => {
    expect(() => mock().issueTokens({ clientId: 'ghost' })).toThrow(
      expect.objectContaining({ code: 'USAGE' }),
    );
  });
});
