import { Paths } from '../../../src/anaf';
import { startMock } from '../../../src/mock';
import { first } from '../../helpers/checked';
import { call, DEMO, form, useMock } from './helpers';

const mock = useMock();

function authorizeUrl(params: Record<string, string>): string {
  return `${Paths.authorize}?${new URLSearchParams(params)}`;
}

const valid = {
  client_id: DEMO.clientId,
  response_type: 'code',
  redirect_uri: DEMO.redirectUri,
  token_content_type: 'jwt',
};

function postConsent(
  fields: Record<string, string | undefined>,
  contentType = 'application/x-www-form-urlencoded',
) {
  return call(mock(), Paths.authorize, {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body: form(fields),
  });
}

describe('GET authorize: the consent page', () => {
  it('shows a form posting back every parameter, with approve and deny buttons', async () => {
    const res = await call(mock(), authorizeUrl({ ...valid, state: 's1' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.text).toContain(`<form method="post" action="${Paths.authorize}">`);
    for (const [name, value] of Object.entries({ ...valid, state: 's1' })) {
      expect(res.text).toContain(`<input type="hidden" name="${name}" value="${value}">`);
    }
    expect(res.text).toMatch(/<button type="submit" id="approve" name="decision" value="approve">/);
    expect(res.text).toMatch(/<button type="submit" id="deny" name="decision" value="deny">/);
  });

  it('escapes a hostile state in the hidden field', async () => {
    const state = `"><script>alert('x')</script>&`;
    const res = await call(mock(), authorizeUrl({ ...valid, state }));
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<script>');
    expect(res.text).toContain(
      '<input type="hidden" name="state" value="&#34;&#62;&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62;&#38;">',
    );
  });

  it('escapes hostile parameter names too', async () => {
    const res = await call(mock(), `${authorizeUrl(valid)}&%22%3E%3Cb%3E=1`);
    expect(res.text).toContain('name="&#34;&#62;&#60;b&#62;" value="1"');
    expect(res.text).not.toContain('"><b>');
  });

  it.each([
    ['an unknown client', { ...valid, client_id: 'nobody' }, 'Unknown client_id'],
    ['no client', { response_type: 'code', redirect_uri: DEMO.redirectUri }, 'client_id is missing'],
    ['an unregistered redirect URI', { ...valid, redirect_uri: 'https://evil.example/cb' }, 'not registered'],
    [
      'a redirect URI differing by a slash',
      { ...valid, redirect_uri: `${DEMO.redirectUri}/` },
      'not registered',
    ],
    [
      'a redirect URI differing in case',
      { ...valid, redirect_uri: DEMO.redirectUri.toUpperCase() },
      'not registered',
    ],
    ['no redirect URI', { client_id: DEMO.clientId, response_type: 'code' }, 'redirect_uri is missing'],
  ])('answers %s with a 400 HTML page, never a redirect', async (_name, params, message) => {
    const res = await call(mock(), authorizeUrl(params as Record<string, string>));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toContain(message);
  });

  it('escapes the client id echoed on the error page', async () => {
    const res = await call(mock(), authorizeUrl({ ...valid, client_id: '<img src=x>' }));
    expect(res.status).toBe(400);
    expect(res.text).toContain('&#60;img src=x&#62;');
  });

  it.each([
    [
      'a missing response_type',
      { client_id: DEMO.clientId, redirect_uri: DEMO.redirectUri },
      'invalid_request',
    ],
    ['response_type=token', { ...valid, response_type: 'token' }, 'unsupported_response_type'],
  ])('redirects %s back to the client with an error and the state', async (_n, params, error) => {
    const res = await call(mock(), authorizeUrl({ ...params, state: 'st' }));
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(DEMO.redirectUri);
    expect(location.searchParams.get('error')).toBe(error);
    expect(location.searchParams.get('state')).toBe('st');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('treats a repeated parameter as invalid_request', async () => {
    const res = await call(mock(), `${authorizeUrl(valid)}&response_type=code`);
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_request');
  });

  it('answers PUT with 405', async () => {
    const res = await call(mock(), authorizeUrl(valid), { method: 'PUT' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST');
  });
});

describe('POST authorize: the decision', () => {
  it('approve redirects with a code and the state', async () => {
    const res = await postConsent({ ...valid, state: 'abc 123', decision: 'approve' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(DEMO.redirectUri);
    expect(location.searchParams.get('code')).toMatch(/^[\w-]{20,}$/);
    expect(location.searchParams.get('state')).toBe('abc 123');
  });

  it('approve without a state adds no state', async () => {
    const res = await postConsent({ ...valid, decision: 'approve' });
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.searchParams.has('code')).toBe(true);
    expect(location.searchParams.has('state')).toBe(false);
  });

  it('deny redirects with error=access_denied and the state', async () => {
    const res = await postConsent({ ...valid, state: 'q', decision: 'deny' });
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('q');
    expect(location.searchParams.has('code')).toBe(false);
  });

  it('keeps the redirect URI own query when adding the code', async () => {
    const other = await startMock({
      port: 0,
      clients: [{ clientId: 'c', clientSecret: 's', redirectUris: ['https://app.example/cb?tenant=7'] }],
    });
    try {
      const result = await other.authorize({ state: 'z' });
      const location = new URL(result.location);
      expect(location.searchParams.get('tenant')).toBe('7');
      expect(result.code).toBeDefined();
      expect(result.state).toBe('z');
    } finally {
      await other.close();
    }
  });

  it.each([
    ['no decision', { ...valid }, 400],
    ['an unknown decision', { ...valid, decision: 'maybe' }, 400],
    ['an unknown client', { ...valid, client_id: 'x', decision: 'approve' }, 400],
    ['a foreign redirect URI', { ...valid, redirect_uri: 'https://evil.example/', decision: 'approve' }, 400],
  ])('answers %s with an HTML error page', async (_n, fields, status) => {
    const res = await postConsent(fields);
    expect(res.status).toBe(status);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('refuses a JSON body with 400, not 500', async () => {
    const res = await call(mock(), Paths.authorize, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...valid, decision: 'approve' }),
    });
    expect(res.status).toBe(400);
  });

  it('refuses bad percent-encoding with 400, not 500', async () => {
    const res = await call(mock(), Paths.authorize, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `${form(valid)}&state=%E0%A4%A&decision=approve`,
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Malformed form');
  });
});

describe('authorize(): the headless consent', () => {
  it('returns the code and state a browser would get', async () => {
    const result = await mock().authorize({ state: 'xyz' });
    expect(result.code).toBeDefined();
    expect(result.state).toBe('xyz');
    expect(result.error).toBeUndefined();
    expect(result.location.startsWith(`${DEMO.redirectUri}?`)).toBe(true);
  });

  it('returns access_denied on deny', async () => {
    const result = await mock().authorize({ decision: 'deny' });
    expect(result).toEqual({
      location: `${DEMO.redirectUri}?error=access_denied`,
      code: undefined,
      state: undefined,
      error: 'access_denied',
    });
  });

  it('is the same POST a browser does (it is recorded)', async () => {
    await mock().authorize();
    const recorded = first(mock().requests(Paths.authorize));
    expect(recorded.method).toBe('POST');
    expect(new URLSearchParams(recorded.body).get('decision')).toBe('approve');
  });

  it('throws a USAGE error for an unknown client', async () => {
    await expect(mock().authorize({ clientId: 'nobody' })).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('answered 400'),
    });
  });
});
