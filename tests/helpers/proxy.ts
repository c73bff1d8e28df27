/**
 * Local stand-ins for a corporate network: a CONNECT proxy, ANAF's https hosts in front of a mock
 * (certificate from the test CA, given to the CLI with NODE_EXTRA_CA_CERTS), and servers that answer
 * a byte at a time. All on 127.0.0.1, ports chosen by the system.
 */
import net from 'node:net';

// The proxy and the front are corporate-network.js's, which the bench shares.
export { anafFront, connectProxy, proxiedChildEnv } from './corporate-network';
export type { AnafFront, ConnectProxy } from './corporate-network';

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
