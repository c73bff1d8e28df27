/**
 * The committed files under plain `newman run`, as QA teams use them without our CLI. nock cannot
 * reach a child process, so this run talks to the offline mock on a free port.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Paths, stageBaseUrls } from '../../../src/anaf';
import type { PostmanEnvironment } from '../../../src/generate';
import { startMock, type MockServer } from '../../../src/mock';
import { ANAF_TO_LOOPBACK, prodLikeEnvironment } from '../../helpers/prod-like';
import { environment, ROOT } from './helpers';

let mock: MockServer;
let dir: string;

beforeAll(async () => {
  mock = await startMock({ port: 0 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-postman-newman-'));
});

afterAll(async () => {
  await mock.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function newman(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'newman'), args, {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

it('newman run on the committed API folders refreshes an expired token and exports the rotated pair', async () => {
  const pair = mock.issueTokens({ accessTtlSeconds: -5 });
  const envFile = path.join(dir, 'mock.postman_environment.json');
  const exported = path.join(dir, 'exported.postman_environment.json');
  fs.writeFileSync(
    envFile,
    JSON.stringify(
      environment(
        {
          ...stageBaseUrls('mock', mock.url),
          accessToken: pair.access_token,
          refreshToken: pair.refresh_token,
        },
        'environments/anaf-mock.postman_environment.json',
      ),
    ),
  );

  const result = await newman([
    'run',
    'collections/anaf.postman_collection.json',
    // The API folders only: the OAuth folder's own refresh request would rotate the pair before the
    // pre-request script gets its turn.
    '--folder',
    'e-Factura',
    '--folder',
    'e-Transport',
    '--environment',
    envFile,
    '--export-environment',
    exported,
    '--timeout-request',
    '10000',
    '--color',
    'off',
  ]);

  expect(result.code).toBe(0);
  expect(result.output).toMatch(/assertions\s*│\s*\d+\s*│\s*0\s*│/);
  const env = JSON.parse(fs.readFileSync(exported, 'utf8')) as PostmanEnvironment;
  const value = (key: string) => env.values.find((v) => v.key === key)?.value;
  expect(value('accessToken')).not.toBe(pair.access_token);
  expect(value('refreshToken')).not.toBe(pair.refresh_token);
  expect(value('accessTokenExpiresAt')).toMatch(/^\d{4}-\d\d-\d\dT/);
  const grants = mock.requests(Paths.token).map((r) => new URLSearchParams(r.body).get('grant_type'));
  // Once, by the pre-request script of the first request; every later request used the new token.
  expect(grants).toEqual(['refresh_token']);
  expect(
    new Set(
      mock
        .requests()
        .filter((r) => r.path !== Paths.token)
        .map((r) => r.headers.authorization),
    ),
  ).toEqual(new Set([`Bearer ${value('accessToken')}`]));
});

it('newman run of the whole collection against production, twice without export: no token request, nothing filed', async () => {
  const envFile = path.join(dir, 'prod-like.postman_environment.json');
  fs.writeFileSync(envFile, JSON.stringify(prodLikeEnvironment(mock)));
  const before = mock.requests().length;
  for (const round of [1, 2]) {
    const args = [
      'run',
      'collections/anaf.postman_collection.json',
      '--environment',
      envFile,
      '--color',
      'off',
    ];
    const result = await newman(args, ANAF_TO_LOOPBACK);
    expect({ round, code: result.code }).toEqual({ round, code: 0 });
    // Newman's reporter wraps console lines in a box: join them back.
    const flat = result.output.replace(/\n\s*│ /g, '');
    expect(flat).toMatch(/'NOT FILED', 'upload: not filed: ANAF production files only for/);
    expect(flat).toMatch(/Refresh access token: not sent: the access token is valid until/);
  }
  const seen = mock.requests().slice(before);
  expect(seen.filter((r) => r.path === Paths.token)).toEqual([]);
  expect(seen.filter((r) => r.path.includes('/upload'))).toEqual([]);
  // The read requests did go out, to the production paths, twice: both lists and the received one.
  expect(seen.filter((r) => r.path.startsWith('/prod/FCTEL/rest/listaMesaje')).length).toBe(6);
});
