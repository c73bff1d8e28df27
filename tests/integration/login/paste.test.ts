/** login() in paste mode against the mock: the test plays the browser and pastes into the input stream. */
import fs from 'node:fs';
import { PassThrough } from 'node:stream';
import { POSTMAN_CALLBACK_URL, Var } from '../../../src/anaf';
import { login, type LoginMessage, type LoginOptions, type LoginResult } from '../../../src/login';
import type { MockServer } from '../../../src/mock';
import { cleanTemp, consent, hello, loginMock, readVars, tempDir, tokenRequests, writeEnv } from './helpers';
import { entry } from '../../helpers/checked';
import { rejection } from '../../helpers/errors';

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
  cleanTemp();
});

interface Started {
  file: string;
  input: PassThrough;
  messages: LoginMessage[];
  result: Promise<LoginResult>;
  url: Promise<string>;
}

async function start(
  options: Partial<LoginOptions> = {},
  envOverrides: Record<string, string | undefined> = {},
  mockOptions = {},
): Promise<Started> {
  mock = await loginMock([POSTMAN_CALLBACK_URL], mockOptions);
  const file = writeEnv(tempDir(), mock, POSTMAN_CALLBACK_URL, envOverrides);
  const input = new PassThrough();
  const messages: LoginMessage[] = [];
  let announce!: (url: string) => void;
  const url = new Promise<string>((resolve) => (announce = resolve));
  const result = login({
    environment: file,
    input,
    timeoutMs: 20_000,
    ...options,
    onMessage: (m) => {
      messages.push(m);
      if (m.kind === 'authorizeUrl') announce(m.url);
    },
  });
  result.catch(() => undefined);
  return { file, input, messages, result, url };
}

describe('login --paste', () => {
  it("is the default for Postman's callback; the pasted URL is checked and exchanged; tokens work", async () => {
    const s = await start();
    const location = await consent(await s.url);
    expect(location.startsWith(`${POSTMAN_CALLBACK_URL}?code=`)).toBe(true);
    expect(s.messages.map((m) => m.kind)).toEqual(['authorizeUrl', 'prompt']);
    // Both clocks are named: our wait and ANAF's 60-second code lifetime.
    const prompt = s.messages.find((m) => m.kind === 'prompt') as { text: string };
    expect(prompt.text).toMatch(/within \S+; ANAF's code expires 60 s after you approve/);
    s.input.write(`  ${location}  \n`);
    const result = await s.result;
    expect(result).toMatchObject({ mode: 'paste', stateChecked: true, refreshTokenReceived: true });
    const vars = readVars(s.file);
    expect(await hello(mock!, entry(vars, Var.accessToken).value)).toBe('Hello, "login"');
    expect(vars[Var.authorizationCode]).toMatchObject({ value: '', type: 'secret' });
    expect(entry(vars, Var.accessToken).type).toBe('secret');
    expect(entry(vars, Var.refreshToken).type).toBe('secret');
    expect(entry(vars, Var.clientSecret).type).toBe('secret');
    expect(entry(vars, 'myOwnVariable').description).toBe('mine');
    expect(tokenRequests(mock!)).toHaveLength(1);
    expect(s.input.isPaused()).toBe(true);
  });

  it('reads line by line: junk lines are reported (never echoed) and the wait goes on', async () => {
    const s = await start();
    const location = await consent(await s.url);
    s.input.write('\nhello there!\nhttps://example.com/no-code\n');
    await new Promise((r) => setImmediate(r));
    const notices = s.messages.filter((m) => m.kind === 'notice');
    expect(notices).toEqual([
      { kind: 'notice', text: 'that was neither a URL nor a code; paste the redirected URL or the code' },
      {
        kind: 'notice',
        text: 'that was a URL without code or error (paste the URL the browser was redirected to); paste the redirected URL or the code',
      },
    ]);
    s.input.write(location.slice(0, 20));
    s.input.write(`${location.slice(20)}\r\n`);
    expect((await s.result).stateChecked).toBe(true);
  });

  it('accepts the bare code, without state, with a notice', async () => {
    const s = await start();
    const code = new URL(await consent(await s.url)).searchParams.get('code') as string;
    s.input.end(`${code}\n`);
    const result = await s.result;
    expect(result.stateChecked).toBe(false);
    expect(s.messages).toContainEqual({
      kind: 'notice',
      text: 'a bare code carries no state: the state was not checked',
    });
    expect(await hello(mock!, entry(readVars(s.file), Var.accessToken).value)).toBe('Hello, "login"');
  });

  it('accepts the query alone (code=…&state=…)', async () => {
    const s = await start();
    const location = new URL(await consent(await s.url));
    s.input.write(`${location.search}\n`);
    expect((await s.result).stateChecked).toBe(true);
  });

  // Moved from the listen tests: listen mode now always requires the state (issue #29 item 13).
  it('a pasted URL without state is accepted with a notice, unless requireState', async () => {
    const s = await start();
    const location = new URL(await consent(await s.url));
    location.searchParams.delete('state');
    s.input.write(`${location}\n`);
    expect((await s.result).stateChecked).toBe(false);
    expect(s.messages).toContainEqual({
      kind: 'notice',
      text: 'the redirect carried no state (ANAF may not echo it): the state was not checked',
    });
    await mock!.close();

    const strict = await start({ requireState: true });
    const bare = new URL(await consent(await strict.url));
    bare.searchParams.delete('state');
    strict.input.write(`${bare}\n`);
    expect((await rejection(strict.result)).message).toContain('no state');
    expect(tokenRequests(mock!)).toHaveLength(0);
  });

  it('a pasted URL with another state is refused and nothing is exchanged', async () => {
    const s = await start();
    const location = new URL(await consent(await s.url));
    location.searchParams.set('state', 'not-mine');
    s.input.write(`${location}\n`);
    const err = await rejection(s.result);
    expect(err.exitCode).toBe(3);
    expect(err.message).toContain('state mismatch');
    expect(tokenRequests(mock!)).toHaveLength(0);
    expect(entry(readVars(s.file), Var.authorizationCode).value).toBe('stale-code-from-postman');
  });

  it('a pasted access_denied redirect: the certificate message, exit 3', async () => {
    const s = await start();
    s.input.write(`${await consent(await s.url, 'deny')}\n`);
    const err = await rejection(s.result);
    expect(err.exitCode).toBe(3);
    expect(err.message).toBe(
      'authorization denied (access_denied): the certificate was not presented or was refused; run login again with the certificate',
    );
    expect(tokenRequests(mock!)).toHaveLength(0);
  });

  it('an expired code (61 s later by the mock clock) → "the code expired or was used"', async () => {
    let clock = Date.now();
    const s = await start({}, {}, { now: () => clock });
    const location = await consent(await s.url);
    clock += 61_000;
    s.input.write(`${location}\n`);
    const err = await rejection(s.result);
    expect(err.code).toBe('AUTH_REQUIRED');
    expect(err.message).toBe(
      `${s.file}: ANAF refused the code (invalid_grant): the code expired or was used: run login again`,
    );
    expect(tokenRequests(mock!)).toHaveLength(1);
    expect(entry(readVars(s.file), Var.accessToken).value).toBe('');
  });

  it('wrong client secret → exit 3 naming the client variables, not the secret', async () => {
    const s = await start({}, { [Var.clientSecret]: 'wrong-secret-value' });
    s.input.write(`${await consent(await s.url)}\n`);
    const err = await rejection(s.result);
    expect(err.exitCode).toBe(3);
    expect(err.message).toContain('ANAF refused the client (invalid_client): check clientId, clientSecret');
    expect(err.message).not.toContain('wrong-secret-value');
  });

  it('no paste within the timeout → exit 3; the input is released', async () => {
    const s = await start({ timeoutMs: 300 });
    const err = await rejection(s.result);
    expect(err.code).toBe('AUTH_REQUIRED');
    expect(err.message).toBe('no code was pasted within 300ms: run login again');
    expect(s.input.isPaused()).toBe(true);
    expect(s.input.listenerCount('data')).toBe(0);
  });

  it('the input ends without a code → exit 3', async () => {
    const s = await start();
    s.input.end('not a code!\n');
    const err = await rejection(s.result);
    expect(err.message).toBe('the input ended before a code was pasted; run login again');
  });

  it('a 503 from the token endpoint is retried at once, within the code window', async () => {
    const s = await start();
    mock!.script('/anaf-oauth2/v1/token', { status: 503, body: 'busy' });
    s.input.write(`${await consent(await s.url)}\n`);
    await s.result;
    expect(tokenRequests(mock!)).toHaveLength(2);
  });

  it('keeps a change made to the file while the person was in the browser', async () => {
    const s = await start();
    const location = await consent(await s.url);
    const env = JSON.parse(fs.readFileSync(s.file, 'utf8'));
    env.values.find((v: { key: string }) => v.key === Var.cif).value = '99999999';
    fs.writeFileSync(s.file, JSON.stringify(env, null, 2));
    s.input.write(`${location}\n`);
    await s.result;
    const vars = readVars(s.file);
    expect(entry(vars, Var.cif).value).toBe('99999999');
    expect(entry(vars, Var.accessToken).value).not.toBe('');
  });

  it('the file gone meanwhile: the tokens go to a recovery file that is named', async () => {
    const s = await start();
    const location = await consent(await s.url);
    fs.rmSync(s.file);
    s.input.write(`${location}\n`);
    const err = await rejection(s.result);
    expect(err.code).toBe('TOKENS_NOT_SAVED');
    const recovery = err.details?.recoveryFile as string;
    expect(err.message).toContain(`the new tokens are safe in ${recovery}`);
    const saved = JSON.parse(fs.readFileSync(recovery, 'utf8')) as {
      values: { key: string; value: string }[];
    };
    const token = saved.values.find((v) => v.key === Var.accessToken)?.value as string;
    expect(await hello(mock!, token)).toBe('Hello, "login"');
    expect(fs.statSync(recovery).mode & 0o777).toBe(0o600);
  });
});

/** A `FILE.lock` that is not a folder and is old: proper-lockfile cannot take it over (ENOTDIR). */
function blockLock(file: string): void {
  const lock = `${file}.lock`;
  fs.writeFileSync(lock, 'not a lock folder');
  const old = new Date(Date.now() - 3600_000);
  fs.utimesSync(lock, old, old);
}

describe('login --paste: where the tokens go must be writable', () => {
  it('a lock that cannot be taken → WRITE_FAILED before the URL is shown', async () => {
    mock = await loginMock([POSTMAN_CALLBACK_URL]);
    const file = writeEnv(tempDir(), mock, POSTMAN_CALLBACK_URL);
    blockLock(file);
    const messages: LoginMessage[] = [];
    const err = await rejection(
      login({ environment: file, input: new PassThrough(), onMessage: (m) => messages.push(m) }),
    );
    expect(err.code).toBe('WRITE_FAILED');
    expect(err.message).toContain(`cannot lock ${file}: ENOTDIR`);
    expect(messages).toEqual([]);
    expect(tokenRequests(mock)).toHaveLength(0);
  });

  it('the lock failing after the exchange: the tokens go to a recovery file that is named', async () => {
    const s = await start();
    const location = await consent(await s.url);
    const before = fs.readFileSync(s.file, 'utf8');
    blockLock(s.file);
    s.input.write(`${location}\n`);
    const err = await rejection(s.result);
    expect(err.code).toBe('TOKENS_NOT_SAVED');
    expect(err.message).toContain(`cannot lock ${s.file}: ENOTDIR`);
    const recovery = err.details?.recoveryFile as string;
    expect(err.message).toContain(`the new tokens are safe in ${recovery}`);
    const saved = JSON.parse(fs.readFileSync(recovery, 'utf8')) as {
      values: { key: string; value: string }[];
    };
    const value = (key: string) => saved.values.find((v) => v.key === key)?.value;
    expect(await hello(mock!, value(Var.accessToken) as string)).toBe('Hello, "login"');
    expect(value(Var.refreshToken)).not.toBe('');
    expect(value('myOwnVariable')).toBe('keep me');
    expect(fs.statSync(recovery).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(s.file, 'utf8')).toBe(before);
  });
});
