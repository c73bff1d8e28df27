/**
 * Token requests go through the proxy the environment names, as Newman's requests do: `refresh`
 * against ANAF's real token host, reached only through a local CONNECT proxy that hands the tunnel
 * to a TLS front of the mock (certificate from a test CA given with NODE_EXTRA_CA_CERTS). Name
 * lookups fail in the child (`no-dns.js`), so nothing here can reach the network.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { runCli } from '../../helpers/cli';
import { readVars, ROOT, TOKEN_PATH, useMock, useTempDir, writeEnv } from '../../helpers/env';

const mock = useMock();
const tmp = useTempDir();
const TLS_DIR = path.join(ROOT, 'tests', 'fixtures', 'tls');
const NO_DNS = path.join(ROOT, 'tests', 'helpers', 'no-dns.js');
const ANAF_OAUTH = 'https://logincert.anaf.ro/anaf-oauth2/v1';

interface Proxy {
  url: (auth?: string) => string;
  tunnels: { target: string; auth: string | undefined }[];
  close: () => Promise<void>;
}

/** A TLS server for logincert.anaf.ro whose decrypted bytes go to the mock. */
async function tlsFront(mockPort: number): Promise<tls.Server> {
  const server = tls.createServer(
    {
      key: fs.readFileSync(path.join(TLS_DIR, 'anaf.key')),
      cert: fs.readFileSync(path.join(TLS_DIR, 'anaf.pem')),
    },
    (clear) => {
      const upstream = net.connect(mockPort, '127.0.0.1');
      clear.pipe(upstream).pipe(clear);
      upstream.on('error', () => clear.destroy());
      clear.on('error', () => upstream.destroy());
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** A CONNECT proxy sending every tunnel to `port`; with `requireAuth`, 407 without it. */
async function connectProxy(port: number, requireAuth?: string): Promise<Proxy> {
  const tunnels: Proxy['tunnels'] = [];
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const auth = req.headers['proxy-authorization'];
    tunnels.push({ target: req.url ?? '', auth });
    if (requireAuth !== undefined && auth !== requireAuth) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = net.connect(port, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as net.AddressInfo;
  return {
    url: (auth) => `http://${auth ? `${auth}@` : ''}127.0.0.1:${own}`,
    tunnels,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

let front: tls.Server;
beforeEach(async () => {
  front = await tlsFront(Number(new URL(mock().url).port));
});
afterEach(async () => {
  await new Promise((resolve) => front.close(resolve));
});

function anafEnv(): string {
  return writeEnv(tmp(), {
    origin: mock().url,
    tokens: mock().issueTokens(),
    vars: { oauthBaseUrl: ANAF_OAUTH },
  });
}

function childEnv(proxyUrl: string): NodeJS.ProcessEnv {
  return {
    HTTPS_PROXY: proxyUrl,
    NO_PROXY: '',
    NODE_EXTRA_CA_CERTS: path.join(TLS_DIR, 'ca.pem'),
    NODE_OPTIONS: `--require ${NO_DNS}`,
  };
}

describe('refresh through HTTPS_PROXY', () => {
  it('tunnels to ANAF’s host with the proxy’s credentials and saves the rotated pair', async () => {
    const proxy = await connectProxy(Number((front.address() as net.AddressInfo).port));
    try {
      const file = anafEnv();
      const before = readVars(file);
      const r = await runCli(['refresh', '-e', file], { env: childEnv(proxy.url('qa:s%40cret')) });
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      expect(proxy.tunnels).toEqual([
        { target: 'logincert.anaf.ro:443', auth: `Basic ${Buffer.from('qa:s@cret').toString('base64')}` },
      ]);
      const grants = mock()
        .requests()
        .filter((q) => q.path === TOKEN_PATH);
      expect(grants).toHaveLength(1);
      const after = readVars(file);
      expect(after.refreshToken).not.toBe(before.refreshToken);
      expect(after.accessToken).not.toBe(before.accessToken);
    } finally {
      await proxy.close();
    }
  });

  it('a proxy that asks for credentials (407): a setting to fix (exit 2, one attempt), named without its password', async () => {
    const proxy = await connectProxy(Number((front.address() as net.AddressInfo).port), 'Basic none');
    try {
      const file = anafEnv();
      const bytes = fs.readFileSync(file);
      const r = await runCli(['refresh', '-e', file], { env: childEnv(proxy.url('qa:hunter2secret')) });
      expect(r.code).toBe(2);
      const output = r.stdout + r.stderr;
      expect(output).toMatch(
        /proxy 127\.0\.0\.1:\d+ asks for credentials \(HTTP 407 to CONNECT logincert\.anaf\.ro:443\)/,
      );
      expect(output).not.toMatch(/unavailable|after \d+ attempts/);
      expect(output).not.toContain('hunter2secret');
      expect(fs.readFileSync(file)).toEqual(bytes);
      expect(mock().requests()).toEqual([]);
    } finally {
      await proxy.close();
    }
  }, 60_000);
});
