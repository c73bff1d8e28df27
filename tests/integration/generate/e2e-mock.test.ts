/**
 * End to end: the whole committed collection against the offline mock (base URLs rewritten to a
 * mock on a free port) passes with zero failures, from a code or from a stored token pair.
 */
import { Paths, stageBaseUrls } from '../../../src/anaf';
import type { PostmanEnvironment } from '../../../src/generate';
import { startMock, type MockServer } from '../../../src/mock';
import { defined, first } from '../../helpers/checked';
import { committedCollection, environment, runNewman } from './helpers';

let mock: MockServer;

beforeEach(async () => {
  mock = await startMock({ port: 0 });
});

afterEach(async () => {
  await mock.close();
});

/** The committed mock environment pointed at this test's mock, with `values`. */
function mockEnvironment(values: Record<string, string> = {}): PostmanEnvironment {
  const urls = stageBaseUrls('mock', mock.url);
  return environment({ ...urls, ...values }, 'environments/anaf-mock.postman_environment.json');
}

const passedNames = (run: { assertions: { name: string; passed: boolean }[] }) =>
  run.assertions.filter((a) => a.passed).map((a) => a.name);

it('from a fresh code: exchange, every e-Factura and e-Transport call, zero failures, no refresh (not due)', async () => {
  const { code } = await mock.authorize();
  const run = await runNewman({
    collection: committedCollection(),
    environment: mockEnvironment({ authorizationCode: code ?? '' }),
  });

  expect(run.failures).toEqual([]);
  expect(run.env.authorizationCode).toBe('');
  expect(run.env.uploadIndex).toMatch(/^\d+$/);
  expect(run.env.downloadId).toMatch(/^\d+$/);
  expect(run.env.etransportUploadIndex).toMatch(/^\d+$/);
  // The requests that judge something did judge it (a skipped request has no assertion).
  expect(passedNames(run)).toEqual(
    expect.arrayContaining([
      'download is a ZIP archive',
      'conversion returned a PDF',
      'validation answered stare ok',
      'message processed without errors',
      'upload accepted (ExecutionStatus 0, index_incarcare)',
    ]),
  );
  const grants = mock.requests(Paths.token).map((r) => new URLSearchParams(r.body).get('grant_type'));
  expect(grants).toEqual(['authorization_code']);
});

it('from a stored token pair and no code: authorize and exchange skip themselves, everything passes', async () => {
  const pair = mock.issueTokens();
  const run = await runNewman({
    collection: committedCollection(),
    environment: mockEnvironment({ accessToken: pair.access_token, refreshToken: pair.refresh_token }),
  });

  expect(run.failures).toEqual([]);
  expect(run.console).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /^info: authorize is a browser step .*: http:\/\/127\.0\.0\.1:\d+\/anaf-oauth2\/v1\/authorize\?client_id=anaf-postman-demo&/,
      ),
      'info: Exchange authorization code: skipped: no value yet for authorizationCode',
    ]),
  );
  expect(mock.requests(Paths.authorize)).toEqual([]);
  // A valid access token: the explicit refresh request said so and spent nothing.
  expect(run.console).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^info: Refresh access token: not sent: .*forceRefresh=true/),
    ]),
  );
  expect(mock.requests(Paths.token)).toEqual([]);
  expect(run.env.refreshToken).toBe(pair.refresh_token);
});

it('an expired access token is refreshed by the pre-request script; the old refresh token is then rejected', async () => {
  const pair = mock.issueTokens({ accessTtlSeconds: -10 });
  const collection = committedCollection();
  const hello = defined(
    first(collection.item).item.find((i) => i.name === 'TestOauth hello'),
    'the TestOauth hello request',
  ).id;
  const run = await runNewman({
    collection,
    environment: mockEnvironment({ accessToken: pair.access_token, refreshToken: pair.refresh_token }),
    folder: hello,
  });

  expect(run.failures).toEqual([]);
  expect(run.env.accessToken).not.toBe(pair.access_token);
  expect(run.env.refreshToken).not.toBe(pair.refresh_token);
  const helloCalls = mock.requests(Paths.hello);
  expect(helloCalls.map((r) => r.headers.authorization)).toEqual([`Bearer ${run.env.accessToken}`]);

  const reuse = await fetch(`${mock.url}${Paths.token}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${Buffer.from('anaf-postman-demo:demo-secret-public-test-value').toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: pair.refresh_token }).toString(),
  });
  expect(reuse.status).toBe(400);
  expect(((await reuse.json()) as { error: string }).error).toBe('invalid_grant');
});

it('with the mock processing slowly, stareMesaj passes as "in prelucrare" and the download skips itself', async () => {
  mock.setOptions({ processingPolls: 5 });
  const pair = mock.issueTokens();
  const run = await runNewman({
    collection: committedCollection(),
    environment: mockEnvironment({ accessToken: pair.access_token, refreshToken: pair.refresh_token }),
    folder: 'e-Factura',
  });

  expect(run.failures).toEqual([]);
  expect(run.console).toEqual(
    expect.arrayContaining([
      'info: still processing (stare: in prelucrare): run the status request again later',
      'info: descarcare: skipped: no value yet for downloadId',
    ]),
  );
});
