/** Token facts read the same way the collection's scripts read them. */
import { Var, expiryMs } from '../anaf';

/** A token endpoint's 200 answer; only `access_token` is guaranteed. */
export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  token_type?: string;
  expires_in?: number | string;
  [field: string]: unknown;
}

/** The `exp` claim (seconds) of a JWT, or undefined for an opaque token. */
export function jwtExp(token: string): number | undefined {
  // Exactly three parts, header.payload.signature: a signature and nothing after it.
  const [, payload, signature, extra] = token.split('.');
  if (payload === undefined || signature === undefined || extra !== undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp : undefined;
  } catch {
    return undefined;
  }
}

/**
 * ISO 8601 UTC of an instant in ms, or '' when no JavaScript date can hold it (a JWT `exp` of
 * 1e300): a date we cannot write must never stop a rotated token from being saved.
 */
export function safeIso(ms: number): string {
  const date = new Date(ms);
  return Number.isFinite(date.getTime()) ? date.toISOString() : '';
}

/**
 * Expiry (ms) of a token: its JWT `exp`, else the stored ISO date, else undefined (also when the
 * environment has no such token or date).
 */
export function tokenExpiryMs(token: string | undefined, storedIso: string | undefined): number | undefined {
  const exp = token ? jwtExp(token) : undefined;
  if (exp !== undefined) return exp * 1000;
  const stored = storedIso ? Date.parse(storedIso) : NaN;
  return Number.isFinite(stored) ? stored : undefined;
}

/**
 * The variables to save from a token answer: both tokens (the refresh token only when one came
 * back) and their expiries in ISO 8601 UTC (JWT `exp`, else `expires_in` for the access token).
 */
export function tokenUpdates(body: TokenResponse, nowMs: number): Record<string, string> {
  // The rules the collection's scripts carry (src/anaf/token-rules.ts): one source, one answer.
  const iso = (ms: number | undefined) => (ms === undefined ? '' : safeIso(ms));
  const jwtMs = (token: string) => {
    const exp = jwtExp(token);
    return exp === undefined ? undefined : exp * 1000;
  };
  const updates: Record<string, string> = { [Var.accessToken]: body.access_token };
  updates[Var.accessTokenExpiresAt] = iso(expiryMs(jwtMs(body.access_token), body.expires_in, nowMs));
  if (typeof body.refresh_token === 'string' && body.refresh_token !== '') {
    updates[Var.refreshToken] = body.refresh_token;
    // An opaque refresh token's lifetime only comes from a field some servers add; `expires_in` is the access token's.
    updates[Var.refreshTokenExpiresAt] = iso(
      expiryMs(
        jwtMs(body.refresh_token),
        body.refresh_token_expires_in !== undefined ? body.refresh_token_expires_in : body.refresh_expires_in,
        nowMs,
      ),
    );
  }
  return updates;
}
