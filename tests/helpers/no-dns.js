'use strict';
// Preloaded (`node -r`) into the CLI processes of tests that name ANAF's real hosts: a lookup of any
// name but localhost fails at once, so a test that goes wrong cannot reach the network.
const dns = require('node:dns');

const lookup = dns.lookup;
/** @type {any} */ (dns).lookup = function (/** @type {string} */ hostname, /** @type {any[]} */ ...rest) {
  const callback = rest[rest.length - 1];
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
