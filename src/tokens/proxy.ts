/**
 * The proxy a token request goes through. Newman's requests follow HTTPS_PROXY, HTTP_PROXY and
 * NO_PROXY; the token requests `refresh` and `login` send themselves must follow them too, or a
 * firm whose only way out is a proxy could run the collection but never refresh a token. Loopback
 * hosts (the mock) are never proxied: a proxy cannot reach this machine's loopback.
 */
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
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
    proxy = new URL(set.value.includes('://') ? set.value : `http://${set.value}`);
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

/** How long a proxy may take to open a tunnel, unless the request says (its `timeout`). */
const CONNECT_TIMEOUT_MS = 30_000;

type ConnectionCallback = (err: Error | null, socket: Duplex) => void;

/**
 * An https agent whose connections are tunnels through a proxy (HTTP CONNECT, then TLS to the
 * target inside the tunnel, so the proxy sees neither the tokens nor the client secret).
 */
export class TunnelAgent extends https.Agent {
  constructor(
    private readonly proxy: URL,
    options: https.AgentOptions,
  ) {
    super(options);
  }

  override createConnection(options: https.RequestOptions, callback?: ConnectionCallback): undefined {
    const host = options.hostname ?? options.host ?? 'localhost';
    const port = Number(options.port ?? 443);
    const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    const lib = this.proxy.protocol === 'https:' ? https : http;
    const connect = lib.request({
      host: this.proxy.hostname,
      port: this.proxy.port || (this.proxy.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: authority,
      headers: { host: authority, ...proxyHeaders(this.proxy) },
      agent: false,
    });
    const fail = (err: Error) => {
      // Node's agent reads no socket when there is an error.
      if (callback) callback(err, undefined as never);
      else connect.destroy(err);
    };
    // A proxy that takes the connection and never answers must not hold the request (and the lock).
    connect.setTimeout(options.timeout ?? CONNECT_TIMEOUT_MS, () =>
      connect.destroy(new Error(`proxy ${proxyLabel(this.proxy)} gave no answer to CONNECT ${authority}`)),
    );
    connect.once('connect', (res, socket) => {
      connect.setTimeout(0);
      if (res.statusCode !== 200) {
        socket.destroy();
        fail(
          new Error(
            `proxy ${proxyLabel(this.proxy)} answered HTTP ${res.statusCode} to CONNECT ${authority}`,
          ),
        );
        return;
      }
      callback?.(
        null,
        tls.connect({
          ...(options as tls.ConnectionOptions),
          socket,
          servername: options.servername ?? host,
        }),
      );
    });
    connect.once('error', (err: Error) =>
      fail(
        new Error(
          `proxy ${proxyLabel(this.proxy)} unreachable (${(err as NodeJS.ErrnoException).code ?? err.message})`,
        ),
      ),
    );
    connect.end();
    // Node's agent takes the socket from the callback when none is returned.
    return undefined;
  }
}
