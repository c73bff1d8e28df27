/** What login refuses before it shows or serves anything, and the small pure parts. */
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { POSTMAN_CALLBACK_URL, Var } from '../../../src/anaf';
import { AnafPostmanError } from '../../../src/errors';
import {
  authorizeUrl,
  localTarget,
  login,
  openCommand,
  parsePasted,
  type LoginMessage,
  type LoginOptions,
} from '../../../src/login';
import { cleanTemp, tempDir, writeEnv } from './helpers';

/** The refusal of a file not set up: the same from run, refresh and login (#27). */
const notSetUp = (file: string, key: string) =>
  `${file}: not set up: no value for ${key}; fill it in (see "Your environment file" in the README or the guide)`;

afterEach(cleanTemp);

const MOCK = { url: 'http://127.0.0.1:1' };

async function refused(options: Partial<LoginOptions> & { environment: string }): Promise<AnafPostmanError> {
  const messages: LoginMessage[] = [];
  try {
    await login({
      input: new PassThrough(),
      timeoutMs: 1000,
      onMessage: (m) => messages.push(m),
      ...options,
    });
  } catch (err) {
    expect(messages).toEqual([]);
    if (err instanceof AnafPostmanError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('bad input: exit 2 before anything is shown', () => {
  it('a missing file', async () => {
    const file = path.join(tempDir(), 'nope.json');
    const err = await refused({ environment: file });
    expect([err.code, err.exitCode, err.message]).toEqual(['BAD_FILE', 2, `${file}: no such file`]);
  });

  it('malformed JSON, a collection instead of an environment', async () => {
    const dir = tempDir();
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"values": [');
    expect((await refused({ environment: bad })).message).toMatch(/bad\.json: malformed JSON/);
    fs.writeFileSync(bad, '{"info": {}, "item": []}');
    expect((await refused({ environment: bad })).message).toContain('is a Postman collection');
  });

  it.each([Var.clientId, Var.clientSecret, Var.redirectUri, Var.oauthBaseUrl])('missing %s', async (key) => {
    const file = writeEnv(tempDir(), MOCK, POSTMAN_CALLBACK_URL, { [key]: undefined });
    const err = await refused({ environment: file });
    expect([err.exitCode, err.message]).toEqual([2, notSetUp(file, key)]);
    const empty = writeEnv(tempDir(), MOCK, POSTMAN_CALLBACK_URL, { [key]: '' });
    expect((await refused({ environment: empty })).message).toBe(notSetUp(empty, key));
  });

  it('a disabled variable counts as missing', async () => {
    const file = writeEnv(tempDir(), MOCK, POSTMAN_CALLBACK_URL);
    const env = JSON.parse(fs.readFileSync(file, 'utf8'));
    env.values.find((v: { key: string }) => v.key === Var.clientSecret).enabled = false;
    fs.writeFileSync(file, JSON.stringify(env));
    expect((await refused({ environment: file })).message).toBe(notSetUp(file, 'clientSecret'));
  });

  it.each([
    [Var.redirectUri, 'not a url', 'redirectUri is not an http(s) URL'],
    [Var.redirectUri, 'ftp://localhost/cb', 'redirectUri is not an http(s) URL'],
    [Var.redirectUri, 'https://localhost:9/cb#frag', 'redirectUri must not hold a #fragment'],
    [Var.oauthBaseUrl, '{{oauthHost}}/anaf-oauth2/v1', 'oauthBaseUrl is not an http(s) URL'],
    [Var.clientAuth, 'header', 'clientAuth must be basic or body, not "header"'],
  ])('%s = %j', async (key, value, why) => {
    const file = writeEnv(tempDir(), MOCK, POSTMAN_CALLBACK_URL, { [key]: value });
    const err = await refused({ environment: file });
    expect([err.exitCode, err.message]).toEqual([2, `${file}: ${why}`]);
  });

  it('listen mode with a redirect URI elsewhere', async () => {
    const file = writeEnv(tempDir(), MOCK, POSTMAN_CALLBACK_URL);
    const err = await refused({ environment: file, mode: 'listen' });
    expect(err.code).toBe('USAGE');
    expect(err.message).toContain(`has ${POSTMAN_CALLBACK_URL}: paste the redirect URL instead`);
    expect(err.details?.option).toBe('mode');
  });

  it.each([0, -5, Number.NaN, 25 * 3600_000])('timeout %p', async (timeoutMs) => {
    const file = writeEnv(tempDir(), MOCK, POSTMAN_CALLBACK_URL);
    const err = await refused({ environment: file, timeoutMs });
    expect([err.code, err.exitCode]).toEqual(['USAGE', 2]);
  });

  it('paste mode without an input stream', async () => {
    const file = writeEnv(tempDir(), MOCK, POSTMAN_CALLBACK_URL);
    const err = await refused({ environment: file, input: undefined });
    expect(err.message).toBe('paste mode needs an input stream to read the pasted code from');
  });
});

describe('the pieces', () => {
  it('authorizeUrl: the collection parameters in order, trailing slashes of the base ignored', () => {
    const url = authorizeUrl(
      {
        [Var.oauthBaseUrl]: 'https://logincert.anaf.ro/anaf-oauth2/v1/',
        [Var.clientId]: 'id with space',
        [Var.redirectUri]: POSTMAN_CALLBACK_URL,
      },
      'st',
    );
    expect(url).toBe(
      'https://logincert.anaf.ro/anaf-oauth2/v1/authorize?client_id=id+with+space&response_type=code' +
        '&redirect_uri=https%3A%2F%2Foauth.pstmn.io%2Fv1%2Fcallback&token_content_type=jwt&state=st',
    );
  });

  it.each([
    [
      'https://localhost:9443/callback',
      { protocol: 'https:', hostname: 'localhost', port: 9443, pathname: '/callback' },
    ],
    [
      'http://127.0.0.1:8080/cb?x=1',
      { protocol: 'http:', hostname: '127.0.0.1', port: 8080, pathname: '/cb' },
    ],
    ['http://[::1]:8080/', { protocol: 'http:', hostname: '::1', port: 8080, pathname: '/' }],
    ['https://localhost/cb', { protocol: 'https:', hostname: 'localhost', port: 443, pathname: '/cb' }],
    [POSTMAN_CALLBACK_URL, undefined],
    ['https://localhost.example.com:9443/cb', undefined],
    ['http://127.0.0.2:80/cb', undefined],
  ])('localTarget(%s)', (uri, expected) => {
    expect(localTarget(uri)).toEqual(expected);
  });

  it.each([
    ['https://oauth.pstmn.io/v1/callback?code=abc&state=s', { code: 'abc', state: 's', bare: false }],
    ['"https://oauth.pstmn.io/v1/callback?code=abc"', { code: 'abc', bare: false }],
    ['https://localhost:9/cb#code=abc&state=s', { code: 'abc', state: 's', bare: false }],
    ['?code=a%2Bb&state=s', { code: 'a+b', state: 's', bare: false }],
    ['code=abc', { code: 'abc', bare: false }],
    [
      'https://x/cb?error=access_denied&error_description=no+cert',
      { error: 'access_denied', errorDescription: 'no cert', bare: false },
    ],
    ['Zm9vYmFy-_.~', { code: 'Zm9vYmFy-_.~', bare: true }],
    ['YWJjZA==', { code: 'YWJjZA==', bare: true }],
    ['', { unusable: 'an empty line' }],
    ['two words', { unusable: 'neither a URL nor a code' }],
    [
      'https://x/cb?foo=1',
      { unusable: 'a URL without code or error (paste the URL the browser was redirected to)' },
    ],
    ['https://', { unusable: 'not a valid URL' }],
  ])('parsePasted(%j)', (line, expected) => {
    expect(parsePasted(line)).toEqual(expect.objectContaining(expected));
    if ('code' in expected && !('state' in expected)) {
      expect((parsePasted(line) as { state?: string }).state).toBeUndefined();
    }
  });

  it('openCommand per platform keeps the URL one argument', () => {
    const url = 'https://h/a?x=1&y=2';
    expect(openCommand(url, 'linux')).toEqual(['xdg-open', [url]]);
    expect(openCommand(url, 'darwin')).toEqual(['open', [url]]);
    expect(openCommand(url, 'win32')).toEqual(['rundll32', ['url.dll,FileProtocolHandler', url]]);
  });
});
