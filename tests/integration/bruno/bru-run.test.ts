/**
 * The generated Bruno collection, run by Bruno's own CLI (`bru run`, the devDependency, spawned
 * from node_modules/.bin) against the mock on a free port: what reached the mock is the evidence.
 * Both file formats: OpenCollection YAML (the default) and `.bru`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MOCK_DEMO_CLIENT, Paths, Var } from '../../../src/anaf';
import { generateBruno, brunoCollectionDir } from '../../../src/bruno';
import type { MockServer } from '../../../src/mock';
import { at, defined, entry, first } from '../../helpers/checked';
import { useMock } from '../../helpers/mock';
import {
  API_401,
  DOWNLOAD_QUOTA_PLAIN,
  UPLOAD_400,
  VALIDATION_NOK_STRUCTURED,
  VALIDATION_NOK_STRUCTURED_SHOWN,
} from '../../fixtures/anaf/captures';
import { ANAF_TO_LOOPBACK, prodLikeUrl } from '../../helpers/prod-like';
import YAML from 'yaml';

jest.setTimeout(120_000);

const BRU = path.resolve(__dirname, '../../../node_modules/.bin/bru');
const mock = useMock();
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

type Format = 'yaml' | 'bru';
/** File extension of a format's requests and environments. */
const EXT: Record<Format, string> = { yaml: 'yml', bru: 'bru' };

/** `text` of an environment file with `key` set to `value` (the line must exist). */
function setEnvValue(format: Format, text: string, key: string, value: string): string {
  const re =
    format === 'bru'
      ? new RegExp(`^  ${key}:.*$`, 'm')
      : new RegExp(`^(  - name: ${key}\\n    value: ).*$`, 'm');
  if (!re.test(text)) throw new Error(`no ${key} in the environment`);
  return format === 'bru'
    ? text.replace(re, `  ${key}: ${value}`)
    : text.replace(re, (_m, head: string) => `${head}${JSON.stringify(value)}`);
}

/** The variables of an environment file as `bru run` left it. */
function readEnv(format: Format, text: string): Record<string, string> {
  const values: Record<string, string> = {};
  if (format === 'yaml') {
    const env = YAML.parse(text) as { variables: { name: string; value?: unknown }[] };
    for (const v of env.variables) values[v.name] = v.value === undefined ? '' : String(v.value);
    return values;
  }
  for (const [, key, value] of text.matchAll(/^ {2}([\w.-]+):[ ]?(.*)$/gm)) {
    if (key !== undefined && value !== undefined) values[key] = value;
  }
  return values;
}

/** A temporary copy of the generated English collection, its mock environment pointed at `m`. */
function collectionCopy(format: Format, m: MockServer, values: Partial<Record<string, string>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-bruno-'));
  dirs.push(dir);
  const prefix = `${brunoCollectionDir('en')}/`;
  for (const file of generateBruno({ langs: 'en', brunoFormat: format })) {
    const target = path.join(dir, file.relativePath.slice(prefix.length));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.text);
  }
  const envFile = path.join(dir, 'environments', `mock.${EXT[format]}`);
  let text = fs.readFileSync(envFile, 'utf8').replaceAll('http://127.0.0.1:3003', m.url);
  for (const [key, value] of Object.entries(values)) text = setEnvValue(format, text, key, value ?? '');
  fs.writeFileSync(envFile, text);
  return dir;
}

/** The mock environment's variables as `bru run` left them in the file. */
function envValues(format: Format, dir: string): Record<string, string> {
  return readEnv(format, fs.readFileSync(path.join(dir, 'environments', `mock.${EXT[format]}`), 'utf8'));
}

function bruRun(
  cwd: string,
  target: string,
  extra: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const args = [
      'run',
      ...(target ? [target] : []),
      ...(extra.includes('--env') ? [] : ['--env', 'mock']),
      ...extra,
    ];
    const child = spawn(BRU, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const form = (body: string) => new URLSearchParams(body);
const basic = `Basic ${Buffer.from(`${MOCK_DEMO_CLIENT.clientId}:${MOCK_DEMO_CLIENT.clientSecret}`).toString('base64')}`;

async function refreshDirectly(m: MockServer, refreshToken: string): Promise<Response> {
  return fetch(`${m.url}${Paths.token}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
  });
}

describe.each(['yaml', 'bru'] as const)('%s files', (format) => {
  // Both formats carry the same script text (tests/unit/bruno/files.test.ts: each request reads the
  // same in Bruno's own parser, scripts included): the legacy `.bru` files run the scenarios where the
  // file format matters (every file parsed, values written back to the environment file) and every
  // production one (nothing filed by accident, in either format); the two that are script logic
  // only run on the default format.
  const inDefaultFormat = format === 'yaml' ? it : it.skip;
  describe('bru run on the generated Bruno collection, against the mock', () => {
    it('exchanges the code, refreshes with rotation when forced, and calls hello with the stored bearer (OAuth folder)', async () => {
      const m = mock();
      const { code } = await m.authorize({});
      const dir = collectionCopy(format, m, {
        [Var.authorizationCode]: defined(code, 'a code from the mock'),
      });
      const authorizeBefore = m.requests(Paths.authorize).length; // the consent form's own POST
      // The fresh pair is not due: only forceRefresh makes the refresh request go.
      const run = await bruRun(dir, 'oauth', ['--env-var', 'forceRefresh=true']);
      expect(run.output).not.toMatch(/✗|Pre-request script error/);
      expect(run.code).toBe(0);

      const grants = m
        .requests(Paths.token)
        .map((r) => ({ form: form(r.body), auth: r.headers.authorization }));
      expect(grants.map((g) => g.form.get('grant_type'))).toEqual(['authorization_code', 'refresh_token']);
      expect(first(grants).form.get('code')).toBe(code);
      expect(grants.every((g) => g.auth === basic)).toBe(true);
      // The authorize step is a browser step: printed and skipped, never sent.
      expect(m.requests(Paths.authorize)).toHaveLength(authorizeBefore);

      const env = envValues(format, dir);
      const hello = m.requests(Paths.hello);
      expect(hello).toHaveLength(1);
      expect(first(hello).headers.authorization).toBe(`Bearer ${env[Var.accessToken]}`);
      // The code is spent; the refresh token written back is the rotated one, and it works.
      expect(env[Var.authorizationCode]).toBe('');
      expect(env[Var.refreshToken]).not.toBe(at(grants, 1).form.get('refresh_token'));
      expect((await refreshDirectly(m, entry(env, Var.refreshToken))).status).toBe(200);
    });

    it('refreshes an expired access token before the call, rotates the pair and writes it to the environment file', async () => {
      const m = mock();
      const pair = m.issueTokens({ accessTtlSeconds: -60 });
      const dir = collectionCopy(format, m, {
        [Var.accessToken]: pair.access_token,
        [Var.refreshToken]: pair.refresh_token,
      });
      const run = await bruRun(dir, `oauth/hello.${EXT[format]}`);
      expect(run.output).not.toMatch(/✗|Pre-request script error/);
      expect(run.code).toBe(0);

      const grants = m.requests(Paths.token);
      expect(grants).toHaveLength(1);
      expect(form(first(grants).body).get('grant_type')).toBe('refresh_token');
      expect(form(first(grants).body).get('refresh_token')).toBe(pair.refresh_token);
      expect(first(grants).headers.authorization).toBe(basic);

      const env = envValues(format, dir);
      expect(env[Var.accessToken]).not.toBe(pair.access_token);
      expect(env[Var.refreshToken]).not.toBe('');
      expect(env[Var.refreshToken]).not.toBe(pair.refresh_token);
      expect(Date.parse(entry(env, Var.accessTokenExpiresAt))).toBeGreaterThan(Date.now());
      const hello = m.requests(Paths.hello);
      expect(hello).toHaveLength(1);
      expect(first(hello).headers.authorization).toBe(`Bearer ${env[Var.accessToken]}`);
      // Rotation: the old refresh token is dead, so only the one written back can go on.
      expect((await refreshDirectly(m, pair.refresh_token)).status).toBe(400);
    });

    inDefaultFormat(
      'exits non-zero on a rejected refresh, sends no call, and keeps the stored pair',
      async () => {
        const m = mock();
        const pair = m.issueTokens({ accessTtlSeconds: -60 });
        // Rotated away before the run: the mock refuses it with invalid_grant.
        expect((await refreshDirectly(m, pair.refresh_token)).status).toBe(200);
        const before = m.requests(Paths.token).length;
        const dir = collectionCopy(format, m, {
          [Var.accessToken]: pair.access_token,
          [Var.refreshToken]: pair.refresh_token,
        });
        const run = await bruRun(dir, `oauth/hello.${EXT[format]}`);
        expect(run.code).not.toBe(0);
        // Bruno's safe sandbox hands a script only the status of a refused sendRequest, not ANAF's body.
        expect(run.output).toMatch(/✕ refresh failed: HTTP 400/);

        expect(
          m
            .requests(Paths.token)
            .slice(before)
            .map((r) => form(r.body).get('refresh_token')),
        ).toEqual([pair.refresh_token]);
        expect(m.requests(Paths.hello)).toHaveLength(0);
        const env = envValues(format, dir);
        expect(env[Var.accessToken]).toBe(pair.access_token);
        expect(env[Var.refreshToken]).toBe(pair.refresh_token);
      },
    );

    inDefaultFormat('exits non-zero without sending anything when there is no token at all', async () => {
      const m = mock();
      const dir = collectionCopy(format, m, {});
      const run = await bruRun(dir, `oauth/hello.${EXT[format]}`);
      expect(run.code).not.toBe(0);
      expect(run.output).toMatch(/authorize first/);
      expect(m.requests()).toHaveLength(0);
    });

    it('a whole-collection run with a valid token sends no token request', async () => {
      const m = mock();
      const pair = m.issueTokens();
      const dir = collectionCopy(format, m, {
        [Var.accessToken]: pair.access_token,
        [Var.refreshToken]: pair.refresh_token,
      });
      const run = await bruRun(dir, '', ['-r']);
      expect(run.output).toMatch(/Refresh access token: not sent: the access token is valid until/);
      expect(m.requests(Paths.token)).toEqual([]);
      expect(m.requests(Paths.hello)).toHaveLength(1);
      expect(envValues(format, dir)[Var.refreshToken]).toBe(pair.refresh_token);
    });
  });

  describe('bru run against ANAF production (its names routed to the mock)', () => {
    /** The collection with its prod environment pointed at `m` under ANAF's names, filled with `values`. */
    function prodCopy(m: MockServer, values: Record<string, string>): string {
      const dir = collectionCopy(format, m, {});
      const file = path.join(dir, 'environments', `prod.${EXT[format]}`);
      const pair = m.issueTokens();
      const filled: Record<string, string> = {
        [Var.clientId]: MOCK_DEMO_CLIENT.clientId,
        [Var.cif]: MOCK_DEMO_CLIENT.cif,
        [Var.accessToken]: pair.access_token,
        [Var.refreshToken]: pair.refresh_token,
        ...values,
      };
      let text = prodLikeUrl(fs.readFileSync(file, 'utf8'), m);
      for (const [key, value] of Object.entries(filled)) text = setEnvValue(format, text, key, value);
      fs.writeFileSync(file, text);
      return dir;
    }
    const prodArgs = ['--env', 'prod', '--env-var', `clientSecret=${MOCK_DEMO_CLIENT.clientSecret}`, '-r'];

    it('without the filing allowance: the uploads skip with a note, no token request, exit 0', async () => {
      const m = mock();
      const run = await bruRun(prodCopy(m, {}), '', prodArgs, ANAF_TO_LOOPBACK);
      expect(run.output).toMatch(/NOT FILED upload: not filed: ANAF production files only for/);
      expect(run.code).toBe(0);
      expect(m.requests().filter((r) => r.path.includes('/upload'))).toEqual([]);
      expect(m.requests(Paths.token)).toEqual([]);
      expect(m.requests(Paths.hello)).toHaveLength(1);
    });

    it('allowed for the cif: the demo documents are refused, nothing filed, exit non-zero', async () => {
      const m = mock();
      const dir = prodCopy(m, { [Var.allowFilingForCif]: MOCK_DEMO_CLIENT.cif });
      const run = await bruRun(dir, `efactura/upload.${EXT[format]}`, prodArgs, ANAF_TO_LOOPBACK);
      expect(run.code).not.toBe(0);
      expect(run.output).toMatch(
        /refused, not sent to ANAF production: the body is anaf-postman's demo document/,
      );
      expect(m.requests().filter((r) => r.path.includes('/upload'))).toEqual([]);
    });

    it('allowed for the cif with a document of the user’s own: filed once', async () => {
      const m = mock();
      const own = '<?xml version="1.0"?><Invoice><ID>F-2026-0815</ID></Invoice>';
      const dir = prodCopy(m, { [Var.allowFilingForCif]: MOCK_DEMO_CLIENT.cif });
      const args = [...prodArgs, '--env-var', `${Var.efacturaDocument}=${own}`];
      await bruRun(dir, `efactura/upload.${EXT[format]}`, args, ANAF_TO_LOOPBACK);
      const uploads = m.requests().filter((r) => r.path.includes('/upload'));
      expect(uploads.map((r) => r.body)).toEqual([own]);
    });
  });
});

describe('bru run on real ANAF answers (tests/fixtures/anaf/captures.ts), scripted on the mock', () => {
  const EF = Paths.efactura('prod');
  const json = { 'Content-Type': 'application/json' };

  /** A collection copy (YAML) with a valid pair (and `values`), its mock answering `path` with `answer` once. */
  function scripted(
    path: string,
    answer: { status: number; body: string; headers: Record<string, string> },
    values: Record<string, string> = {},
  ) {
    const m = mock();
    m.script(path, answer);
    const pair = m.issueTokens();
    return collectionCopy('yaml', m, {
      [Var.accessToken]: pair.access_token,
      [Var.refreshToken]: pair.refresh_token,
      ...values,
    });
  }

  /** The failed tests `bru run` printed, one line each. */
  const failedLines = (output: string) => output.split('\n').filter((l) => l.includes('✕'));

  it('an upload refused with HTTP 400 JSON fails once, in ANAF words', async () => {
    const dir = scripted(`${EF}/upload`, { status: 400, body: UPLOAD_400, headers: json });
    const run = await bruRun(dir, 'efactura/upload.yml');
    expect(run.code).not.toBe(0);
    expect(failedLines(run.output)).toHaveLength(1);
    expect(run.output).toContain('HTTP 400: Trebuie sa aveti atasat in request un fisier de tip xml');
    expect(run.output).not.toContain('ExecutionStatus=undefined');
  });

  it('a download over the daily limit, as plain text: named the daily limit, in ANAF words', async () => {
    const plain = { status: 200, body: DOWNLOAD_QUOTA_PLAIN, headers: { 'Content-Type': 'text/plain' } };
    const dir = scripted(`${EF}/descarcare`, plain, { [Var.downloadId]: '7' });
    const run = await bruRun(dir, 'efactura/descarcare.yml');
    expect(run.code).not.toBe(0);
    expect(run.output).toContain(
      `daily limit reached (not retried; try again tomorrow): ${DOWNLOAD_QUOTA_PLAIN}`,
    );
  });

  it('a validation nok in the structured form: each rule as code and text', async () => {
    const dir = scripted(`${EF}/validare/FACT1`, {
      status: 200,
      body: VALIDATION_NOK_STRUCTURED,
      headers: json,
    });
    const run = await bruRun(dir, 'efactura/validare.yml');
    expect(run.code).not.toBe(0);
    expect(run.output).toContain(`stare: nok: ${VALIDATION_NOK_STRUCTURED_SHOWN.join('; ')}`);
  });

  it('an API 401 names the refused access token and what to run', async () => {
    const dir = scripted(Paths.hello, { status: API_401.status, body: API_401.body, headers: json });
    const run = await bruRun(dir, 'oauth/hello.yml');
    expect(run.code).not.toBe(0);
    expect(run.output).toContain(
      'the access token was refused (HTTP 401); run `anaf-postman refresh`, or `anaf-postman login` if the refresh is refused too; ANAF said: Unauthorized',
    );
  });
});
