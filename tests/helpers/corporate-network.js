'use strict';
// A corporate network on 127.0.0.1 (ports chosen by the system), shared by the tests (through
// proxy.ts) and the proxy figure of bench/scale.js: plain JS so the bench can require it without a
// build. ANAF's https names answer only through a CONNECT proxy, since in the child they resolve
// nowhere (no-dns.js); the front's certificate is from the test CA, given with NODE_EXTRA_CA_CERTS.
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const TLS_DIR = path.join(ROOT, 'tests', 'fixtures', 'tls');

/**
 * What a child needs to reach ANAF's names only through `proxyUrl`: the test CA, no DNS at all.
 * @param {string} proxyUrl
 * @returns {NodeJS.ProcessEnv}
 */
function proxiedChildEnv(proxyUrl) {
  return {
    HTTPS_PROXY: proxyUrl,
    NO_PROXY: '',
    NODE_EXTRA_CA_CERTS: path.join(TLS_DIR, 'ca.pem'),
    NODE_OPTIONS: `--require ${path.join(__dirname, 'no-dns.js')}`,
  };
}

/**
 * @param {net.Server} server
 * @returns {Promise<number>} its port
 */
async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  return /** @type {net.AddressInfo} */ (server.address()).port;
}

/**
 * @param {number} [port]
 * @returns {Promise<import('./corporate-network').ConnectProxy>}
 */
async function connectProxy(port) {
  /** @type {import('./corporate-network').ConnectProxy['tunnels']} */
  const tunnels = [];
  /** @type {Set<import('node:stream').Duplex>} */
  const open = new Set();
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, socket, head) => {
    tunnels.push({ target: req.url ?? '', at: Date.now() });
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => undefined);
    // Without a port: a proxy that takes the CONNECT and hangs.
    if (port === undefined) return;
    const upstream = net.connect(port, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
  });
  const url = `http://127.0.0.1:${await listen(server)}`;
  return {
    url,
    tunnels,
    close: async () => {
      for (const socket of open) socket.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * @param {number} mockPort
 * @returns {Promise<import('./corporate-network').AnafFront>}
 */
async function anafFront(mockPort) {
  /** @type {import('./corporate-network').AnafFront['requests']} */
  const requests = [];
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
  const port = await listen(server);
  return {
    port,
    requests,
    close: async () => {
      server.closeAllConnections();
      upstream.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

module.exports = { proxiedChildEnv, connectProxy, anafFront };
