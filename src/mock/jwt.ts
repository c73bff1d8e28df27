/** RS512 JWTs like ANAF's, signed with a key the mock generates (node:crypto, no JWT library needed). */
import { createSign, generateKeyPair, type KeyObject } from 'node:crypto';

/** The mock's signing key. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  /** The public key as a JWK, for `/__mock/jwks`. */
  jwk: Record<string, unknown>;
}

// One key per process: RSA generation costs tens of milliseconds and every test starts a mock.
// Tokens still cannot cross mocks: each mock only accepts tokens it issued itself.
let keyPromise: Promise<SigningKey> | undefined;

/** The process-wide signing key, generated on first use. */
export function signingKey(): Promise<SigningKey> {
  keyPromise ??= new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 2048 }, (err, publicKey, privateKey) => {
      if (err) {
        keyPromise = undefined;
        reject(err);
        return;
      }
      const jwk = {
        ...publicKey.export({ format: 'jwk' }),
        alg: 'RS512',
        use: 'sig',
        kid: 'anaf-postman-mock',
      };
      resolve({
        privateKey,
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        jwk,
      });
    });
  });
  return keyPromise;
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Signs `claims` as a compact JWS with header `{"alg":"RS512","typ":"JWT"}`, as ANAF's. */
export function signJwt(claims: Record<string, unknown>, privateKey: KeyObject): string {
  const input = `${b64url({ alg: 'RS512', typ: 'JWT' })}.${b64url(claims)}`;
  const signature = createSign('RSA-SHA512').update(input).sign(privateKey).toString('base64url');
  return `${input}.${signature}`;
}
