/** Shared helpers of the mock's tests: HTTP calls, JWT checks and a tiny ZIP reader. */
import { createPublicKey, verify } from 'node:crypto';
import { crc32, inflateRawSync } from 'node:zlib';
import { MOCK_DEMO_CLIENT, Paths } from '../../../src/anaf';
import type { MockServer } from '../../../src/mock';
import { at } from '../../helpers/checked';

export const DEMO = MOCK_DEMO_CLIENT;

export { useMock } from '../../helpers/mock';

/** A form body. */
export function form(fields: Record<string, string | undefined>): string {
  return new URLSearchParams(
    Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined),
  ).toString();
}

/** `Basic base64(id:secret)`. */
export function basic(id: string = DEMO.clientId, secret: string = DEMO.clientSecret): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

/** An answer with its body read as text and, when it parses, as JSON. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Any request to the mock; redirects are not followed. */
export async function call(mock: MockServer, path: string, init: RequestInit = {}): Promise<Answer> {
  return answer(await fetch(`${mock.url}${path}`, { redirect: 'manual', ...init }));
}

/** A token request with Basic auth (default), body auth or none, as form fields. */
export async function tokenRequest(
  mock: MockServer,
  fields: Record<string, string | undefined>,
  auth: 'basic' | 'body' | 'none' = 'basic',
  headers: Record<string, string> = {},
): Promise<Answer> {
  const body =
    auth === 'body' ? { client_id: DEMO.clientId, client_secret: DEMO.clientSecret, ...fields } : fields;
  return call(mock, Paths.token, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(auth === 'basic' ? { Authorization: basic() } : {}),
      ...headers,
    },
    body: form(body),
  });
}

/** Authorizes headlessly and exchanges the code (JWTs unless `jwt` is false); the token endpoint's answer. */
export async function login(mock: MockServer, jwt = true): Promise<Answer> {
  const { code } = await mock.authorize();
  return tokenRequest(mock, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: DEMO.redirectUri,
    token_content_type: jwt ? 'jwt' : undefined,
  });
}

/** Header and claims of a JWT, unverified. */
export function decodeJwt(token: string): {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
} {
  const parts = token.split('.');
  const parse = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return { header: parse(at(parts, 0)), claims: parse(at(parts, 1)) };
}

/** True when `token`'s RS512 signature verifies with `pem`. */
export function verifyJwt(token: string, pem: string): boolean {
  const [h, p, s] = token.split('.');
  return verify(
    'RSA-SHA512',
    Buffer.from(`${h}.${p}`),
    createPublicKey(pem),
    Buffer.from(s ?? '', 'base64url'),
  );
}

/** A bearer header. */
export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/** One entry of a ZIP. */
export interface ZipEntry {
  name: string;
  data: Buffer;
}

/**
 * Reads a ZIP through its central directory, checks each local file header signature and CRC,
 * and inflates the entries: enough to prove the archive is real without an unzip library.
 */
export function unzip(buf: Buffer): ZipEntry[] {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('no end of central directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory header');
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    const compressed = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local file header for ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + compressed);
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    if (crc32(data) !== crc) throw new Error(`CRC mismatch for ${name}`);
    entries.push({ name, data });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}
