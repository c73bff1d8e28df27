import { Paths } from '../../../src/anaf';
import { at } from '../../helpers/checked';
import { bearer, call, DEMO, useMock } from './helpers';

const mock = useMock();

const efactura = (stage: 'prod' | 'test') => `${Paths.efactura(stage)}/stareMesaj?id_incarcare=1`;
const etransport = (stage: 'prod' | 'test') => `${Paths.etransport(stage)}/lista/5/${DEMO.cif}`;
const protectedPaths = [
  ['hello', `${Paths.hello}?name=a`],
  ['e-Factura prod', efactura('prod')],
  ['e-Factura test', efactura('test')],
  ['e-Transport prod', etransport('prod')],
  ['e-Transport test', etransport('test')],
];

describe('API authentication', () => {
  it.each(protectedPaths)('%s: no bearer → 403 JSON', async (_n, path) => {
    const res = await call(mock(), path);
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ status: 403, error: 'Forbidden', message: expect.any(String) });
  });

  it.each(protectedPaths)('%s: Basic instead of a bearer → 403', async (_n, path) => {
    const res = await call(mock(), path, { headers: { Authorization: 'Basic YTpi' } });
    expect(res.status).toBe(403);
  });

  it.each(protectedPaths)(
    '%s: unknown bearer → 401 JSON with an invalid_token challenge',
    async (_n, path) => {
      const res = await call(mock(), path, { headers: bearer('f'.repeat(64)) });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ status: 401, error: 'Unauthorized', message: expect.any(String) });
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    },
  );

  it('a tampered JWT → 401', async () => {
    const { access_token: token } = mock().issueTokens();
    const parts = token.split('.');
    const tampered = `${at(parts, 0)}.${at(parts, 1)}.${at(parts, 2).slice(0, -4)}AAAA`;
    expect((await call(mock(), `${Paths.hello}?name=a`, { headers: bearer(tampered) })).status).toBe(401);
  });

  it('a refresh token used as bearer → 401', async () => {
    const { refresh_token: token } = mock().issueTokens();
    expect((await call(mock(), `${Paths.hello}?name=a`, { headers: bearer(token) })).status).toBe(401);
  });

  it('an expired access token → 401', async () => {
    const { access_token: token } = mock().issueTokens({ accessTtlSeconds: 0 });
    const res = await call(mock(), `${Paths.hello}?name=a`, { headers: bearer(token) });
    expect(res.status).toBe(401);
    expect(res.json.message).toMatch(/expired/);
  });

  it('the same token works on /prod and /test', async () => {
    const { access_token: token } = mock().issueTokens();
    for (const stage of ['prod', 'test'] as const) {
      expect((await call(mock(), etransport(stage), { headers: bearer(token) })).status).toBe(200);
    }
  });
});

describe('TestOauth hello', () => {
  it('answers Hello, "X" as text', async () => {
    const { access_token: token } = mock().issueTokens({ jwt: false });
    const res = await call(mock(), `${Paths.hello}?name=${encodeURIComponent('Ana Maria')}`, {
      headers: bearer(token),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.text).toBe('Hello, "Ana Maria"');
  });

  it('answers POST with 405', async () => {
    const { access_token: token } = mock().issueTokens();
    const res = await call(mock(), `${Paths.hello}?name=a`, { method: 'POST', headers: bearer(token) });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });
});

describe('unknown paths', () => {
  it.each(['/', '/nope', '/prod/FCTEL/rest/nope', '/staging/FCTEL/rest/upload', `${Paths.hello}/`])(
    '%s → 404 JSON',
    async (path) => {
      const res = await call(mock(), path);
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ status: 404, error: 'Not Found' });
    },
  );
});
