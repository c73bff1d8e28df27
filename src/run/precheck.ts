/**
 * The checks before a run sends anything: an environment that was never set up must fail with one
 * line naming what to do, not with a dozen identical test failures and an authorize URL whose
 * `client_id` is empty.
 */
import { Var } from '../anaf';
import { AnafPostmanError } from '../errors';

/** Variables a run cannot do without: where ANAF is and who the client is. */
const CONFIG_VARS = [Var.oauthBaseUrl, Var.clientId, Var.clientSecret] as const;

/**
 * Checks the variables of `file` (as the run will see them, overrides applied).
 * @throws AnafPostmanError `BAD_FILE` (exit 2) naming every missing configuration variable;
 *   `AUTH_REQUIRED` (exit 3) when there is neither an access token nor a refresh token.
 */
export function precheckRun(vars: Record<string, string>, file: string): void {
  const missing = CONFIG_VARS.filter((key) => (vars[key] ?? '').trim() === '');
  if (missing.length > 0) {
    throw new AnafPostmanError(
      'BAD_FILE',
      `${file}: not set up: no value for ${missing.join(', ')}; fill ${missing.length > 1 ? 'them' : 'it'} in (see the README, "Set up")`,
      { file, missing },
    );
  }
  if (!vars[Var.accessToken]?.trim() && !vars[Var.refreshToken]?.trim()) {
    throw new AnafPostmanError(
      'AUTH_REQUIRED',
      `${file}: no tokens yet; authorize first with the certificate: anaf-postman login --environment ${file}`,
      { file },
    );
  }
}
