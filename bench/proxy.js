'use strict';
// The corporate network of the tests (tests/helpers/corporate-network.js) for the rate figures of a
// batch `run`, as one thing to start and close: the rate is measured where ANAF would see it.
const { anafFront, connectProxy, proxiedChildEnv } = require('../tests/helpers/corporate-network');

/**
 * Starts the front (forwarding to the mock on `mockPort`, recording each request's arrival) and the
 * proxy in front of it. Resolves with the proxy's URL, the arrivals, the CONNECT count and `close`.
 * @param {number} mockPort
 */
async function corporateNetwork(mockPort) {
  const front = await anafFront(mockPort);
  const proxy = await connectProxy(front.port);
  return {
    url: proxy.url,
    get arrivals() {
      return front.requests.map((r) => r.at);
    },
    tunnels: () => proxy.tunnels.length,
    close: async () => {
      await Promise.all([proxy.close(), front.close()]);
    },
  };
}

module.exports = { corporateNetwork, proxiedEnv: proxiedChildEnv };
