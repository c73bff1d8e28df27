import net from 'node:net';
import { ALL_ENDPOINTS, Paths, Var, type EndpointSpec } from '../../../src/anaf';
import { startMock, type MockOptions } from '../../../src/mock';
import * as pdf from '../../../src/mock/pdf';
import * as zip from '../../../src/mock/zip';
import { entry } from '../../helpers/checked';
import { bearer, call, DEMO, tokenRequest, useMock } from './helpers';

const mock = useMock();

/** Sends raw bytes and resolves with everything the server answered before closing. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let out = '';
    socket.on('data', (d) => (out += d.toString('latin1')));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
    socket.end(request);
  });
}

const SAMPLE_VALUES: Partial<Record<string, string>> = {
  [Var.cif]: DEMO.cif,
  [Var.validationStandard]: 'FACT1',
  [Var.etransportUploadIndex]: '1',
  [Var.listDays]: '5',
};

function pathsOf(spec: EndpointSpec): string[] {
  const rest = spec.path.map((s) =>
    s.replace(/^\{\{(\w+)\}\}$/, (_m, name: string) => SAMPLE_VALUES[name] ?? 'x'),
  );
  const prefixes: Record<string, string[]> = {
    [Var.oauthBaseUrl]: [Paths.oauth],
    [Var.apiBaseUrl]: [''],
    [Var.efacturaBaseUrl]: [Paths.efactura('prod'), Paths.efactura('test')],
    [Var.etransportBaseUrl]: [Paths.etransport('prod'), Paths.etransport('test')],
    // prod only, as on ANAF
    [Var.efacturaToolsBaseUrl]: [Paths.efactura('prod')],
  };
  return entry(prefixes, spec.base).map((p) => `${p}/${rest.join('/')}`);
}

describe('routes', () => {
  const cases = ALL_ENDPOINTS.flatMap((spec) =>
    pathsOf(spec).map((p): [string, string, string] => [spec.method, p, spec.id]),
  );

  it.each(cases)('%s %s (%s) is served', async (method, p) => {
    const res = await call(mock(), p, {
      method,
      headers: { ...bearer(mock().issueTokens().access_token), 'Content-Type': 'text/plain' },
      body: method === 'POST' ? '<Invoice/>' : undefined,
    });
    expect([404, 405, 500]).not.toContain(res.status);
  });
});

describe('options', () => {
  it.each<[string, MockOptions, RegExp]>([
    ['a negative port', { port: -1 }, /port/],
    ['a port above 65535', { port: 70000 }, /port/],
    ['a fractional port', { port: 1.5 }, /port/],
    ['an empty host', { host: '' }, /host/],
    ['a negative access TTL', { accessTtlSeconds: -1 }, /accessTtlSeconds/],
    ['a NaN refresh TTL', { refreshTtlSeconds: NaN }, /refreshTtlSeconds/],
    ['a fractional processingPolls', { processingPolls: 1.5 }, /processingPolls/],
    ['no clients', { clients: [] }, /at least one client/],
    [
      'a client without secret',
      { clients: [{ clientId: 'a', clientSecret: '', redirectUris: ['https://a/'] }] },
      /clientSecret/,
    ],
    [
      'a relative redirect URI',
      { clients: [{ clientId: 'a', clientSecret: 's', redirectUris: ['/cb'] }] },
      /absolute URL/,
    ],
    [
      'a redirect URI with a fragment',
      { clients: [{ clientId: 'a', clientSecret: 's', redirectUris: ['https://a/#x'] }] },
      /fragment/,
    ],
    [
      'a client listed twice',
      {
        clients: [
          { clientId: 'a', clientSecret: 's', redirectUris: ['https://a/'] },
          { clientId: 'a', clientSecret: 't', redirectUris: ['https://a/'] },
        ],
      },
      /twice/,
    ],
  ])('refuses %s with USAGE', async (_n, options, message) => {
    await expect(startMock({ port: 0, ...options })).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringMatching(message),
    });
  });

  it('setOptions refuses unknown or bad values', () => {
    expect(() => mock().setOptions({ port: 1 } as never)).toThrow(expect.objectContaining({ code: 'USAGE' }));
    expect(() => mock().setOptions({ latencyMs: -5 })).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  it('defaults to the demo client and 127.0.0.1', async () => {
    expect(mock().url).toBe(`http://127.0.0.1:${mock().port}`);
    const { code } = await mock().authorize();
    expect(code).toBeDefined();
  });

  it('a port in use is a one-line USAGE error', async () => {
    await expect(startMock({ port: mock().port })).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringMatching(
        /^mock: port \d+ on 127\.0\.0\.1 is already in use; pick another --port/,
      ),
    });
  });

  it('log receives one line per answered request, without the query', async () => {
    const lines: string[] = [];
    const m = await startMock({ port: 0, log: (l) => lines.push(l) });
    try {
      await call(m, `${Paths.hello}?name=secret-value`);
      expect(lines).toEqual([`GET ${Paths.hello} 403`]);
    } finally {
      await m.close();
    }
  });
});

describe('robustness', () => {
  afterEach(() => jest.restoreAllMocks());

  it('an async handler bug is a 500 JSON, and the mock keeps serving', async () => {
    jest.spyOn(zip, 'zip').mockRejectedValue(new Error('boom'));
    const token = mock().issueTokens().access_token;
    const up = await call(mock(), `${Paths.efactura('prod')}/upload?standard=UBL&cif=${DEMO.cif}`, {
      method: 'POST',
      headers: bearer(token),
      body: '<Invoice/>',
    });
    const index = /index_incarcare="(\d+)"/.exec(up.text)?.[1];
    const state = await call(mock(), `${Paths.efactura('prod')}/stareMesaj?id_incarcare=${index}`, {
      headers: bearer(token),
    });
    const id = /id_descarcare="(\d+)"/.exec(state.text)?.[1];
    const res = await call(mock(), `${Paths.efactura('prod')}/descarcare?id=${id}`, {
      headers: bearer(token),
    });
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ status: 500, error: 'Internal Server Error', message: 'mock bug: boom' });
    expect((await call(mock(), `${Paths.hello}?name=a`, { headers: bearer(token) })).status).toBe(200);
  });

  it('a sync handler bug is a 500 JSON too', async () => {
    jest.spyOn(pdf, 'textPdf').mockImplementation(() => {
      throw new Error('sync boom');
    });
    const res = await call(mock(), `${Paths.efactura('prod')}/transformare/FACT1`, {
      method: 'POST',
      headers: bearer(mock().issueTokens().access_token),
      body: '<Invoice/>',
    });
    expect(res.status).toBe(500);
    expect(res.json.message).toBe('mock bug: sync boom');
  });

  it.each([
    ['an absolute-form target', `GET http://elsewhere.example${Paths.hello}?name=a HTTP/1.1`, 403],
    ['a bad escape in a path parameter', `GET ${Paths.etransport('prod')}/lista/%E0%A4%A/1 HTTP/1.1`, 403],
    ['a bad escape in the query', `GET ${Paths.hello}?name=%ZZ HTTP/1.1`, 403],
    ['a path with dot segments', `GET /a/..${Paths.token} HTTP/1.1`, 405],
  ])('%s is answered, not a crash', async (_n, line, status) => {
    const answer = await raw(mock().port, `${line}\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(answer.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
  });

  it('malformed HTTP gets 400 and the mock keeps serving', async () => {
    const answer = await raw(mock().port, 'THIS IS NOT HTTP\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect((await call(mock(), '/x')).status).toBe(404);
  });

  it('a bad path escape with a valid bearer is an error body, not a 500', async () => {
    const token = mock().issueTokens().access_token;
    const res = await call(mock(), `${Paths.etransport('prod')}/lista/%E0%A4%A/${DEMO.cif}`, {
      headers: bearer(token),
    });
    expect(res.status).toBe(200);
    expect(res.json.ExecutionStatus).toBe(1);
  });

  it('another Authorization scheme on the token endpoint falls back to body authentication', async () => {
    const { code } = await mock().authorize();
    const res = await tokenRequest(
      mock(),
      { grant_type: 'authorization_code', code, redirect_uri: DEMO.redirectUri },
      'body',
      { Authorization: 'Bearer something' },
    );
    expect(res.status).toBe(200);
  });
});

describe('close()', () => {
  it('closes open sockets, even mid-request, and is idempotent', async () => {
    const m = await startMock({ port: 0 });
    const socket = net.connect(m.port, '127.0.0.1');
    // The mock destroys the socket: the reset is expected.
    socket.on('error', () => undefined);
    await new Promise((r) => socket.once('connect', r));
    socket.write(`POST ${Paths.token} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab`);
    const closed = new Promise((r) => socket.once('close', r));
    const started = Date.now();
    await Promise.all([m.close(), m.close()]);
    await closed;
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(fetch(`${m.url}/x`)).rejects.toThrow();
  });

  it('drops answers still being delayed', async () => {
    const m = await startMock({ port: 0 });
    m.script('*', { delayMs: 60_000, status: 200 });
    const pending = fetch(`${m.url}/x`);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await m.close();
    await expect(pending).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
