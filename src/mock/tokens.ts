/**
 * Authorization codes and tokens: issue, exchange, refresh (with or without rotation) and check.
 * Every token the mock issued is remembered, JWT or opaque, so revocation and expiry are exact.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ANAF_JWT, ANAF_ROLES } from '../anaf';
import type { SigningKey } from './jwt';
import { signJwt } from './jwt';
import { OAuthError } from './oauth-error';
import type { Settings } from './options';
import type { TokenResponse } from './types';

/**
 * The certificate the mock pretends the user signed in with (JWT claims, list `serial`). ANAF's
 * JWT `sub` is the certificate's serial without colons: this serial has none.
 */
export const MOCK_CERTIFICATE = {
  serial: '4d4f434b0000000000000001',
  issuer: 'C=RO, O=anaf-postman mock, CN=Mock Qualified CA',
} as const;

export interface CodeGrant {
  clientId: string;
  redirectUri: string;
  issuedAt: number;
  used: boolean;
}

export interface TokenRecord {
  kind: 'access' | 'refresh';
  clientId: string;
  expiresAt: number;
  revoked: boolean;
}

/** What a {@link TokenStore} keeps across restarts (the state file), as JSON. */
export interface SavedTokens {
  codes: [string, CodeGrant][];
  tokens: [string, TokenRecord][];
}

/** Days an expired token is still remembered in the state file (to say "expired", not "unknown"). */
const KEEP_EXPIRED_MS = 30 * 86_400_000;

/** Why a bearer token is not accepted, or `undefined` when it is. */
export type BearerProblem = 'unknown' | 'expired' | 'revoked' | undefined;

/** Codes and tokens of one mock. */
export class TokenStore {
  private readonly codes = new Map<string, CodeGrant>();
  private readonly tokens = new Map<string, TokenRecord>();

  constructor(
    private readonly settings: Settings,
    private readonly key: SigningKey,
  ) {}

  /** The codes and tokens worth keeping: not those expired long ago. */
  snapshot(): SavedTokens {
    const now = this.settings.now();
    const codeTtl = this.settings.codeTtlSeconds * 1000;
    return {
      codes: [...this.codes].filter(([, c]) => !c.used && now - c.issuedAt < codeTtl),
      tokens: [...this.tokens].filter(([, t]) => now - t.expiresAt < KEEP_EXPIRED_MS),
    };
  }

  /** Takes back what {@link snapshot} saved. */
  restore(saved: SavedTokens): void {
    for (const [code, grant] of saved.codes) this.codes.set(code, { ...grant });
    for (const [token, record] of saved.tokens) this.tokens.set(token, { ...record });
  }

  /** A new single-use code for a consent the user approved. */
  createCode(clientId: string, redirectUri: string): string {
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { clientId, redirectUri, issuedAt: this.settings.now(), used: false });
    return code;
  }

  /**
   * The `authorization_code` grant.
   * @throws OAuthError `invalid_grant` for an unknown, used, expired or foreign code or another redirect URI.
   */
  exchangeCode(code: string, clientId: string, redirectUri: string, jwt: boolean): TokenResponse {
    const grant = this.codes.get(code);
    if (!grant || grant.clientId !== clientId)
      throw new OAuthError('invalid_grant', 'unknown authorization code');
    if (grant.used) throw new OAuthError('invalid_grant', 'authorization code already used');
    if (this.settings.now() - grant.issuedAt >= this.settings.codeTtlSeconds * 1000) {
      throw new OAuthError('invalid_grant', 'authorization code expired');
    }
    if (grant.redirectUri !== redirectUri) {
      throw new OAuthError(
        'invalid_grant',
        'redirect_uri does not match the one of the authorization request',
      );
    }
    grant.used = true;
    return this.issuePair(clientId, jwt);
  }

  /**
   * The `refresh_token` grant. With rotation a new refresh token replaces the old one; without it
   * the same refresh token is returned and stays valid.
   * @throws OAuthError `invalid_grant` for an unknown, rotated-away, expired or foreign refresh token.
   */
  refresh(refreshToken: string, clientId: string, jwt: boolean): TokenResponse {
    const rec = this.tokens.get(refreshToken);
    if (!rec || rec.kind !== 'refresh' || rec.clientId !== clientId) {
      throw new OAuthError('invalid_grant', 'unknown refresh token');
    }
    if (rec.revoked) throw new OAuthError('invalid_grant', 'refresh token was already used (rotated)');
    if (this.settings.now() >= rec.expiresAt) throw new OAuthError('invalid_grant', 'refresh token expired');
    if (!this.settings.rotate) {
      const access = this.issueToken('access', clientId, jwt, this.settings.accessTtlSeconds);
      return this.response(access, refreshToken);
    }
    rec.revoked = true;
    return this.issuePair(clientId, jwt);
  }

  /** A new access + refresh token pair. */
  issuePair(
    clientId: string,
    jwt: boolean,
    accessTtl = this.settings.accessTtlSeconds,
    refreshTtl = this.settings.refreshTtlSeconds,
  ): TokenResponse {
    const access = this.issueToken('access', clientId, jwt, accessTtl);
    return this.response(access, this.issueToken('refresh', clientId, jwt, refreshTtl).token);
  }

  /** Checks a bearer token presented to the API. */
  checkBearer(token: string): BearerProblem {
    const rec = this.tokens.get(token);
    if (!rec || rec.kind !== 'access') return 'unknown';
    if (rec.revoked) return 'revoked';
    if (this.settings.now() >= rec.expiresAt) return 'expired';
    return undefined;
  }

  private response(access: { token: string; ttl: number }, refreshToken: string): TokenResponse {
    return {
      access_token: access.token,
      refresh_token: refreshToken,
      token_type: 'Bearer',
      expires_in: Math.max(0, Math.round(access.ttl)),
    };
  }

  private issueToken(kind: TokenRecord['kind'], clientId: string, jwt: boolean, ttl: number) {
    const now = this.settings.now();
    // Whole seconds, like the JWT's `exp`, so a token dies exactly when its claim says it does.
    const expiresAt = Math.floor((now + ttl * 1000) / 1000) * 1000;
    const token = jwt ? this.jwt(clientId, now, expiresAt) : randomBytes(32).toString('hex');
    this.tokens.set(token, { kind, clientId, expiresAt, revoked: false });
    return { token, ttl };
  }

  private jwt(clientId: string, now: number, expiresAt: number): string {
    const iat = Math.floor(now / 1000);
    // ANAF's claims (src/anaf/oauth.ts), then `jti`, the mock's own: two tokens issued in the same
    // second must differ, as the mock knows each token by its text.
    return signJwt(
      {
        token_type: ANAF_JWT.tokenType,
        scope: ANAF_JWT.scope,
        iss: ANAF_JWT.iss,
        iat,
        nbf: iat,
        exp: Math.floor(expiresAt / 1000),
        sub: MOCK_CERTIFICATE.serial.replace(/:/g, ''),
        clientappid: clientId,
        serial: MOCK_CERTIFICATE.serial,
        issuer: MOCK_CERTIFICATE.issuer,
        roles: ANAF_ROLES,
        jti: randomUUID(),
      },
      this.key,
    );
  }
}
