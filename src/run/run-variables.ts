/**
 * What a run gives Newman beside the environment file: `forceRefresh` (a global, never saved),
 * and the `envVars` overrides (`--env-var KEY=VALUE`), which change what Newman sees but are
 * written back only if a script changes them further.
 */
import { OAUTH_ENDPOINTS, RunVar } from '../anaf';
import { optionError } from '../errors';
import type { RawEnvironment } from '../store';

/** The name of the *Refresh access token* request, the same in every language's collection. */
function refreshRequestName(): string {
  return OAUTH_ENDPOINTS.find((e) => e.id === 'oauth.refresh')?.name ?? 'Refresh access token';
}

/**
 * Newman's `globals`: `forceRefresh` when `folders` names the refresh request (asking for it is
 * asking for the rotation).
 */
export function runGlobals(folders: string[] = []): { values: { key: string; value: string }[] } {
  const values: { key: string; value: string }[] = [];
  if (folders.includes(refreshRequestName())) values.push({ key: RunVar.forceRefresh, value: 'true' });
  return { values };
}

/**
 * Parses `KEY=VALUE` texts (the value may hold `=`).
 * @throws AnafPostmanError `USAGE` about the `envVars` option.
 */
export function parseEnvVars(texts: string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const text of texts) {
    const at = text.indexOf('=');
    const key = at < 0 ? '' : text.slice(0, at).trim();
    if (key === '') throw optionError('USAGE', 'envVars', `"${text.split('=')[0]}…" is not KEY=VALUE`);
    vars[key] = text.slice(at + 1);
  }
  return vars;
}

/** `env` with `overrides` applied: existing keys changed in place, new ones added at the end. */
export function withOverrides(env: RawEnvironment, overrides: Record<string, string> = {}): RawEnvironment {
  const rest = new Map(Object.entries(overrides));
  const values = env.values.map((v) => {
    if (!rest.has(v.key)) return v;
    const value = rest.get(v.key)!;
    rest.delete(v.key);
    return { ...v, value };
  });
  for (const [key, value] of rest) values.push({ key, value, type: 'default', enabled: true });
  return { ...env, values };
}
