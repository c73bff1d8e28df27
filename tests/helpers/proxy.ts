/**
 * Local stand-ins for a corporate network: a CONNECT proxy, ANAF's https hosts in front of a mock
 * (certificate from the test CA, given to the CLI with NODE_EXTRA_CA_CERTS), and servers that answer
 * a byte at a time. All on 127.0.0.1, ports chosen by the system.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { ROOT } from './cli';

const TLS_DIR = path.join(ROOT, 'tests', 'fixtures', 'tls');

/** What a child needs to reach ANAF's names only through `proxyUrl`: the test CA, no DNS at all. */
export function proxiedChildEnv(proxyUrl: string): NodeJS.ProcessEnv {
  return {
    HTTPS_PROXY: proxyUrl,
    NO_PROXY: '',
    NODE_EXTRA_CA_CERTS: path.join(TLS_DIR, 'ca.pem'),
    NODE_OPTIONS: `--require ${path.join(ROOT, 'tests', 'helpers', 'no-dns.js')}`,
  };
}

/** A running CONNECT proxy. */
export interface ConnectProxy {
  url: string;
  /** Each CONNECT: the target it named and when it came (ms). */
  tunnels: { target: string; at: number }[];
  close(): Promise<void>;
}

/**
 * A CONNECT proxy on 127.0.0.1 sending every tunnel to `port` on 127.0.0.1; without `port` it takes
 * each CONNECT and never answers (a proxy that hangs).
 */
export async function connectProxy(port?: number): Promise<ConnectProxy> {
  const tunnels: ConnectProxy['tunnels'] = [];
  const open = new Set<net.Socket>();
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    tunnels.push({ target: req.url ?? '', at: Date.now() });
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => undefined);
    if (port === undefined) return;
    const upstream = net.connect(port, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    tunnels,
    close: async () => {
      for (const socket of open) socket.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** ANAF's https hosts in front of a mock: what it forwarded, and when (ms). */
export interface AnafFront {
  port: number;
  requests: { path: string; at: number }[];
  close(): Promise<void>;
}

/**
 * An https server for logincert.anaf.ro and api.anaf.ro that forwards each request to the mock on
 * `mockPort` and records it: reached only through a proxy, since the names resolve nowhere.
 */
export async function anafFront(mockPort: number): Promise<AnafFront> {
  const requests: AnafFront['requests'] = [];
  const upstream = new http.Agent({ keepAlive: true });
  const server = https.createServer(
    {
      key: fs.readFileSync(path.join(TLS_DIR, 'anaf.key')),
      cert: fs.readFileSync(path.join(TLS_DIR, 'anaf.pem')),
    },
    (req, res) => {
      requests.push({ path: (req.url ?? '').split('?')[0] ?? '', at: Date.now() });
      const forward = http.request(
        {
          host: '127.0.0.1',
          port: mockPort,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent: upstream,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      req.pipe(forward);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    requests,
    close: async () => {
      server.closeAllConnections();
      upstream.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A server that answers every request a byte at a time. */
export interface DripServer {
  url: string;
  /** Requests that reached it. */
  hits: number;
  close(): Promise<void>;
}

/**
 * An http server on 127.0.0.1 that, to every request, sends one byte every `everyMs`: after its
 * headers (`body`: a 200 whose JSON body never completes) or before them (`status`: the status line
 * itself, byte by byte). It gives up after `forMs`, so a client without a deadline still ends.
 */
export async function dripServer(
  mode: 'body' | 'status',
  everyMs = 200,
  forMs = 60_000,
): Promise<DripServer> {
  const sockets = new Set<net.Socket>();
  const state = { hits: 0 };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => {
      state.hits++;
      if (mode === 'body') {
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{');
      }
      const text = mode === 'body' ? ' ' : 'HTTP/1.1 200 OK\r\n';
      let i = 0;
      const drip = setInterval(() => socket.write(text.charAt(i++ % text.length)), everyMs);
      const stop = setTimeout(() => socket.destroy(), forMs);
      socket.on('close', () => {
        clearInterval(drip);
        clearTimeout(stop);
        sockets.delete(socket);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    get hits() {
      return state.hits;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The most of `times` (ms, any order) inside any window of `windowMs`. */
export function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let j = 0;
  for (let i = 0; i < sorted.length; i++) {
    while ((sorted[i] ?? 0) - (sorted[j] ?? 0) >= windowMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}
