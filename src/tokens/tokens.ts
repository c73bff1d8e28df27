/** Token facts read the same way the collection's scripts read them. */
import { Var } from '../anaf';

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
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { exp?: unknown };
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

function isoFromSeconds(seconds: number): string {
  return safeIso(seconds * 1000);
}

/** Expiry (ms) of a token: its JWT `exp`, else the stored ISO date, else undefined. */
export function tokenExpiryMs(token: string, storedIso: string): number | undefined {
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
  const updates: Record<string, string> = { [Var.accessToken]: body.access_token };
  const accessExp = jwtExp(body.access_token);
  const expiresIn = Number(body.expires_in);
  if (accessExp !== undefined) updates[Var.accessTokenExpiresAt] = isoFromSeconds(accessExp);
  else if (Number.isFinite(expiresIn) && expiresIn > 0) {
    updates[Var.accessTokenExpiresAt] = safeIso(nowMs + expiresIn * 1000);
  } else updates[Var.accessTokenExpiresAt] = '';
  if (typeof body.refresh_token === 'string' && body.refresh_token !== '') {
    updates[Var.refreshToken] = body.refresh_token;
    // An opaque refresh token's lifetime only comes from a field some servers add; `expires_in` is the access token's.
    const refreshExp = jwtExp(body.refresh_token);
    const refreshIn = Number(body.refresh_token_expires_in ?? body.refresh_expires_in);
    updates[Var.refreshTokenExpiresAt] =
      refreshExp !== undefined
        ? isoFromSeconds(refreshExp)
        : Number.isFinite(refreshIn) && refreshIn > 0
          ? safeIso(nowMs + refreshIn * 1000)
          : '';
  }
  return updates;
}
