'use strict';
// Preloaded (`node -r`) into child processes (plain newman, bru, our CLI) of tests that need a
// production-like environment: ANAF's real host names, with the port of a local mock. Every
// *.anaf.ro name resolves to 127.0.0.1, any other name but localhost fails at once, so nothing can
// reach the network and the URLs still read as ANAF production to the scripts.
const dns = require('node:dns');

const lookup = dns.lookup;
/** @type {any} */ (dns).lookup = function (/** @type {string} */ hostname, /** @type {any[]} */ ...rest) {
  const callback = rest[rest.length - 1];
  const options = rest.length > 1 ? rest[0] : {};
  if (/(^|\.)anaf\.ro\.?$/i.test(hostname)) {
    const all = typeof options === 'object' && options !== null && options.all;
    process.nextTick(() =>
      all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4),
    );
    return undefined;
  }
  if (hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '::1') {
    return Reflect.apply(lookup, dns, [hostname, ...rest]);
  }
  const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (tests do not resolve names)`), {
    code: 'ENOTFOUND',
    hostname,
  });
  process.nextTick(() => callback(err));
  return undefined;
};
