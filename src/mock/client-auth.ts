/** Client authentication at the token endpoint: HTTP Basic or `client_id`/`client_secret` in the body. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { formDecode } from './http';
import { OAuthError } from './oauth-error';
import type { MockClient } from './types';

function sameSecret(a: string, b: string): boolean {
  // Hashing first gives equal lengths, so the comparison time says nothing about the secret.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

function find(clients: Map<string, MockClient>, id: string, secret: string): MockClient | undefined {
  const client = clients.get(id);
  return client && sameSecret(client.clientSecret, secret) ? client : undefined;
}

interface BasicCredentials {
  /** As sent, and form-decoded as RFC 6749 §2.3.1 asks (many clients skip that encoding). */
  candidates: { id: string; secret: string }[];
}

/**
 * Reads a Basic `Authorization` header; `undefined` when there is none (another scheme is ignored).
 * @throws OAuthError `invalid_client` (with the Basic challenge) for a malformed header.
 */
function parseBasic(header: string | undefined): BasicCredentials | undefined {
  const match = /^Basic(?:\s+(.*))?$/i.exec((header ?? '').trim());
  if (!match) return undefined;
  const b64 = (match[1] ?? '').trim();
  const malformed = new OAuthError('invalid_client', 'malformed Basic authorization header', true);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) throw malformed;
  const decoded = Buffer.from(b64, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw malformed;
  const raw = { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  const candidates = [raw];
  try {
    candidates.push({ id: formDecode(raw.id), secret: formDecode(raw.secret) });
  } catch {
    // Not form-encoded: the raw pair is the only reading.
  }
  return { candidates };
}

/**
 * Authenticates the client and returns its id.
 * @throws OAuthError `invalid_request` when both methods are used at once, `invalid_client` when
 * authentication is missing or fails (with `WWW-Authenticate: Basic` when Basic was tried).
 */
export function authenticateClient(
  authorization: string | undefined,
  bodyId: string | undefined,
  bodySecret: string | undefined,
  clients: Map<string, MockClient>,
): string {
  const basic = parseBasic(authorization);
  if (basic) {
    if (bodySecret !== undefined) {
      throw new OAuthError(
        'invalid_request',
        'use one client authentication: Basic header or client_secret, not both',
      );
    }
    const client = basic.candidates.map((c) => find(clients, c.id, c.secret)).find(Boolean);
    if (!client) throw new OAuthError('invalid_client', 'client authentication failed', true);
    if (bodyId !== undefined && bodyId !== client.clientId) {
      throw new OAuthError('invalid_request', 'client_id in the body differs from the Basic header');
    }
    return client.clientId;
  }
  if (bodyId === undefined) throw new OAuthError('invalid_client', 'client authentication missing');
  if (bodySecret === undefined) throw new OAuthError('invalid_client', 'client_secret missing');
  const client = find(clients, bodyId, bodySecret);
  if (!client) throw new OAuthError('invalid_client', 'client authentication failed');
  return client.clientId;
}
