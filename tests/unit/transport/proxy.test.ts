import { bypassesProxy, proxyFor, proxyHeaders, proxyLabel } from '../../../src/transport/proxy';

const ANAF = new URL('https://logincert.anaf.ro/anaf-oauth2/v1/token');

describe('proxyFor', () => {
  it.each([
    ['HTTPS_PROXY for https', { HTTPS_PROXY: 'http://proxy:3128' }, ANAF, 'http://proxy:3128/'],
    ['lower-case names', { https_proxy: 'http://proxy:3128' }, ANAF, 'http://proxy:3128/'],
    ['HTTP_PROXY when HTTPS_PROXY is unset', { HTTP_PROXY: 'http://proxy:8080' }, ANAF, 'http://proxy:8080/'],
    ['HTTPS_PROXY first', { HTTPS_PROXY: 'http://a:1', HTTP_PROXY: 'http://b:2' }, ANAF, 'http://a:1/'],
    ['a bare host:port', { HTTPS_PROXY: 'proxy.firm.ro:3128' }, ANAF, 'http://proxy.firm.ro:3128/'],
    [
      'http targets: HTTP_PROXY only',
      { HTTPS_PROXY: 'http://a:1' },
      new URL('http://anaf.example/t'),
      undefined,
    ],
    ['nothing set', {}, ANAF, undefined],
    ['loopback never', { HTTP_PROXY: 'http://proxy:1' }, new URL('http://127.0.0.1:3003/t'), undefined],
    ['localhost never', { HTTP_PROXY: 'http://proxy:1' }, new URL('http://localhost:3003/t'), undefined],
  ])('%s', (_name, env, target, expected) => {
    expect(proxyFor(target, env)?.href).toBe(expected);
  });

  it.each([
    [
      { HTTPS_PROXY: 'socks5://qa:hunter2@proxy:1080' },
      /^HTTPS_PROXY is not an http\(s\) proxy URL \(socks5:\)/,
    ],
    [{ https_proxy: 'http://' }, /^https_proxy is not an http\(s\) proxy URL; give http:\/\/host:port$/],
    [
      { HTTPS_PROXY: 'http//proxy.firm.ro:3128' },
      /^HTTPS_PROXY is not an http\(s\) proxy URL; give http:\/\/host:port$/,
    ],
  ])(
    'a proxy setting that is not an http(s) URL is a usage error naming the variable, not its value: %j',
    (env, message) => {
      let thrown: unknown;
      try {
        proxyFor(ANAF, env);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toMatchObject({ code: 'USAGE', exitCode: 2, message: expect.stringMatching(message) });
      expect(String((thrown as Error).message)).not.toContain('hunter2');
    },
  );

  it('NO_PROXY wins over the proxy', () => {
    expect(proxyFor(ANAF, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'anaf.ro' })).toBeUndefined();
    expect(proxyFor(ANAF, { HTTPS_PROXY: 'http://p:1', no_proxy: '*' })).toBeUndefined();
  });
});

describe('bypassesProxy', () => {
  it.each([
    ['anaf.ro', true],
    ['.anaf.ro', true],
    ['*.anaf.ro', true],
    ['logincert.anaf.ro', true],
    ['LOGINCERT.ANAF.RO', true],
    ['logincert.anaf.ro:443', true],
    ['logincert.anaf.ro:8443', false],
    ['nafta.ro', false],
    ['ro', true],
    ['example.com, anaf.ro', true],
    ['example.com  other.ro', false],
    ['', false],
  ])('NO_PROXY=%j → %s', (list, expected) => {
    expect(bypassesProxy(ANAF, list)).toBe(expected);
  });

  it.each([
    ['2001:db8::5', true],
    ['[2001:db8::5]', true],
    ['[2001:db8::5]:443', true],
    ['[2001:db8::5]:8443', false],
    ['2001:db8::6', false],
  ])('an IPv6 target, NO_PROXY=%j → %s', (list, expected) => {
    expect(bypassesProxy(new URL('https://[2001:db8::5]/token'), list)).toBe(expected);
  });

  it('does not take a suffix for a domain (anaf.ro is not fanaf.ro)', () => {
    expect(bypassesProxy(new URL('https://fanaf.ro/'), 'anaf.ro')).toBe(false);
  });
});

describe('proxy credentials', () => {
  it('become Proxy-Authorization, decoded, and never part of the label', () => {
    const proxy = new URL('http://qa%40firm:p%3Ass@proxy.firm.ro:3128');
    expect(proxyHeaders(proxy)).toEqual({
      'proxy-authorization': `Basic ${Buffer.from('qa@firm:p:ss').toString('base64')}`,
    });
    expect(proxyLabel(proxy)).toBe('proxy.firm.ro:3128');
    expect(proxyHeaders(new URL('http://proxy:1'))).toEqual({});
  });
});

describe('proxy credentials as people type them', () => {
  it('a % that starts no escape is kept, not a crash', () => {
    const proxy = new URL('http://qa:50%off%21@proxy:3128');
    expect(proxyHeaders(proxy)).toEqual({
      'proxy-authorization': `Basic ${Buffer.from('qa:50%off!').toString('base64')}`,
    });
  });
});
