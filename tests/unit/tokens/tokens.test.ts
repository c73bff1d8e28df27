import { jwtExp, tokenExpiryMs, tokenUpdates } from '../../../src/tokens/tokens';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const jwt = (claims: object) =>
  ['{"alg":"RS512"}', JSON.stringify(claims), 'sig']
    .map((p, i) => (i < 2 ? Buffer.from(p).toString('base64url') : p))
    .join('.');

describe('tokenUpdates', () => {
  it('takes both expiries from the JWTs', () => {
    const u = tokenUpdates(
      {
        access_token: jwt({ exp: NOW / 1000 + 60 }),
        refresh_token: jwt({ exp: NOW / 1000 + 120 }),
        expires_in: 5,
      },
      NOW,
    );
    expect(u.accessTokenExpiresAt).toBe('2026-01-01T00:01:00.000Z');
    expect(u.refreshTokenExpiresAt).toBe('2026-01-01T00:02:00.000Z');
  });

  it('uses expires_in for an opaque access token, and never for the refresh token', () => {
    const u = tokenUpdates(
      { access_token: 'a'.repeat(64), refresh_token: 'b'.repeat(64), expires_in: 3600 },
      NOW,
    );
    expect(u.accessTokenExpiresAt).toBe('2026-01-01T01:00:00.000Z');
    expect(u.refreshTokenExpiresAt).toBe('');
  });

  it('reads refresh_token_expires_in for an opaque refresh token', () => {
    const u = tokenUpdates({ access_token: 'a', refresh_token: 'b', refresh_token_expires_in: 86400 }, NOW);
    expect(u.refreshTokenExpiresAt).toBe('2026-01-02T00:00:00.000Z');
  });

  it('keeps the stored refresh token when none comes back', () => {
    const u = tokenUpdates({ access_token: 'a', expires_in: '60' }, NOW);
    expect(u).toEqual({ accessToken: 'a', accessTokenExpiresAt: '2026-01-01T00:01:00.000Z' });
  });
});

describe('jwtExp and tokenExpiryMs', () => {
  it('read exp from a JWT, else the stored date, else nothing', () => {
    expect(jwtExp(jwt({ exp: 42 }))).toBe(42);
    expect(jwtExp('not.a-jwt.at all')).toBeUndefined();
    expect(jwtExp('opaque')).toBeUndefined();
    expect(tokenExpiryMs('opaque', '2026-01-01T00:00:00Z')).toBe(NOW);
    expect(tokenExpiryMs('opaque', '')).toBeUndefined();
    expect(tokenExpiryMs(jwt({ exp: NOW / 1000 }), '2030-01-01T00:00:00Z')).toBe(NOW);
  });
});
