/** Bad options are refused with a USAGE error naming the option (the CLI shows its flag); good ones are normalised. */
import { generate, type GenerateOptions } from '../../../src/generate';
import { AnafPostmanError } from '../../../src/errors';

function failure(options: GenerateOptions): AnafPostmanError {
  try {
    generate(options);
  } catch (err) {
    expect(err).toBeInstanceOf(AnafPostmanError);
    return err as AnafPostmanError;
  }
  throw new Error(`generate(${JSON.stringify(options)}) did not throw`);
}

describe('bad options', () => {
  it.each([
    [{ services: 'efactura,spv' }, 'services', 'spv'],
    [{ services: 'bogus' }, 'services', 'bogus'],
    [{ services: '' }, 'services', ''],
    [{ services: ' , ' }, 'services', ''],
    [{ langs: 'fr' }, 'langs', 'fr'],
    [{ langs: 'en,de' }, 'langs', 'de'],
    [{ clientAuth: 'digest' }, 'clientAuth', 'digest'],
    [{ clientAuth: '' }, 'clientAuth', ''],
    [{ redirectUri: 'not a url' }, 'redirectUri', 'not a url'],
    [{ redirectUri: 'http://example.com/cb' }, 'redirectUri', 'http://example.com/cb'],
    [{ redirectUri: 'ftp://example.com/cb' }, 'redirectUri', 'ftp://example.com/cb'],
    [{ redirectUri: '/callback' }, 'redirectUri', '/callback'],
    [{ redirectUri: 'https://example.com/cb#x' }, 'redirectUri', 'https://example.com/cb#x'],
    [{ clientId: 'abc\ndef' }, 'clientId', ''],
  ] as [GenerateOptions, string, string][])('%j → USAGE naming %s', (options, option, value) => {
    const err = failure(options);
    expect(err.code).toBe('USAGE');
    expect(err.exitCode).toBe(2);
    expect(err.message.startsWith(`${option}: `)).toBe(true);
    expect(err.details?.option).toBe(option);
    if (value) expect(err.message).toContain(value);
    expect(err.message).not.toContain('\n');
  });
});

describe('good options', () => {
  it('defaults: Postman only, both services, both languages, basic, Postman callback, no client id', () => {
    expect(generate().options).toEqual({
      formats: ['postman'],
      services: ['efactura', 'etransport'],
      langs: ['en', 'ro'],
      clientAuth: 'basic',
      redirectUri: 'https://oauth.pstmn.io/v1/callback',
      clientId: '',
    });
  });

  it.each([
    'https://oauth.pstmn.io/v1/callback',
    'https://localhost:9443/callback',
    'https://example.com/anaf/callback?x=1',
  ])('accepts the https redirect URI %s', (redirectUri) => {
    expect(generate({ redirectUri }).options.redirectUri).toBe(redirectUri);
  });

  it('lists are case-insensitive, comma-separated and trimmed', () => {
    const { options } = generate({ services: ' EFACTURA ', langs: 'RO, en', clientAuth: 'Body' });
    expect(options.services).toEqual(['efactura']);
    expect(options.langs).toEqual(['en', 'ro']);
    expect(options.clientAuth).toBe('body');
  });
});
