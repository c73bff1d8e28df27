/**
 * A proxy that misbehaves ends a token request within its deadline, as a failure: it never hangs
 * (a hung refresh would hold the file's lock) and never crashes the process.
 */
import http from 'node:http';
import type net from 'node:net';
import { postForm } from '../../../src/transport/http-post';
import { useRateLimit } from '../../../src/transport/rate-limit';

const ANAF_TOKEN = 'https://logincert.anaf.ro/anaf-oauth2/v1/token';

/** A proxy that takes CONNECT and answers with `answer`, or never. */
async function proxy(answer?: string): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const tunnels = new Set<net.Socket>();
  const server = http.createServer((_q, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket) => {
    seen.push(String(req.headers['proxy-authorization'] ?? ''));
    tunnels.add(socket);
    socket.on('error', () => undefined);
    if (answer !== undefined) socket.end(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => {
      for (const socket of tunnels) socket.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY };
afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('token requests through a proxy that misbehaves', () => {
  it('a proxy that never answers CONNECT: rejected at the deadline', async () => {
    const p = await proxy();
    try {
      process.env.HTTPS_PROXY = p.url;
      process.env.NO_PROXY = '';
      const started = Date.now();
      await expect(postForm(ANAF_TOKEN, { grant_type: 'x' }, {}, 400)).rejects.toMatchObject({
        code: 'ETIMEDOUT',
      });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await p.close();
    }
  });

  it('the same under a batch rate limit', async () => {
    const p = await proxy();
    const release = useRateLimit({ limit: 100, windowMs: 1000 });
    try {
      process.env.HTTPS_PROXY = p.url;
      process.env.NO_PROXY = '';
      await expect(postForm(ANAF_TOKEN, { grant_type: 'x' }, {}, 400)).rejects.toMatchObject({
        code: 'ETIMEDOUT',
      });
    } finally {
      release();
      await p.close();
    }
  });

  it("a raw % in the proxy's password: sent as typed, a 407 is a rejection, not a crash", async () => {
    const p = await proxy('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n');
    try {
      process.env.HTTPS_PROXY = p.url.replace('http://', 'http://qa:50%off@');
      process.env.NO_PROXY = '';
      await expect(postForm(ANAF_TOKEN, { grant_type: 'x' }, {}, 2000)).rejects.toThrow(
        /^proxy 127\.0\.0\.1:\d+ asks for credentials \(HTTP 407 to CONNECT logincert\.anaf\.ro:443\): /,
      );
      expect(p.seen).toEqual([`Basic ${Buffer.from('qa:50%off').toString('base64')}`]);
    } finally {
      await p.close();
    }
  });
});
