/**
 * The checks before a run sends anything: an environment that was never set up must fail with one
 * line naming what to do, not with a dozen identical test failures and an authorize URL whose
 * `client_id` is empty.
 */
import { Var } from '../anaf';
import { AnafPostmanError } from '../errors';
import { missingVars, notSetUp } from '../tokens/token-client';

/**
 * Checks the variables of `file` (as the run will see them, overrides applied).
 * @throws AnafPostmanError `BAD_FILE` (exit 2) naming every missing configuration variable;
 *   `AUTH_REQUIRED` (exit 3) when there is neither an access token nor a refresh token.
 */
export function precheckRun(vars: Record<string, string>, file: string): void {
  // The same refusal as `refresh` and `login` give for the same file (#27).
  const missing = missingVars(vars);
  if (missing.length > 0) throw notSetUp(file, missing);
  if (!vars[Var.accessToken]?.trim() && !vars[Var.refreshToken]?.trim()) {
    throw new AnafPostmanError(
      'AUTH_REQUIRED',
      `${file}: no tokens yet; authorize first with the certificate: anaf-postman login --environment ${file}`,
      { file },
    );
  }
}
