/**
 * The proxy a request goes through, from HTTPS_PROXY, HTTP_PROXY and NO_PROXY, and the CONNECT
 * tunnel through it. Every request of the process (the token requests `refresh` and `login` send,
 * Newman's, the scripts' `pm.sendRequest`) is routed here by the transport (`transport.ts`), so a
 * firm whose only way out is a proxy can both run the collection and refresh a token. Loopback
 * hosts (the mock) are never proxied: a proxy cannot reach this machine's loopback.
 */
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { isLoopbackHostname } from '../anaf';
import { AnafPostmanError } from '../errors';

/** The first of `names` set in `env` (either case) and its value, trimmed. */
function envValue(env: NodeJS.ProcessEnv, ...names: string[]): { name: string; value: string } | undefined {
  for (const upper of names) {
    for (const name of [upper, upper.toLowerCase()]) {
      const value = env[name]?.trim();
      if (value) return { name, value };
    }
  }
  return undefined;
}

/** Default ports, for comparing a NO_PROXY entry's port with the target's. */
function portOf(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/** A NO_PROXY entry as host and optional port: `[::1]:443`, `::1` (no port), `.anaf.ro:443`. */
function noProxyEntry(entry: string): { name: string; port?: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { name: bracketed[1] ?? '', port: bracketed[2] };
  // More than one colon and no brackets: an IPv6 address, which has no port part.
  if ((entry.match(/:/g) ?? []).length > 1) return { name: entry };
  const [host = '', port] = entry.split(':');
  return { name: host.replace(/^\*?\./, ''), port };
}

/**
 * Whether NO_PROXY exempts `target`: `*`, or an entry naming its host or a parent domain
 * (`anaf.ro`, `.anaf.ro`), with an optional port that must then match.
 */
export function bypassesProxy(target: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const { name, port } = noProxyEntry(entry);
    if (port !== undefined && port !== portOf(target)) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/**
 * The proxy for `target` from the environment (`HTTPS_PROXY`, else `HTTP_PROXY`, for https;
 * `HTTP_PROXY` for http; lower-case names too), or undefined for a direct connection.
 * @throws AnafPostmanError `USAGE` when the variable is not an http(s) URL (named, never its value:
 *   it may hold a password); going direct instead could send a token where the firm forbids it.
 */
export function proxyFor(target: URL, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  if (isLoopbackHostname(target.hostname)) return undefined;
  if (bypassesProxy(target, envValue(env, 'NO_PROXY')?.value)) return undefined;
  const set =
    target.protocol === 'https:' ? envValue(env, 'HTTPS_PROXY', 'HTTP_PROXY') : envValue(env, 'HTTP_PROXY');
  if (!set) return undefined;
  let proxy: URL | undefined;
  try {
    // Without a scheme only `host[:port]` (or `user:password@host:port`) reads as a proxy: `http//host`
    // is a typo, not a host called "http".
    const bare = !set.value.includes('://');
    proxy = bare && /[/?#]/.test(set.value) ? undefined : new URL(bare ? `http://${set.value}` : set.value);
  } catch {
    proxy = undefined;
  }
  if (proxy?.protocol !== 'http:' && proxy?.protocol !== 'https:') {
    throw new AnafPostmanError(
      'USAGE',
      `${set.name} is not an http(s) proxy URL${proxy ? ` (${proxy.protocol})` : ''}; give http://host:port`,
    );
  }
  return proxy;
}

/** `Proxy-Authorization` for a proxy URL with credentials, else nothing. */
export function proxyHeaders(proxy: URL): Record<string, string> {
  if (!proxy.username) return {};
  const user = lenientDecode(proxy.username);
  const password = lenientDecode(proxy.password);
  return { 'proxy-authorization': `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

/** `%XX` decoded; a `%` that starts no escape (`50%off`) is kept as it was typed. */
function lenientDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%[0-9a-f]{2}/gi, (escape) => {
      try {
        return decodeURIComponent(escape);
      } catch {
        return escape;
      }
    });
  }
}

/** The proxy as errors may name it: host and port, never its credentials. */
export function proxyLabel(proxy: URL): string {
  return proxy.host;
}

type TunnelCallback = (err: Error | null, socket?: Duplex) => void;

const FROM_PROXY = Symbol('anaf-postman.proxyError');

/**
 * A failure of the proxy, said in words (which proxy, what it did) with a network `code`, so a run
 * counts it as ANAF unreachable (exit 4) and a token request's retries show the words.
 */
function proxyError(message: string, code: string | undefined): Error {
  return Object.assign(new Error(message), { code, [FROM_PROXY]: true });
}

/** Whether `err` is the proxy's failure ({@link openTunnel}), whose message says more than its code. */
export function isProxyError(err: unknown): err is Error {
  return err instanceof Error && FROM_PROXY in err;
}

/**
 * Opens a tunnel to `authority` (`host:port`) through `proxy` (HTTP CONNECT) and calls back once
 * with the raw socket, or an error naming the proxy (never its credentials). TLS to the target goes
 * inside the tunnel, so the proxy sees neither the tokens nor the client secret. `timeoutMs` is
 * wall-clock from now: a proxy that never answers, or drips its answer, must not hold the request
 * (and a file's lock).
 */
export function openTunnel(proxy: URL, authority: string, timeoutMs: number, callback: TunnelCallback): void {
  const lib = proxy.protocol === 'https:' ? https : http;
  let settled = false;
  const settle = (err: Error | null, socket?: Duplex) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    callback(err, socket);
  };
  const connect = lib.request({
    host: proxy.hostname,
    port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
    method: 'CONNECT',
    path: authority,
    headers: { host: authority, ...proxyHeaders(proxy) },
    agent: false,
  });
  const timer = setTimeout(() => {
    const err = proxyError(`proxy ${proxyLabel(proxy)} gave no answer to CONNECT ${authority}`, 'ETIMEDOUT');
    connect.destroy(err);
    settle(err);
  }, timeoutMs);
  connect.once('connect', (res, socket) => {
    if (res.statusCode === 407) {
      socket.destroy();
      // The proxy wants credentials: a setting to fix, not an outage to retry (never ANAF's fault).
      settle(
        new AnafPostmanError(
          'USAGE',
          `proxy ${proxyLabel(proxy)} asks for credentials (HTTP 407 to CONNECT ${authority}): ` +
            'give them in the proxy variable as http://user:password@host:port',
        ),
      );
      return;
    }
    if (res.statusCode !== 200) {
      socket.destroy();
      // ECONNRESET, as Newman's own tunnel said: ANAF was not reached (exit 4), whatever the proxy's reason.
      const status = `answered HTTP ${res.statusCode} to CONNECT ${authority}`;
      settle(proxyError(`proxy ${proxyLabel(proxy)} ${status}`, 'ECONNRESET'));
      return;
    }
    if (settled) socket.destroy();
    else settle(null, socket);
  });
  connect.once('error', (err: NodeJS.ErrnoException) =>
    settle(proxyError(`proxy ${proxyLabel(proxy)} unreachable (${err.code ?? err.message})`, err.code)),
  );
  connect.end();
}
