/** login() in listen mode against the mock, with the test playing the browser over HTTP. */
import fs from 'node:fs';
import http from 'node:http';
import { Paths, Var } from '../../../src/anaf';
import { login, type LoginMessage, type LoginOptions, type LoginResult } from '../../../src/login';
import type { MockServer } from '../../../src/mock';
import {
  browserGet,
  cleanTemp,
  CLIENT,
  consent,
  freePort,
  hello,
  loginMock,
  pageMessage,
  portOpen,
  readVars,
  tempDir,
  tokenRequests,
  writeEnv,
} from './helpers';
import { entry, first } from '../../helpers/checked';
import { rejection } from '../../helpers/errors';

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
  cleanTemp();
});

interface Started {
  file: string;
  redirectUri: string;
  port: number;
  messages: LoginMessage[];
  result: Promise<LoginResult>;
  /** The authorize URL, once login announced it. */
  url: () => Promise<string>;
}

async function start(
  scheme: 'https://localhost' | 'http://127.0.0.1',
  options: Partial<LoginOptions> = {},
  envOverrides: Record<string, string | undefined> = {},
  mockOptions = {},
): Promise<Started> {
  const port = await freePort();
  const redirectUri = `${scheme}:${port}/callback`;
  mock = await loginMock([redirectUri], mockOptions);
  const file = writeEnv(tempDir(), mock, redirectUri, envOverrides);
  const messages: LoginMessage[] = [];
  let announce!: (url: string) => void;
  const announced = new Promise<string>((resolve) => (announce = resolve));
  const result = login({
    environment: file,
    timeoutMs: 20_000,
    ...options,
    onMessage: (m) => {
      messages.push(m);
      if (m.kind === 'authorizeUrl') announce(m.url);
    },
  });
  result.catch(() => undefined);
  return {
    file,
    redirectUri,
    port,
    messages,
    result,
    url: () => Promise.race([announced, result.then(() => '')]),
  };
}

/** True when ::1 can be bound here. */
function ipv6Loopback(): Promise<boolean> {
  return new Promise((resolve) => {
    const server = http.createServer();
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => server.close(() => resolve(true)));
  });
}

describe('login --listen', () => {
  it.each(['https://localhost', 'http://127.0.0.1'] as const)(
    '%s: approve → the listener exchanges at once, saves working tokens, answers "done" and stops',
    async (scheme) => {
      const s = await start(scheme);
      const url = await s.url();
      const authorize = new URL(url);
      expect(`${authorize.origin}${authorize.pathname}`).toBe(`${mock!.url}${Paths.authorize}`);
      expect([...authorize.searchParams.keys()]).toEqual([
        'client_id',
        'response_type',
        'redirect_uri',
        'token_content_type',
        'state',
      ]);
      expect(authorize.searchParams.get('client_id')).toBe(CLIENT.clientId);
      expect(authorize.searchParams.get('response_type')).toBe('code');
      expect(authorize.searchParams.get('redirect_uri')).toBe(s.redirectUri);
      expect(authorize.searchParams.get('token_content_type')).toBe('jwt');
      expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(s.messages.find((m) => m.kind === 'listening')).toMatchObject({ redirectUri: s.redirectUri });

      const location = await consent(url);
      expect(location.startsWith(`${s.redirectUri}?code=`)).toBe(true);
      const page = await browserGet(location);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(pageMessage(page.body)).toContain(
        'Done: the tokens are saved in login.postman_environment.json',
      );

      const result = await s.result;
      expect(result).toMatchObject({
        file: s.file,
        mode: 'listen',
        stateChecked: true,
        refreshTokenReceived: true,
      });
      const vars = readVars(s.file);
      expect(await hello(mock!, entry(vars, Var.accessToken).value)).toBe('Hello, "login"');
      expect(vars[Var.authorizationCode]).toMatchObject({ value: '', type: 'secret' });
      expect(entry(vars, Var.accessToken).type).toBe('secret');
      expect(entry(vars, Var.refreshToken).type).toBe('secret');
      expect(entry(vars, Var.refreshToken).value.split('.')).toHaveLength(3);
      expect(entry(vars, Var.accessTokenExpiresAt).value).toBe(result.accessTokenExpiresAt);
      expect(entry(vars, Var.refreshTokenExpiresAt).value).toBe(result.refreshTokenExpiresAt);
      expect(vars.myOwnVariable).toEqual({
        key: 'myOwnVariable',
        value: 'keep me',
        type: 'default',
        enabled: true,
        description: 'mine',
      });
      const env = JSON.parse(fs.readFileSync(s.file, 'utf8'));
      expect(env._postman_exported_using).toBe('Postman/11');
      expect(fs.statSync(s.file).mode & 0o777).toBe(0o600);

      // One token request, Basic client auth, the collection's form.
      const requests = tokenRequests(mock!);
      expect(requests).toHaveLength(1);
      const token = first(requests);
      const form = new URLSearchParams(token.body);
      expect(Object.fromEntries(form)).toEqual({
        grant_type: 'authorization_code',
        code: new URL(location).searchParams.get('code'),
        redirect_uri: s.redirectUri,
        token_content_type: 'jwt',
      });
      expect(token.headers.authorization).toBe(
        `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64')}`,
      );
      expect(await portOpen(s.port)).toBe(false);
    },
  );

  it('sends the client credentials in the body when clientAuth is body', async () => {
    const s = await start('http://127.0.0.1', {}, { [Var.clientAuth]: 'body' });
    await browserGet(await consent(await s.url()));
    await s.result;
    const token = first(tokenRequests(mock!));
    expect(token.headers.authorization).toBeUndefined();
    const form = new URLSearchParams(token.body);
    expect(form.get('client_id')).toBe(CLIENT.clientId);
    expect(form.get('client_secret')).toBe(CLIENT.clientSecret);
    expect(await hello(mock!, entry(readVars(s.file), Var.accessToken).value)).toBe('Hello, "login"');
  });

  it('answers 404 on other paths and 400 without code or error, and keeps waiting', async () => {
    const s = await start('https://localhost');
    const url = await s.url();
    const origin = new URL(s.redirectUri).origin;
    expect((await browserGet(`${origin}/favicon.ico`)).status).toBe(404);
    expect((await browserGet(`${origin}/callback/extra?code=x`)).status).toBe(404);
    const empty = await browserGet(`${origin}/callback?foo=bar`);
    expect(empty.status).toBe(400);
    expect(pageMessage(empty.body)).toContain('waits for the redirect');
    expect(tokenRequests(mock!)).toHaveLength(0);
    const done = await browserGet(await consent(url));
    expect(done.status).toBe(200);
    expect((await s.result).stateChecked).toBe(true);
  });

  it('is reachable on both loopbacks for localhost (browsers may pick ::1)', async () => {
    const s = await start('https://localhost');
    const location = new URL(await consent(await s.url()));
    // Where this machine has IPv6 loopback, the listener must answer there too.
    location.hostname = (await ipv6Loopback()) ? '[::1]' : '127.0.0.1';
    const page = await browserGet(location.toString());
    expect(page.status).toBe(200);
    await s.result;
  });

  it('deny → exit-3 error naming the certificate, a "denied" page, nothing exchanged, file unchanged', async () => {
    const s = await start('https://localhost');
    const before = fs.readFileSync(s.file, 'utf8');
    const page = await browserGet(await consent(await s.url(), 'deny'));
    const err = await rejection(s.result);
    expect(err.code).toBe('AUTH_REQUIRED');
    expect(err.exitCode).toBe(3);
    expect(err.message).toContain('access_denied');
    expect(err.message).toContain('the certificate was not presented or was refused');
    expect(page.status).toBe(400);
    expect(page.body).toContain('<h1 id="title">Authorization denied</h1>');
    expect(pageMessage(page.body)).toContain('the certificate was not presented or was refused');
    expect(tokenRequests(mock!)).toHaveLength(0);
    expect(fs.readFileSync(s.file, 'utf8')).toBe(before);
    expect(await portOpen(s.port)).toBe(false);
  });

  // Issue #29 item 13: any page on this machine can call the loopback port; only the state proves
  // a redirect is this login's, so a stray one is turned away and the wait goes on.
  it('a redirect with another state gets 400 and is ignored; the real one is then exchanged once', async () => {
    const s = await start('http://127.0.0.1');
    const real = await consent(await s.url());
    const forged = new URL(real);
    forged.searchParams.set('state', 'forged-state');
    forged.searchParams.set('code', 'a-code-of-someone-else');
    const stray = await browserGet(forged.toString());
    expect(stray.status).toBe(400);
    expect(pageMessage(stray.body)).toContain('another state than the authorize URL of this login: ignored');
    expect(tokenRequests(mock!)).toHaveLength(0);
    // A stray error (denied) with another state must not end the login either.
    const deny = new URL(s.redirectUri);
    deny.search = new URLSearchParams({ error: 'access_denied', state: 'forged-state' }).toString();
    expect((await browserGet(deny.toString())).status).toBe(400);

    const page = await browserGet(real);
    expect(page.status).toBe(200);
    const result = await s.result;
    expect(result.stateChecked).toBe(true);
    const exchanged = tokenRequests(mock!).map((r) => new URLSearchParams(r.body).get('code'));
    expect(exchanged).toEqual([new URL(real).searchParams.get('code')]);
    expect(s.messages.filter((m) => m.kind === 'notice')).toEqual([
      { kind: 'notice', text: 'ignored a redirect with another state (not this login): still waiting' },
      { kind: 'notice', text: 'ignored a redirect with another state (not this login): still waiting' },
    ]);
    expect(await hello(mock!, entry(readVars(s.file), Var.accessToken).value)).toBe('Hello, "login"');
  });

  it('a redirect without state gets 400 and is not exchanged; the listener keeps waiting', async () => {
    const s = await start('http://127.0.0.1', { timeoutMs: 3000 });
    const location = new URL(await consent(await s.url()));
    const real = location.toString();
    location.searchParams.delete('state');
    const page = await browserGet(location.toString());
    expect(page.status).toBe(400);
    expect(pageMessage(page.body)).toContain('carries no state');
    expect(pageMessage(page.body)).toContain('anaf-postman login --paste');
    expect(tokenRequests(mock!)).toHaveLength(0);
    expect(await portOpen(s.port)).toBe(true);
    expect(s.messages).toContainEqual({
      kind: 'notice',
      text: 'ignored a redirect without state (it cannot be told from a stray request): still waiting; if ANAF sends none, log in in paste mode',
    });
    // Still listening: the real redirect, with its state, completes the login.
    expect((await browserGet(real)).status).toBe(200);
    expect((await s.result).stateChecked).toBe(true);
    expect(tokenRequests(mock!)).toHaveLength(1);
  });

  it('only stray redirects until the timeout → the timeout error, nothing exchanged', async () => {
    const s = await start('http://127.0.0.1', { timeoutMs: 1500 });
    const location = new URL(await consent(await s.url()));
    location.searchParams.delete('state');
    expect((await browserGet(location.toString())).status).toBe(400);
    const err = await rejection(s.result);
    expect(err.message).toBe(`no redirect reached ${s.redirectUri} within 1500ms: run login again`);
    expect(tokenRequests(mock!)).toHaveLength(0);
    expect(entry(readVars(s.file), Var.accessToken).value).toBe('');
  });

  it('a code already used → "the code expired or was used", file unchanged', async () => {
    const s = await start('http://127.0.0.1');
    const location = await consent(await s.url());
    // Someone else exchanges the code first.
    const used = await fetch(`${mock!.url}${Paths.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: new URL(location).searchParams.get('code') as string,
        redirect_uri: s.redirectUri,
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
      }).toString(),
    });
    expect(used.status).toBe(200);
    const before = fs.readFileSync(s.file, 'utf8');
    const page = await browserGet(location);
    const err = await rejection(s.result);
    expect(err.code).toBe('AUTH_REQUIRED');
    expect(err.message).toContain('the code expired or was used: run login again');
    expect(pageMessage(page.body)).toContain('the code expired or was used');
    expect(fs.readFileSync(s.file, 'utf8')).toBe(before);
  });

  it('no redirect within the timeout → exit-3 error, the port is free again', async () => {
    const s = await start('https://localhost', { timeoutMs: 400 });
    await s.url();
    expect(await portOpen(s.port)).toBe(true);
    const err = await rejection(s.result);
    expect(err.code).toBe('AUTH_REQUIRED');
    expect(err.message).toBe(`no redirect reached ${s.redirectUri} within 400ms: run login again`);
    expect(await portOpen(s.port)).toBe(false);
  });

  it('a port in use is bad input (exit 2) before anything is shown', async () => {
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      mock = await loginMock([`http://127.0.0.1:${port}/cb`]);
      const file = writeEnv(tempDir(), mock, `http://127.0.0.1:${port}/cb`);
      const messages: LoginMessage[] = [];
      const err = await rejection(login({ environment: file, onMessage: (m) => messages.push(m) }));
      expect(err.code).toBe('USAGE');
      expect(err.exitCode).toBe(2);
      expect(err.message).toBe(
        `cannot listen on 127.0.0.1:${port} for the redirect (the port is in use): free the port or use --paste`,
      );
      expect(messages).toEqual([]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('openBrowser gets the URL once the listener is up (here it plays the browser itself)', async () => {
    const port = await freePort();
    const redirectUri = `https://localhost:${port}/callback`;
    mock = await loginMock([redirectUri]);
    const file = writeEnv(tempDir(), mock, redirectUri);
    let page: Promise<string> | undefined;
    const result = await login({
      environment: file,
      timeoutMs: 20_000,
      openBrowser: (url) => {
        page = consent(url).then(async (location) => pageMessage((await browserGet(location)).body));
      },
    });
    expect(result.stateChecked).toBe(true);
    expect(await page).toContain('Done');
  });

  it('a failing openBrowser is only a notice', async () => {
    const s = await start('http://127.0.0.1', {
      openBrowser: () =>
        Promise.reject(Object.assign(new Error('spawn xdg-open ENOENT'), { code: 'ENOENT' })),
    });
    await browserGet(await consent(await s.url()));
    await s.result;
    expect(s.messages).toContainEqual({
      kind: 'notice',
      text: 'could not open a browser (ENOENT): open the URL yourself',
    });
  });

  it('a second redirect while the first is handled gets 409', async () => {
    const s = await start('http://127.0.0.1', {}, {}, { latencyMs: 300 });
    const location = await consent(await s.url());
    const first = browserGet(location);
    await new Promise((r) => setTimeout(r, 100));
    const second = await browserGet(location);
    expect(second.status).toBe(409);
    expect((await first).status).toBe(200);
    await s.result;
    expect(tokenRequests(mock!)).toHaveLength(1);
  });
});
