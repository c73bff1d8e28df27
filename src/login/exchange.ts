/** The code exchange, sent at once with the collection's token request, and the tokens saved with the store. */
import { GrantType, Var } from '../anaf';
import { AnafPostmanError, isAnafError } from '../errors';
import { requestToken } from '../tokens/token-client';
import { tokenUpdates, type TokenResponse } from '../tokens/tokens';
import { saveMerged, withFileLock, writeRecovery, type EnvironmentFile } from '../store';

/** Options of {@link exchangeCode}. */
export interface ExchangeOptions {
  retries?: number;
  timeoutMs?: number;
}

/**
 * POSTs `grant_type=authorization_code` with `code`, `redirect_uri` and `token_content_type=jwt`,
 * authenticating the client per `clientAuth`. Transient failures are retried briefly (the code
 * lives 60 s); what ANAF refuses is not.
 * @throws AnafPostmanError `BAD_FILE` when `vars` has no `redirectUri`; `AUTH_REQUIRED` (code
 *   expired or used, client refused) or `UNAVAILABLE`.
 */
export async function exchangeCode(
  vars: Record<string, string>,
  code: string,
  file: string,
  options: ExchangeOptions = {},
): Promise<TokenResponse> {
  const redirectUri = vars[Var.redirectUri];
  if (!redirectUri) throw new AnafPostmanError('BAD_FILE', `${file}: missing ${Var.redirectUri}`, { file });
  try {
    return await requestToken(
      vars,
      { grant_type: GrantType.authorizationCode, code, redirect_uri: redirectUri },
      file,
      {
        what: 'code exchange',
        retries: options.retries ?? 2,
        baseDelayMs: 300,
        maxRetryAfterMs: 5000,
        timeoutMs: options.timeoutMs ?? 15_000,
      },
    );
  } catch (err) {
    if (!isAnafError(err, 'AUTH_REQUIRED')) throw err;
    const error = err.details?.error;
    if (error === 'invalid_grant') {
      throw new AnafPostmanError(
        'AUTH_REQUIRED',
        `${file}: ANAF refused the code (invalid_grant): the code expired or was used: run login again`,
        { file, error },
      );
    }
    if (error === 'invalid_client' || error === 'unauthorized_client') {
      throw new AnafPostmanError(
        'AUTH_REQUIRED',
        `${file}: ANAF refused the client (${error}): check ${Var.clientId}, ${Var.clientSecret} and ${Var.clientAuth}, then run login again`,
        { file, error },
      );
    }
    throw err;
  }
}

/**
 * Saves `updates` into the environment file under its lock, re-reading it first so a change made
 * while the person was in the browser is kept. Types, order and unknown fields stay as they are.
 * If the file cannot be locked, re-read or written, the tokens go to a recovery file beside it.
 * @throws AnafPostmanError `TOKENS_NOT_SAVED` naming the recovery file.
 */
export async function saveTokens(original: EnvironmentFile, updates: Record<string, string>): Promise<void> {
  let locked = false;
  try {
    await withFileLock(
      original.path,
      async (lock) => {
        locked = true;
        // What was read before the browser step is minutes old: read the file again under the lock.
        const { stamp: _stale, ...unstamped } = original;
        await saveMerged(lock, unstamped, updates);
      },
      30_000,
    );
  } catch (err) {
    // The lock could not be taken (held too long, or a folder that cannot be written): saveMerged
    // never ran, so nothing wrote a recovery file yet.
    if (!locked)
      throw await writeRecovery(original, updates, isAnafError(err) ? err.message : String(err), err);
    throw err;
  }
}

/** The variables a login writes: both tokens, their expiries, and the code cleared. */
export function loginUpdates(body: TokenResponse, nowMs: number): Record<string, string> {
  return { ...tokenUpdates(body, nowMs), [Var.authorizationCode]: '' };
}
