/** What login needs from the environment file, checked before anything is shown or served. */
import { Var, isLoopbackHostname } from '../anaf';
import { checkClientVars } from '../tokens/token-client';
import { AnafPostmanError, optionError } from '../errors';
import { readEnvironmentFile, varMap, type EnvironmentFile } from '../store';
import type { AuthorizeVars } from './authorize-url';
import type { LoginMode } from './types';

/** A redirect URI this machine can serve: loopback host, explicit or default port. */
export interface LocalTarget {
  protocol: 'http:' | 'https:';
  /** As written in the URI: `localhost`, `127.0.0.1` or `::1` (without brackets). */
  hostname: string;
  port: number;
  /** The exact pathname to serve (percent-encoded as the URL parser leaves it). */
  pathname: string;
}

/** The environment read and checked. */
export interface LoginConfig {
  env: EnvironmentFile;
  vars: Record<string, string>;
  /** The checked variables the authorize URL is built from (the redirect URI an http(s) URL). */
  authorize: AuthorizeVars;
  /** Set when the redirect URI is on this machine. */
  local?: LocalTarget;
}

function bad(file: string, why: string): AnafPostmanError {
  return new AnafPostmanError('BAD_FILE', `${file}: ${why}`, { file });
}

/** The value of `key`, which must be present and not blank. */
function present(vars: Record<string, string>, key: string, file: string): string {
  const value = vars[key];
  if (value === undefined || value.trim() === '') throw bad(file, `missing ${key}`);
  return value;
}

function httpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The listenable target of `redirectUri`, or undefined when it is not on this machine. */
export function localTarget(redirectUri: string): LocalTarget | undefined {
  const url = httpUrl(redirectUri);
  if (!url || !isLoopbackHostname(url.hostname)) return undefined;
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  if (port === 0) return undefined;
  return {
    protocol: url.protocol as LocalTarget['protocol'],
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    pathname: url.pathname,
  };
}

/**
 * Reads `file` and checks the variables login uses.
 * @throws AnafPostmanError `BAD_FILE` for a missing or malformed file, a missing `clientId`,
 *   `clientSecret`, `redirectUri` or `oauthBaseUrl`, or one that is not an http(s) URL.
 */
export function loadLoginConfig(file: string): LoginConfig {
  const env = readEnvironmentFile(file);
  const vars = varMap(env.data);
  checkClientVars(vars, file, [Var.redirectUri]); // every missing variable named at once (#27)
  const redirectUri = present(vars, Var.redirectUri, file);
  const redirect = httpUrl(redirectUri);
  if (!redirect) throw bad(file, `${Var.redirectUri} is not an http(s) URL`);
  if (redirect.hash !== '') throw bad(file, `${Var.redirectUri} must not hold a #fragment`);
  const authorize: AuthorizeVars = {
    [Var.oauthBaseUrl]: present(vars, Var.oauthBaseUrl, file),
    [Var.clientId]: present(vars, Var.clientId, file),
    [Var.redirectUri]: redirectUri,
  };
  return { env, vars, authorize, local: localTarget(redirectUri) };
}

/**
 * The mode to use: the one asked for, else `listen` for a local redirect URI and `paste` otherwise.
 * @throws AnafPostmanError `USAGE` for listen mode with a redirect URI this machine cannot serve.
 */
export function chooseMode(config: LoginConfig, asked: LoginMode | undefined): LoginMode {
  const mode = asked ?? (config.local ? 'listen' : 'paste');
  if (mode === 'listen' && !config.local) {
    throw optionError(
      'USAGE',
      'mode',
      `listening needs a redirect URI on this machine (https://localhost:PORT/... or http://127.0.0.1:PORT/...), ` +
        `and ${config.env.path} has ${config.vars[Var.redirectUri]}: paste the redirect URL instead`,
    );
  }
  return mode;
}
