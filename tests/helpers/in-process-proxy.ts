/**
 * For tests that send this process's own requests through a proxy: HTTPS_PROXY and NO_PROXY set
 * for the test and restored after it, and name lookups refused, so a request that went past the
 * proxy (looking up ANAF's name itself) is seen rather than sent.
 */
import dns from 'node:dns';
import net from 'node:net';

/**
 * Restores HTTPS_PROXY, NO_PROXY and every jest spy after each test of the file. Returns what a test
 * calls to route this process through `proxyUrl` with lookups refused; the names looked up are
 * recorded in the returned list.
 */
export function useInProcessProxy(): (proxyUrl: string) => string[] {
  const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY };
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    jest.restoreAllMocks();
  });
  return (proxyUrl) => {
    process.env.HTTPS_PROXY = proxyUrl;
    process.env.NO_PROXY = '';
    const lookups: string[] = [];
    const lookup = dns.lookup;
    jest.spyOn(dns, 'lookup').mockImplementation(((host: string, ...rest: unknown[]) => {
      if (host === 'localhost' || net.isIP(host))
        return (lookup as (...args: unknown[]) => unknown)(host, ...rest);
      lookups.push(host);
      const callback = rest.at(-1) as (err: Error) => void;
      process.nextTick(() =>
        callback(Object.assign(new Error(`no lookups in this test: ${host}`), { code: 'ENOTFOUND' })),
      );
    }) as unknown as typeof dns.lookup);
    return lookups;
  };
}
