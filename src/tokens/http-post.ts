/** A minimal form POST over node:http(s) with keep-alive, so a batch reuses its connections. */
import http from 'node:http';
import https from 'node:https';
import { proxyFor, proxyHeaders, TunnelAgent } from './proxy';
import { rateLimited, sharedAgent } from './rate-limit';

/** What came back, or how the exchange failed before an answer. */
export interface PostResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const tunnels = new Map<string, TunnelAgent>();

/**
 * Where the request goes: straight to the target over the shared agents, through an https proxy's
 * tunnel (one keep-alive agent per proxy), or, for http, to the proxy with the full URL as path.
 */
function route(target: URL): { options: http.RequestOptions; lib: typeof http | typeof https } {
  const lib = target.protocol === 'https:' ? https : http;
  const proxy = proxyFor(target);
  if (!proxy) return { lib, options: { agent: sharedAgent(target.protocol) } };
  if (target.protocol === 'https:') {
    let agent = tunnels.get(proxy.href);
    if (!agent) {
      agent = rateLimited(new TunnelAgent(proxy, { keepAlive: true, maxSockets: 64 }));
      tunnels.set(proxy.href, agent);
    }
    return { lib, options: { agent } };
  }
  return {
    lib: proxy.protocol === 'https:' ? https : http,
    options: {
      protocol: proxy.protocol,
      hostname: proxy.hostname,
      port: proxy.port || undefined,
      path: target.href,
      agent: sharedAgent(proxy.protocol),
      headers: { host: target.host, ...proxyHeaders(proxy) },
    },
  };
}

/**
 * POSTs `form` urlencoded to `url` (through the proxy the environment names, as Newman's requests); rejects on network errors and when the whole exchange (headers
 * and body) takes longer than `timeoutMs`: a server that drips a byte at a time must not hold a
 * lock for ever. Redirects are never followed, so the body goes to `url`'s host only.
 */
export async function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostResult> {
  const answer = await postBytes(
    url,
    Buffer.from(new URLSearchParams(form).toString()),
    { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
    timeoutMs,
  );
  return { ...answer, body: answer.body.toString('utf8') };
}

/** What came back from {@link postBytes}: the body as bytes. */
export interface PostBytesResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * POSTs `body` to `url` with `headers`, like {@link postForm} (the shared agents and rate limit, the
 * proxy, the whole-exchange deadline, no redirects), and answers the body as bytes.
 */
export function postBytes(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostBytesResult> {
  const target = new URL(url);
  const { lib, options } = route(target);
  return new Promise<PostBytesResult>((resolve, reject) => {
    let req: http.ClientRequest | undefined;
    const fail = (err: Error) => {
      clearTimeout(deadline);
      reject(err);
    };
    // The deadline rejects by itself: a request still waiting for its socket (a proxy's tunnel, the
    // rate limit) emits no error when destroyed.
    const deadline = setTimeout(() => {
      const err = Object.assign(new Error(`no full answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' });
      req?.destroy(err);
      fail(err);
    }, timeoutMs);
    try {
      req = startRequest();
    } catch (err) {
      fail(err instanceof Error ? err : new Error(String(err)));
    }
    function startRequest(): http.ClientRequest {
      const started = lib.request(
        target,
        {
          ...options, // keep-alive, the process's rate limit, the proxy
          method: 'POST',
          headers: {
            ...options.headers,
            'content-length': body.length,
            ...headers,
          },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            clearTimeout(deadline);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
          });
          res.on('error', fail);
          // A destroyed request ends its response without 'end' on some Node versions: reject then too.
          res.on('aborted', () => fail(Object.assign(new Error('answer cut off'), { code: 'ECONNRESET' })));
        },
      );
      started.on('timeout', () =>
        started.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })),
      );
      started.on('error', fail);
      started.end(body);
      return started;
    }
  });
}
