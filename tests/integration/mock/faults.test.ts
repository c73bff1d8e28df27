import { createPublicKey } from 'node:crypto';
import { Paths } from '../../../src/anaf';
import type { Fault, MockServer } from '../../../src/mock';
import { first } from '../../helpers/checked';
import { bearer, call, DEMO, form, login, tokenRequest, useMock, verifyJwt } from './helpers';

const mock = useMock();

/** Scripts faults through the API or through `POST /__mock/script`. */
const scripters: [string, (m: MockServer, path: string, ...faults: Fault[]) => Promise<void>][] = [
  ['the API', async (m, path, ...faults) => m.script(path, ...faults)],
  [
    'POST /__mock/script',
    async (m, path, ...faults) => {
      const res = await call(m, '/__mock/script', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ path, faults }),
      });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ queued: faults.length });
    },
  ],
];

const refreshBody = () => ({
  grant_type: 'refresh_token',
  refresh_token: mock().issueTokens().refresh_token,
});

describe.each(scripters)('faults scripted through %s', (_how, script) => {
  it('status and body replace one answer, then normal behaviour resumes', async () => {
    await script(mock(), Paths.token, { status: 503, body: { message: 'down' } });
    const faulted = await tokenRequest(mock(), refreshBody());
    expect(faulted.status).toBe(503);
    expect(faulted.json).toEqual({ message: 'down' });
    expect((await tokenRequest(mock(), refreshBody())).status).toBe(200);
  });

  it('faults are used once each, in order', async () => {
    await script(mock(), Paths.token, { status: 500 }, { status: 502, body: 'bad gateway' });
    const first = await tokenRequest(mock(), refreshBody());
    expect(first.status).toBe(500);
    expect(first.json).toEqual({ status: 500, error: 'Internal Server Error', message: 'scripted fault' });
    const second = await tokenRequest(mock(), refreshBody());
    expect([second.status, second.text]).toEqual([502, 'bad gateway']);
    expect((await tokenRequest(mock(), refreshBody())).status).toBe(200);
  });

  it('oauthError answers the RFC body with its status', async () => {
    await script(mock(), Paths.token, { oauthError: 'invalid_grant' }, { oauthError: 'invalid_client' });
    const grant = await tokenRequest(mock(), refreshBody());
    expect(grant.status).toBe(400);
    expect(grant.json).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
    expect(grant.headers.get('cache-control')).toBe('no-store');
    const client = await tokenRequest(mock(), refreshBody());
    expect(client.status).toBe(400);
    expect(client.json.error).toBe('invalid_client');
  });

  it('retryAfterSeconds answers 429 with Retry-After', async () => {
    await script(mock(), '*', { retryAfterSeconds: 7 });
    const res = await call(mock(), `${Paths.hello}?name=x`);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.json).toMatchObject({ status: 429 });
  });

  it('malformedJson answers JSON that does not parse', async () => {
    await script(mock(), Paths.token, { malformedJson: true });
    const res = await tokenRequest(mock(), refreshBody());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(() => JSON.parse(res.text)).toThrow();
  });

  it('reset destroys the connection', async () => {
    await script(mock(), Paths.token, { reset: true });
    await expect(tokenRequest(mock(), refreshBody())).rejects.toThrow();
    expect((await tokenRequest(mock(), refreshBody())).status).toBe(200);
  });

  it('delayMs alone delays the normal answer', async () => {
    await script(mock(), Paths.token, { delayMs: 250 });
    const started = Date.now();
    const res = await tokenRequest(mock(), refreshBody());
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('headers alone are added to the normal answer', async () => {
    await script(mock(), Paths.token, { headers: { 'X-Scripted': 'yes', 'cache-control': 'max-age=1' } });
    const res = await tokenRequest(mock(), refreshBody());
    expect(res.status).toBe(200);
    expect(res.headers.get('x-scripted')).toBe('yes');
    expect(res.headers.get('cache-control')).toBe('max-age=1');
  });

  it('a path queue is used before the * queue, and only for its path', async () => {
    await script(mock(), '*', { status: 502 });
    await script(mock(), Paths.token, { status: 504 });
    expect((await tokenRequest(mock(), refreshBody())).status).toBe(504);
    expect((await tokenRequest(mock(), refreshBody())).status).toBe(502);
    expect((await tokenRequest(mock(), refreshBody())).status).toBe(200);
  });
});

describe('fault validation', () => {
  it.each([
    ['an unknown field', { stauts: 500 }, /stauts is not a fault field/],
    ['a status out of range', { status: 99 }, /status/],
    ['a fractional delay', { delayMs: 1.5 }, /delayMs/],
    ['an unknown oauthError', { oauthError: 'server_error' }, /oauthError/],
    ['a header with a newline', { headers: { 'X-A': 'a\r\nb' } }, /headers/],
    ['a non-boolean reset', { reset: 'yes' }, /reset/],
  ])('the API refuses %s with USAGE', (_n, fault, message) => {
    expect(() => mock().script(Paths.token, fault as Fault)).toThrow(
      expect.objectContaining({ code: 'USAGE', message: expect.stringMatching(message) }),
    );
  });

  it('the API refuses a path that is not a pathname', () => {
    expect(() => mock().script('token', { status: 500 })).toThrow(expect.objectContaining({ code: 'USAGE' }));
    expect(() => mock().script('/__mock/reset', { status: 500 })).toThrow(
      expect.objectContaining({ code: 'USAGE' }),
    );
  });

  it.each([
    ['not JSON', '{nope'],
    ['no faults array', JSON.stringify({ path: Paths.token })],
    ['a bad fault', JSON.stringify({ path: Paths.token, faults: [{ status: 'x' }] })],
    ['a bad path', JSON.stringify({ path: 'x', faults: [] })],
  ])('POST /__mock/script refuses %s with 400', async (_n, body) => {
    const res = await call(mock(), '/__mock/script', { method: 'POST', body });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: 'invalid_request', error_description: expect.any(String) });
  });
});

describe('recording and reset', () => {
  it('records method, path, query, lower-case headers, body and time', async () => {
    const before = Date.now();
    await tokenRequest(mock(), { grant_type: 'refresh_token', refresh_token: 'r1' });
    await call(mock(), `${Paths.hello}?name=a&name=b&x=1`, { headers: { 'X-Trace': 'T' } });
    const token = first(mock().requests(Paths.token));
    expect(token).toEqual({
      method: 'POST',
      path: Paths.token,
      query: {},
      headers: expect.objectContaining({
        'content-type': 'application/x-www-form-urlencoded',
        authorization: expect.any(String),
      }),
      body: form({ grant_type: 'refresh_token', refresh_token: 'r1' }),
      bodySize: form({ grant_type: 'refresh_token', refresh_token: 'r1' }).length,
      at: expect.any(Number),
    });
    expect(token.at).toBeGreaterThanOrEqual(before);
    const hello = first(mock().requests(Paths.hello));
    expect(hello.query).toEqual({ name: 'a', x: '1' });
    expect(hello.headers['x-trace']).toBe('T');
    expect(mock().requests()).toHaveLength(2);
  });

  it('does not record control requests', async () => {
    await call(mock(), '/__mock/requests');
    expect(mock().requests()).toEqual([]);
  });

  it('GET /__mock/requests filters by path', async () => {
    await login(mock());
    const res = await call(mock(), `/__mock/requests?path=${encodeURIComponent(Paths.token)}`);
    expect(res.json).toHaveLength(1);
    expect(res.json[0].method).toBe('POST');
    expect((await call(mock(), '/__mock/requests')).json).toHaveLength(2);
  });

  it('reset() clears faults and requests but keeps tokens', async () => {
    const pair = mock().issueTokens();
    mock().script(Paths.hello, { status: 500 });
    await call(mock(), '/nowhere');
    mock().reset();
    expect(mock().requests()).toEqual([]);
    const res = await call(mock(), `${Paths.hello}?name=z`, { headers: bearer(pair.access_token) });
    expect(res.status).toBe(200);
  });

  it('POST /__mock/reset does the same', async () => {
    mock().script('*', { status: 500 });
    expect((await call(mock(), '/__mock/reset', { method: 'POST' })).json).toEqual({ reset: true });
    expect((await call(mock(), '/nowhere')).status).toBe(404);
  });
});

describe('other control endpoints', () => {
  it('GET /__mock/public-key and /__mock/jwks publish the key that verifies the JWTs', async () => {
    const token = (await login(mock())).json.access_token;
    const pem = await call(mock(), '/__mock/public-key');
    expect(pem.text).toBe(mock().publicKeyPem);
    expect(verifyJwt(token, pem.text)).toBe(true);
    const jwks = await call(mock(), '/__mock/jwks');
    expect(jwks.json.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS512', use: 'sig' });
    const fromJwk = createPublicKey({ key: jwks.json.keys[0], format: 'jwk' });
    expect(verifyJwt(token, fromJwk.export({ type: 'spki', format: 'pem' }).toString())).toBe(true);
  });

  it('POST /__mock/options changes options; bad ones are 400', async () => {
    const ok = await call(mock(), '/__mock/options', {
      method: 'POST',
      body: JSON.stringify({ accessTtlSeconds: 10 }),
    });
    expect(ok.status).toBe(200);
    expect((await login(mock())).json.expires_in).toBe(10);
    for (const body of [{ accessTtlSeconds: -1 }, { port: 1 }, { rotate: 'no' }]) {
      const res = await call(mock(), '/__mock/options', { method: 'POST', body: JSON.stringify(body) });
      expect(res.status).toBe(400);
    }
  });

  it('POST /__mock/tokens issues a pair', async () => {
    const res = await call(mock(), '/__mock/tokens', {
      method: 'POST',
      body: JSON.stringify({ jwt: false }),
    });
    expect(res.json.access_token).toMatch(/^[0-9a-f]{64}$/);
    const bad = await call(mock(), '/__mock/tokens', {
      method: 'POST',
      body: JSON.stringify({ clientId: 'x' }),
    });
    expect(bad.status).toBe(400);
  });

  it('an unknown control endpoint is 404', async () => {
    expect((await call(mock(), '/__mock/nothing')).status).toBe(404);
  });

  it('control endpoints are never faulted', async () => {
    mock().script('*', { status: 500 });
    expect((await call(mock(), '/__mock/requests')).status).toBe(200);
  });
});

describe('latency', () => {
  it('latencyMs delays every ANAF answer but not the control API', async () => {
    mock().setOptions({ latencyMs: 200 });
    let started = Date.now();
    await call(mock(), `/anaf-oauth2/v1/authorize?client_id=${DEMO.clientId}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    started = Date.now();
    await call(mock(), '/__mock/requests');
    expect(Date.now() - started).toBeLessThan(150);
  });

  it('a fault delay adds to the latency', async () => {
    mock().setOptions({ latencyMs: 100 });
    mock().script('*', { delayMs: 100, status: 503 });
    const started = Date.now();
    expect((await call(mock(), '/x')).status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});
