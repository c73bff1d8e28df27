/**
 * The one way this process sends HTTP: the token requests (`refresh`, `login`, the refresh before a
 * run), Newman's requests and the scripts' `pm.sendRequest` all go through these keep-alive agents.
 * Each request waits for a slot of the process's rate limit, goes through the proxy the environment
 * names (a CONNECT tunnel for https, the full URL to the proxy for http; loopback direct), and ends
 * within its deadline however slowly the server (or the proxy) answers.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { AnafPostmanError } from '../errors';
import { openTunnel, proxyFor, proxyHeaders, proxyLabel } from './proxy';
import { activeLimiter, retryAfterMs } from './rate-limit';
import { retryWaitMs } from './waits';

/** A request's deadline when none is given (Newman's `timeoutRequest` and a token attempt's default). */
export const DEFAULT_DEADLINE_MS = 30_000;

/** How long a 429 without `Retry-After` pauses the process's requests. */
const PAUSE_WITHOUT_RETRY_AFTER_MS = 1000;

type AddRequest = (this: http.Agent, req: http.ClientRequest, options: RouteOptions) => void;
type ConnectionCallback = (err: Error | null, socket: Duplex) => void;

/** Where one request goes: through `proxy`, or straight to its host. */
interface Route {
  proxy?: URL;
}

const ROUTE = Symbol('anaf-postman.route');

/** Request options as the agent sees them, with the route decided when the request came in. */
type RouteOptions = http.RequestOptions & tls.ConnectionOptions & { [ROUTE]?: Route };

/*
 * Why `addRequest`, Node's stable but undocumented hook between a request and its socket, and not a
 * documented one: a request must wait for its rate slot *before* a socket is chosen. The documented
 * `createConnection` runs only for a new connection (a request on a kept-alive socket would pass
 * unlimited) and never sees the request (no 429, no deadline); the documented `reuseSocket` runs
 * after an idle socket was taken, so waiting there holds a connection the server may close meanwhile
 * (ECONNRESET on a request it already counted). Newman's requests are started by postman-request,
 * which only lets us choose the agents, so there is no earlier point of ours to wait at. Node itself
 * calls an agent "Agent-like" by this one method; it is checked here once, so a Node without it
 * fails loudly instead of sending unlimited.
 */
const nodeAddRequest = (http.Agent.prototype as unknown as { addRequest?: AddRequest }).addRequest;
if (typeof nodeAddRequest !== 'function') {
  throw new AnafPostmanError(
    'INTERNAL',
    'this Node has no http.Agent#addRequest: requests cannot be rate-limited',
  );
}

/** The target of a request as a URL (protocol, host, port), for the proxy rules. */
function targetOf(protocol: string, options: RouteOptions): URL {
  const host = options.hostname ?? options.host ?? 'localhost';
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return new URL(`${protocol}//${bracketed}${options.port ? `:${options.port}` : ''}`);
}

/** `host:port` of the target, as CONNECT names it. */
function authorityOf(target: URL): string {
  return `${target.hostname}:${target.port || (target.protocol === 'https:' ? 443 : 80)}`;
}

/**
 * @throws AnafPostmanError `USAGE` when a proxy variable is not an http(s) URL (see `proxyFor`): the
 *   request fails at once rather than going out directly where the firm forbids it.
 */
function routeOf(protocol: string, options: RouteOptions): Route {
  return options[ROUTE] ?? { proxy: proxyFor(targetOf(protocol, options)) };
}

/** Requests waiting for a rate slot, each with the way to give its place up. */
const waiting = new WeakMap<http.ClientRequest, AbortController>();

/**
 * Gives up `req`: out of the rate limit's queue if it is still waiting there (a request without a
 * socket emits nothing when destroyed, and its place must not keep the process alive), then
 * destroyed with `err`.
 */
export function abandonRequest(req: http.ClientRequest, err: Error): void {
  waiting.get(req)?.abort(err);
  req.destroy(err);
}

/** Ends `req` with ETIMEDOUT when it has not fully finished `ms` after it was sent. */
function armDeadline(req: http.ClientRequest, ms: number): void {
  const timer = setTimeout(() => {
    // A request still waiting for its tunnel gets the tunnel's own error at the same deadline.
    req.destroy(Object.assign(new Error(`no full answer within ${ms} ms`), { code: 'ETIMEDOUT' }));
  }, ms);
  // The request's socket keeps the process alive while it matters; the timer never does on its own.
  timer.unref();
  req.once('close', () => clearTimeout(timer));
}

/**
 * What both agents do with a request: route it, wait for a rate slot, hand it to Node's agent with
 * its deadline running, and turn a 429 into a pause for every request of the process.
 */
function admit(
  agent: http.Agent,
  protocol: string,
  deadlineMs: number,
  req: http.ClientRequest,
  options: RouteOptions,
): void {
  // Synchronous, so a bad proxy variable throws out of `http.request()` to whoever sent it.
  const route = routeOf(protocol, options);
  const routed: RouteOptions = { ...options, [ROUTE]: route };
  if (route.proxy && protocol === 'http:') {
    // Plain http goes to the proxy itself, with the full URL as the path (a proxy may refuse CONNECT to port 80).
    const target = targetOf(protocol, options);
    req.path = `http://${target.host}${req.path}`;
    for (const [name, value] of Object.entries(proxyHeaders(route.proxy))) {
      if (!req.hasHeader(name)) req.setHeader(name, value);
    }
  }
  req.once('response', (res: http.IncomingMessage) => {
    if (res.statusCode === 429) {
      const wait = retryAfterMs(res.headers['retry-after']) ?? PAUSE_WITHOUT_RETRY_AFTER_MS;
      activeLimiter()?.pause(retryWaitMs(wait, targetOf(protocol, options).hostname));
    }
  });
  const send = () => {
    // The deadline runs from here: the wait for a rate slot is the batch's pacing, not the server's slowness.
    armDeadline(req, deadlineMs);
    nodeAddRequest!.call(agent, req, routed);
  };
  const limiter = activeLimiter();
  if (!limiter) return send();
  const place = new AbortController();
  waiting.set(req, place);
  // postman-request aborts a request when Newman stops (Ctrl-C): its place is given up then.
  req.once('abort', () => place.abort(new Error('request aborted')));
  limiter.acquire(place.signal).then(
    (grant) => {
      waiting.delete(req);
      // A request that opened a connection (tunnel, handshake) left later than its grant: it counts
      // from its 'finish' (its last byte handed to the network). One on a kept-alive socket left at once.
      req.once('finish', () => {
        if (!req.reusedSocket) grant.sent();
      });
      req.once('close', () => {
        if (!req.writableFinished) grant.sent();
      });
      if (req.destroyed) grant.sent();
      else send();
    },
    () => waiting.delete(req),
  );
}

/** Plain http: direct, or to the proxy with the full URL. */
class HttpTransportAgent extends http.Agent {
  constructor(readonly deadlineMs: number) {
    super({ keepAlive: true, maxSockets: 64 });
  }

  addRequest(req: http.ClientRequest, options: RouteOptions): void {
    admit(this, 'http:', this.deadlineMs, req, options);
  }

  // Documented: requests share a kept-alive socket only when their names match; the route is part of it.
  override getName(options?: RouteOptions): string {
    const proxy = options && routeOf('http:', options).proxy;
    return `${super.getName(options)}${proxy ? `:via:${proxyLabel(proxy)}` : ''}`;
  }

  override createConnection(options: RouteOptions, callback?: ConnectionCallback): Duplex | undefined {
    const proxy = routeOf('http:', options).proxy;
    if (!proxy)
      return (http.Agent.prototype as unknown as NodeConnect).createConnection.call(this, options, callback);
    const port = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
    return proxy.protocol === 'https:'
      ? tls.connect({ host: proxy.hostname, port, servername: proxy.hostname })
      : net.connect({ host: proxy.hostname, port });
  }
}

type NodeConnect = {
  createConnection(
    this: http.Agent,
    options: RouteOptions,
    callback?: ConnectionCallback,
  ): Duplex | undefined;
};

/** https: direct, or TLS inside a CONNECT tunnel through the proxy (the proxy sees no token). */
class HttpsTransportAgent extends https.Agent {
  constructor(readonly deadlineMs: number) {
    super({ keepAlive: true, maxSockets: 64 });
  }

  addRequest(req: http.ClientRequest, options: RouteOptions): void {
    admit(this, 'https:', this.deadlineMs, req, options);
  }

  override getName(options?: RouteOptions): string {
    const proxy = options && routeOf('https:', options).proxy;
    return `${super.getName(options)}${proxy ? `:via:${proxyLabel(proxy)}` : ''}`;
  }

  override createConnection(options: RouteOptions, callback?: ConnectionCallback): Duplex | undefined {
    const proxy = routeOf('https:', options).proxy;
    if (!proxy)
      return (https.Agent.prototype as unknown as NodeConnect).createConnection.call(this, options, callback);
    const target = targetOf('https:', options);
    openTunnel(proxy, authorityOf(target), this.deadlineMs, (err, socket) => {
      // Node's agent reads no socket when there is an error.
      if (err || !socket) return callback?.(err ?? new Error('no tunnel'), undefined as never);
      const servername = options.servername || target.hostname.replace(/^\[|\]$/g, '');
      callback?.(null, tls.connect({ ...options, socket, servername }));
    });
    // Node's agent takes the socket from the callback when none is returned.
    return undefined;
  }
}

/** The agents of one deadline. */
export interface TransportAgents {
  http: http.Agent;
  https: https.Agent;
}

const byDeadline = new Map<number, TransportAgents>();

/**
 * The process's agents for requests that must each end within `deadlineMs` of being sent (one pair
 * per deadline, shared by every caller: a batch reuses its connections from file to file).
 */
export function transportAgents(deadlineMs: number = DEFAULT_DEADLINE_MS): TransportAgents {
  let agents = byDeadline.get(deadlineMs);
  if (!agents) {
    agents = { http: new HttpTransportAgent(deadlineMs), https: new HttpsTransportAgent(deadlineMs) };
    byDeadline.set(deadlineMs, agents);
  }
  return agents;
}

/** Whether `agents` are this transport's (Newman's runtime is told to leave proxying to them). */
export function isTransport(agents: unknown): boolean {
  const pair = agents as Partial<TransportAgents> | undefined;
  return pair?.http instanceof HttpTransportAgent && pair.https instanceof HttpsTransportAgent;
}

/**
 * Checks the proxy variables before anything is sent, whatever NO_PROXY exempts.
 * @throws AnafPostmanError `USAGE` naming the variable that is not an http(s) URL.
 */
export function checkProxySettings(env: NodeJS.ProcessEnv = process.env): void {
  const all = Object.fromEntries(Object.entries(env).filter(([key]) => key.toUpperCase() !== 'NO_PROXY'));
  proxyFor(new URL('https://anaf.ro'), all);
  proxyFor(new URL('http://anaf.ro'), all);
}
