/** RS512 JWTs like ANAF's, signed with a key the mock generates (node:crypto, no JWT library needed). */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  createSign,
  generateKeyPair,
  type KeyObject,
} from 'node:crypto';

/** The mock's signing key. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  /** The key's id: the JWT header's `kid`, as ANAF's JWTs carry one (`anaf_2023_2024`). */
  kid: string;
  /** The public key as a JWK, for `/__mock/jwks`. */
  jwk: Record<string, unknown>;
}

/** The signing key of `privateKey`: its kid names the key (a digest of the public key), so two keys never share one. */
function signingKeyOf(privateKey: KeyObject): SigningKey {
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const kid = `anaf-postman-mock-${createHash('sha256').update(der).digest('hex').slice(0, 12)}`;
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    kid,
    jwk: { ...publicKey.export({ format: 'jwk' }), alg: 'RS512', use: 'sig', kid },
  };
}

// One key per process: RSA generation costs tens of milliseconds and every test starts a mock.
// Tokens still cannot cross mocks: each mock only accepts tokens it issued itself.
let keyPromise: Promise<SigningKey> | undefined;

/** The process-wide signing key, generated on first use. */
export function signingKey(): Promise<SigningKey> {
  keyPromise ??= new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 2048 }, (err, _publicKey, privateKey) => {
      if (err) {
        keyPromise = undefined;
        reject(err);
        return;
      }
      resolve(signingKeyOf(privateKey));
    });
  });
  return keyPromise;
}

/** A saved signing key (PKCS #8 PEM), as the mock's state file keeps it. */
export function signingKeyFromPem(pem: string): SigningKey {
  return signingKeyOf(createPrivateKey(pem));
}

/** The private key as PKCS #8 PEM, for the state file. */
export function privateKeyPem(key: SigningKey): string {
  return key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Signs `claims` as a compact JWS with header `{"alg":"RS512","kid":…}`, as ANAF's (no `typ`). */
export function signJwt(claims: Record<string, unknown>, key: SigningKey): string {
  const input = `${b64url({ alg: 'RS512', kid: key.kid })}.${b64url(claims)}`;
  const signature = createSign('RSA-SHA512').update(input).sign(key.privateKey).toString('base64url');
  return `${input}.${signature}`;
}
