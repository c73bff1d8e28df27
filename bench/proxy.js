'use strict';
// A corporate network for the rate figures of a batch `run`: ANAF's https names served by an https
// front of the mock (the tests' certificate, whose CA the CLI gets with NODE_EXTRA_CA_CERTS) and
// reachable only through a local CONNECT proxy (name lookups fail in the CLI: no-dns.js).
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const TLS_DIR = path.join(ROOT, 'tests', 'fixtures', 'tls');

/** The environment a CLI child needs to reach ANAF's names only through `proxyUrl`. */
function proxiedEnv(proxyUrl) {
  return {
    HTTPS_PROXY: proxyUrl,
    NO_PROXY: '',
    NODE_EXTRA_CA_CERTS: path.join(TLS_DIR, 'ca.pem'),
    NODE_OPTIONS: `--require ${path.join(ROOT, 'tests', 'helpers', 'no-dns.js')}`,
  };
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

/**
 * Starts the front (forwarding to the mock on `mockPort`, recording each request's arrival) and the
 * proxy in front of it. Resolves with the proxy's URL, the arrivals, the CONNECT count and `close`.
 * @param {number} mockPort
 */
async function corporateNetwork(mockPort) {
  /** @type {number[]} */
  const arrivals = [];
  let tunnels = 0;
  const upstream = new http.Agent({ keepAlive: true });
  const front = https.createServer(
    {
      key: fs.readFileSync(path.join(TLS_DIR, 'anaf.key')),
      cert: fs.readFileSync(path.join(TLS_DIR, 'anaf.pem')),
    },
    (req, res) => {
      arrivals.push(Date.now());
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
  const frontPort = await listen(front);
  /** @type {Set<import('node:stream').Duplex>} */
  const open = new Set();
  const proxy = http.createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (_req, socket, head) => {
    tunnels++;
    open.add(socket);
    socket.on('error', () => undefined);
    const to = net.connect(frontPort, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      to.write(head);
      to.pipe(socket).pipe(to);
    });
    to.on('error', () => socket.destroy());
    socket.on('close', () => {
      open.delete(socket);
      to.destroy();
    });
  });
  const proxyPort = await listen(proxy);
  return {
    url: `http://127.0.0.1:${proxyPort}`,
    arrivals,
    tunnels: () => tunnels,
    close: async () => {
      for (const socket of open) socket.destroy();
      proxy.closeAllConnections();
      front.closeAllConnections();
      upstream.destroy();
      await Promise.all([new Promise((r) => proxy.close(r)), new Promise((r) => front.close(r))]);
    },
  };
}

module.exports = { corporateNetwork, proxiedEnv };
