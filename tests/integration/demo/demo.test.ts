/** The demo as a library: every step passes, a refresh with rotation really happened, the mock is closed. */
import net from 'node:net';
import { Paths } from '../../../src/anaf';
import { runDemo, type DemoStep } from '../../../src/demo';
import { isAnafError } from '../../../src/errors';
import { startMock, type MockServer } from '../../../src/mock';
import { at, entry } from '../../helpers/checked';

const DEMO_BASIC = `Basic ${Buffer.from('anaf-postman-demo:demo-secret-public-test-value').toString('base64')}`;

/** True when something listens on `url`'s port. */
function listening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('runDemo on its own mock', () => {
  it('passes every step in order, reports each as it ends, and leaves no mock listening', async () => {
    const seen: DemoStep[] = [];
    const result = await runDemo({ onStep: (s) => seen.push(s) });

    expect(seen).toEqual(result.steps);
    expect(result.steps.every((s) => s.ok)).toBe(true);
    expect(result.steps.map((s) => s.name)).toEqual([
      'start the ANAF mock on a free port',
      'authorize (consent approved headlessly on the mock)',
      'Exchange authorization code',
      'TestOauth hello',
      'e-Factura upload',
      'e-Factura stareMesaj (status)',
      'e-Factura listaMesajeFactura (list)',
      'e-Factura descarcare (download)',
      'e-Factura validare (validate)',
      'Refresh access token (mock now issues 2 s access tokens)',
      'wait until the access token has expired',
      'the expired access token is refused by the API',
      'auto-refresh by the collection pre-request script',
      'TestOauth hello with the refreshed access token',
      'the old refresh token is rejected after rotation',
    ]);
    for (const step of result.steps) expect(step.ms).toBeGreaterThanOrEqual(0);
    expect(await listening(result.mockUrl)).toBe(false);
  });
});

describe('runDemo on a given mock', () => {
  let mock: MockServer;
  beforeEach(async () => {
    mock = await startMock({ port: 0 });
  });
  afterEach(async () => {
    await mock.close();
  });

  it('the pre-request script sent a refresh_token grant and the rotated-away token is refused afterwards', async () => {
    await runDemo({ mock });

    const grants = mock.requests(Paths.token).map((r) => Object.fromEntries(new URLSearchParams(r.body)));
    expect(grants.map((g) => g.grant_type)).toEqual([
      'authorization_code',
      'refresh_token', // the collection's Refresh request (short-lived token)
      'refresh_token', // the collection pre-request script, before hello
      'refresh_token', // the demo's check that the old one is refused
    ]);
    const [refreshed, scripted, retried] = [at(grants, 1), at(grants, 2), at(grants, 3)];
    expect(refreshed.token_content_type).toBe('jwt');
    expect(scripted).toMatchObject({ token_content_type: 'jwt' });
    // The token the pre-request script rotated away is the one the demo re-tried.
    expect(retried.refresh_token).toBe(scripted.refresh_token);
    const reuse = await fetch(`${mock.url}${Paths.token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: DEMO_BASIC },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: entry(scripted, 'refresh_token'),
      }).toString(),
    });
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toMatchObject({ error: 'invalid_grant' });
    // hello went out with the expired token once (refused on purpose), then with the refreshed one.
    const hello = mock.requests(Paths.hello).map((r) => r.headers.authorization);
    expect(new Set(hello).size).toBe(hello.length);
  });

  it('a failing step stops the demo with ASSERTIONS_FAILED naming it, and the steps so far', async () => {
    mock.script(`${Paths.efactura('prod')}/upload`, { status: 500 });
    const seen: DemoStep[] = [];
    const error = await runDemo({ mock, onStep: (s) => seen.push(s) }).catch((e: unknown) => e);

    expect(isAnafError(error, 'ASSERTIONS_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/^demo: "e-Factura upload" failed: status is 200: HTTP 500/);
    expect((error as Error).message).not.toContain('\n');
    expect(seen.map((s) => s.ok)).toEqual([true, true, true, true, false]);
  });
});
