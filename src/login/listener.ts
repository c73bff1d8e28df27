/**
 * Listen mode: serves exactly the redirect URI's path on its port (HTTPS with a certificate made on
 * the fly when the URI is https) until the redirect arrives, then answers the browser once the
 * exchange is done and stops.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { AnafPostmanError } from '../errors';
import { fromParams, type Callback } from './callback';
import type { LocalTarget } from './config';
import { PAGE_HEADERS, pageHtml, Pages, type Page } from './pages';

/** The redirect that arrived; the browser waits for `reply`. */
export interface CallbackHit {
  callback: Callback;
  /** Answers the waiting browser; resolves once the page is sent (or the browser went away). */
  reply(page: Page): Promise<void>;
}

/** A running listener. */
export interface Listener {
  /** The first request to the redirect path with a code or an error and this login's state. */
  hit: Promise<CallbackHit>;
  /** Stops listening and drops every connection; idempotent. */
  close(): Promise<void>;
}

type Server = http.Server | https.Server;

/** A self-signed certificate for the loopback names, made now, valid for a day. */
async function certificate(hostname: string): Promise<{ key: string; cert: string }> {
  const selfsigned = await import('selfsigned');
  const notBeforeDate = new Date(Date.now() - 60_000);
  const pems = await selfsigned.generate([{ name: 'commonName', value: hostname }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

function send(res: http.ServerResponse, page: Page): Promise<void> {
  return new Promise((resolve) => {
    if (res.writableEnded || res.destroyed) return resolve();
    const body = pageHtml(page);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    // A browser that never reads must not hold the login up.
    const timer = setTimeout(done, 2000);
    res.once('finish', done);
    res.once('close', done);
    res.writeHead(page.status, { ...PAGE_HEADERS, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
}

function listenOn(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host, exclusive: true });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Addresses to bind: `localhost` means both loopbacks (browsers try either); the others themselves. */
function addresses(hostname: string): { host: string; optional: boolean }[] {
  if (hostname === 'localhost') {
    return [
      { host: '127.0.0.1', optional: false },
      { host: '::1', optional: true },
    ];
  }
  return [{ host: hostname, optional: false }];
}

/** Whether a callback's `state` is `expected`, compared in constant time. */
function sameState(state: string, expected: string): boolean {
  const a = Buffer.from(state, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** Why a redirect was not taken as this login's. */
export type IgnoredReason = 'no state' | 'another state';

/**
 * Starts serving `target`, waiting for the redirect that carries `state`. Other paths get 404, a
 * request to the path without code or error a 400 page, one without `state` or with another a
 * 400 page too (reported to `onIgnored`): any page open on this machine can send a request to a
 * loopback port, so only the state proves the redirect is this login's, and a stray one must not
 * end the wait. A second redirect gets a 409 page.
 * @throws AnafPostmanError `USAGE` when the port cannot be bound (in use, or needs privileges).
 */
export async function startListener(
  target: LocalTarget,
  state: string,
  onIgnored: (reason: IgnoredReason) => void = () => undefined,
): Promise<Listener> {
  const tls = target.protocol === 'https:' ? await certificate(target.hostname) : undefined;
  let resolveHit!: (hit: CallbackHit) => void;
  const hit = new Promise<CallbackHit>((resolve) => (resolveHit = resolve));
  let taken = false;

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    req.resume();
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const pathname = q < 0 ? raw : raw.slice(0, q);
    if (pathname !== target.pathname) return void send(res, Pages.notFound());
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      return void send(res, Pages.method());
    }
    const callback = fromParams(new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)));
    if (!callback) return void send(res, Pages.noCode());
    if (callback.state === undefined || !sameState(callback.state, state)) {
      const reason = callback.state === undefined ? 'no state' : 'another state';
      onIgnored(reason);
      return void send(res, reason === 'no state' ? Pages.noState() : Pages.otherState());
    }
    if (taken) return void send(res, Pages.busy());
    taken = true;
    resolveHit({ callback, reply: (page) => send(res, page) });
  };

  const servers: Server[] = [];
  const close = async () => {
    await Promise.all(servers.map(closeServer));
  };
  for (const { host, optional } of addresses(target.hostname)) {
    const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
    server.keepAliveTimeout = 1000;
    try {
      await listenOn(server, target.port, host);
      servers.push(server);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (optional && ['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EINVAL'].includes(code)) continue;
      await close();
      const why =
        code === 'EADDRINUSE'
          ? 'the port is in use'
          : code === 'EACCES'
            ? 'the port needs privileges'
            : code || (err as Error).message;
      throw new AnafPostmanError(
        'USAGE',
        `cannot listen on ${host.includes(':') ? `[${host}]` : host}:${target.port} for the redirect (${why}): free the port or use --paste`,
      );
    }
  }
  return { hit, close };
}
