/**
 * `--client-auth body`: the auto-refresh and the token requests send client_id/client_secret in the
 * form and no Authorization header. The collection is generated into a temp folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nock from 'nock';
import {
  generate,
  generatedFiles,
  type PostmanCollection,
  type PostmanEnvironment,
} from '../../../src/generate';
import { writeGeneratedFiles } from '../../../src/generate/write';
import {
  API,
  CLIENT,
  HELLO_PATH,
  jwt,
  nowSeconds,
  OAUTH,
  refreshForm,
  requestId,
  runNewman,
  TOKEN_PATH,
} from './helpers';
import { useStrictNock } from './nock-setup';

useStrictNock();

let dir: string;
let collection: PostmanCollection;
let env: PostmanEnvironment;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-postman-body-'));
  await writeGeneratedFiles(dir, generatedFiles(generate({ clientAuth: 'body', langs: 'en' })));
  collection = JSON.parse(
    fs.readFileSync(path.join(dir, 'collections', 'anaf.postman_collection.json'), 'utf8'),
  );
  env = JSON.parse(
    fs.readFileSync(path.join(dir, 'environments', 'anaf-prod.postman_environment.json'), 'utf8'),
  );
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function withValues(values: Record<string, string>): PostmanEnvironment {
  const copy = structuredClone(env);
  for (const v of copy.values) {
    const value = values[v.key];
    if (value !== undefined) v.value = value;
  }
  return copy;
}

const credentials = { client_id: CLIENT.id, client_secret: CLIENT.secret };

it('the environment says body, and the auto-refresh sends the credentials in the form only', async () => {
  expect(env.values.find((v) => v.key === 'clientAuth')?.value).toBe('body');
  const old = { access: jwt(nowSeconds() - 60), refresh: jwt(nowSeconds() + 100 * 86400, 'r1') };
  const fresh = jwt(nowSeconds() + 90 * 86400, 'a2');
  nock(OAUTH, { badheaders: ['authorization'] })
    .post(TOKEN_PATH, refreshForm(old.refresh, credentials))
    .reply(200, {
      access_token: fresh,
      refresh_token: jwt(nowSeconds() + 365 * 86400, 'r2'),
      token_type: 'Bearer',
    });
  nock(API, { reqheaders: { authorization: `Bearer ${fresh}` } })
    .get(HELLO_PATH)
    .query({ name: 'anaf-postman' })
    .reply(200, 'Hello, "anaf-postman"');

  const run = await runNewman({
    collection,
    environment: withValues({
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      accessToken: old.access,
      refreshToken: old.refresh,
    }),
    folder: requestId(collection, 'OAuth 2.0', 'TestOauth hello'),
  });

  expect(run.failures).toEqual([]);
  expect(run.env.accessToken).toBe(fresh);
});

it('the code exchange sends the credentials in the form, stores the pair and clears the code', async () => {
  const access = jwt(nowSeconds() + 90 * 86400, 'a');
  const refresh = jwt(nowSeconds() + 365 * 86400, 'r');
  nock(OAUTH, { badheaders: ['authorization'] })
    .post(TOKEN_PATH, {
      grant_type: 'authorization_code',
      code: 'code-123',
      redirect_uri: 'https://oauth.pstmn.io/v1/callback',
      token_content_type: 'jwt',
      ...credentials,
    })
    .reply(200, { access_token: access, refresh_token: refresh, token_type: 'Bearer', expires_in: 7776000 });

  const run = await runNewman({
    collection,
    environment: withValues({
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      authorizationCode: 'code-123',
    }),
    folder: requestId(collection, 'OAuth 2.0', 'Exchange authorization code'),
  });

  expect(run.failures).toEqual([]);
  expect(run.env).toMatchObject({ accessToken: access, refreshToken: refresh, authorizationCode: '' });
});
