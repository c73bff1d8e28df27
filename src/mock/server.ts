/** The HTTP server: routing, recording, faults, latency, the 500 safety net, and the {@link MockServer} API. */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { AnafPostmanError } from '../errors';
import { checkApiAuth } from './api-auth';
import { authorizeHeadless, issueTokensFor } from './headless';
import { CONTROL_PREFIX, controlReply } from './control';
import { checkFault, checkPath, FaultError, faultReply, FaultQueue } from './faults';
import { apiError, mergeHeaders, readBody, type Reply } from './http';
import { signingKey } from './jwt';
import { notFound } from './spring-errors';
import { checkMutable, resolveOptions, type Settings } from './options';
import { flatHeaders, queryObject, Recorder } from './recorder';
import { readState, StateSaver } from './persist';
import { buildRoutes, matchRoute } from './routes';
import { ReceivedStore } from './received';
import { createWorld } from './state';
import { FORM_LIMIT } from './token-endpoint';
import type { Fault, MockOptions, MockServer, MutableMockOptions } from './types';

const MUTABLE: (keyof MutableMockOptions)[] = [
  'accessTtlSeconds',
  'refreshTtlSeconds',
  'rotate',
  'latencyMs',
  'processingPolls',
];

/** Writes a reply unless the client is gone; a `reset` reply destroys the socket instead. */
function send(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.headersSent) return;
  if (reply.reset) {
    req.socket.destroy();
    return;
  }
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(body.length) });
  res.end(body);
}

/** Listens, turning "port taken" and similar into a one-line usage error. */
function listen(server: http.Server, settings: Settings): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      const where = `${settings.host}:${settings.port}`;
      const reason =
        err.code === 'EADDRINUSE'
          ? `port ${settings.port} on ${settings.host} is already in use; pick another --port, or 0 for a free one`
          : err.code === 'EACCES'
            ? `no permission to listen on ${where}; use a port above 1023`
            : `cannot listen on ${where}: ${err.code ?? err.message}`;
      reject(new AnafPostmanError('USAGE', `mock: ${reason}`, { code: err.code }));
    };
    server.once('error', onError);
    server.listen({ port: settings.port, host: settings.host }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** The origin to print: wildcard addresses are reached through loopback. */
function originOf(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/**
 * Starts the ANAF mock.
 * @throws AnafPostmanError `USAGE` for a bad option or when the port cannot be used.
 */
export async function startMock(options?: MockOptions): Promise<MockServer> {
  const settings = resolveOptions(options);
  const saved =
    settings.stateFile !== undefined && !settings.freshState ? readState(settings.stateFile) : undefined;
  const key = saved?.key ?? (await signingKey());
  let origin = '';
  const world = createWorld(settings, key);
  saved?.restore(world);
  if (settings.received) {
    // One traffic, listed and downloadable on both stages (made again from its seed, never saved).
    const received = new ReceivedStore(settings.received, settings.now());
    world.efactura.prod.received = received;
    world.efactura.test.received = received;
  }
  const saver =
    settings.stateFile === undefined
      ? undefined
      : new StateSaver(settings.stateFile, world, key, settings.warn ?? settings.log ?? (() => undefined));
  const routes = buildRoutes();
  const faults = new FaultQueue();
  const recorder = new Recorder();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closing: Promise<void> | undefined;

  const sleep = (ms: number) =>
    ms <= 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, ms);
          timers.add(timer);
        });

  /** The normal answer: auth for the API paths, then the route's handler; a bug becomes a 500. */
  async function handle(
    req: IncomingMessage,
    url: URL,
    body: { bytes: Buffer; size: number },
  ): Promise<Reply> {
    const method = req.method ?? 'GET';
    const found = matchRoute(routes, url.pathname);
    if (!found) return notFound(settings.now(), url.pathname);
    const { route, params } = found;
    if (route.methods !== '*' && !route.methods.includes(method)) {
      return apiError(405, `${method} is not allowed here`, { Allow: route.methods.join(', ') });
    }
    if (route.auth) {
      const denied = checkApiAuth(req.headers, world.tokens);
      if (denied) return denied;
    }
    try {
      const request = { method, path: url.pathname, query: url.searchParams, headers: req.headers, params };
      return await route.handler({ ...request, body: body.bytes, bodySize: body.size }, world, route.stage);
    } catch (e) {
      return apiError(500, `mock bug: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://mock.invalid');
    } catch {
      send(req, res, apiError(400, 'Malformed request target'));
      return;
    }
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith(CONTROL_PREFIX)) {
      const body = await readBody(req, FORM_LIMIT);
      send(req, res, controlReply(method, url.pathname, url.searchParams, body.bytes, mock, key.jwk));
      if (method !== 'GET') saver?.changed();
      return;
    }
    const limit = matchRoute(routes, url.pathname)?.route.limit ?? FORM_LIMIT;
    const body = await readBody(req, limit + 1);
    const headers = flatHeaders(req.headers);
    const at = settings.now();
    recorder.add({
      method,
      path: url.pathname,
      query: queryObject(url.searchParams),
      headers,
      body: body.bytes.toString('utf8'),
      bodySize: body.size,
      at,
    });
    const fault = faults.take(url.pathname);
    let reply = fault ? faultReply(fault) : undefined;
    if (!reply) {
      reply = await handle(req, url, body);
      if (fault?.headers) reply.headers = mergeHeaders(reply.headers, fault.headers);
      // A handled request may have issued tokens, stored an upload or counted a quota.
      saver?.changed();
    }
    // The answer is computed first, then held back: like a slow network, the state has already changed.
    await sleep(settings.latencyMs + (fault?.delayMs ?? 0));
    send(req, res, reply);
    settings.log?.(`${method} ${url.pathname} ${reply.reset ? 'reset' : reply.status}`);
  }

  const server = http.createServer((req, res) => {
    dispatch(req, res).catch((e: unknown) => {
      // Reached only when the client broke the connection or writing failed: never crash the mock.
      if (!res.headersSent && !res.destroyed) {
        send(req, res, apiError(500, `mock bug: ${e instanceof Error ? e.message : String(e)}`));
      } else req.socket.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await listen(server, settings);
  const port = (server.address() as AddressInfo).port;
  origin = originOf(settings.host, port);

  const mock: MockServer = {
    url: origin,
    port,
    publicKeyPem: key.publicKeyPem,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }).then(() => saver?.flush());
      return closing;
    },
    setOptions(partial) {
      const unknown = Object.keys(partial).find((k) => !MUTABLE.includes(k as keyof MutableMockOptions));
      if (unknown)
        throw new AnafPostmanError('USAGE', `mock: ${unknown} cannot be changed; use ${MUTABLE.join(', ')}`);
      checkMutable(partial);
      for (const name of MUTABLE)
        if (partial[name] !== undefined) Object.assign(settings, { [name]: partial[name] });
    },
    script(path: string, ...list: Fault[]) {
      try {
        faults.add(
          checkPath(path),
          list.map((f, i) => checkFault(f, `faults[${i}]`)),
        );
      } catch (e) {
        if (e instanceof FaultError) throw new AnafPostmanError('USAGE', `mock script: ${e.message}`);
        throw e;
      }
    },
    requests: (path) => recorder.get(path),
    reset() {
      faults.clear();
      recorder.clear();
    },
    authorize: (p = {}) => authorizeHeadless(origin, world, p),
    issueTokens: (p = {}) => {
      const pair = issueTokensFor(world, p);
      saver?.changed();
      return pair;
    },
  };
  return mock;
}
