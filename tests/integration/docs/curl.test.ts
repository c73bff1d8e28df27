/**
 * The guide is executable: every curl command in it, run against the mock (port 0) with the mock
 * environment's values, succeeds: HTTP 2xx and, for e-Factura / e-Transport, no error in the body.
 * Each command runs through the in-process executor and, when curl is installed, through curl too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AnafHosts,
  MOCK_DEMO_CLIENT,
  Paths,
  POSTMAN_CALLBACK_URL,
  stageBaseUrls,
  type Stage,
} from '../../../src/anaf';
import { CLIENT_ID_PLACEHOLDER, renderGuides } from '../../../src/docs';
import { generate } from '../../../src/generate';
import { startMock, type MockClient, type MockServer } from '../../../src/mock';
import { unzip } from '../mock/helpers';
import { entry, first } from '../../helpers/checked';
import { findCurl, problems, runCurl, type Runner } from './curl';
import { fences } from './markdown';
import { shellSplit } from './shell';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SAMPLES = path.join(ROOT, 'templates', 'samples');
const CURL = findCurl();
const RUNNERS: Runner[] = CURL ? ['executor', 'curl'] : ['executor'];

/** The mock environment's values this test uses, as `generate` writes them. */
function mockEnvironment() {
  const env = generate({ langs: 'en' }).environments.find((e) => e.stage === ('mock' as Stage));
  if (!env) throw new Error('no mock environment');
  const values = Object.fromEntries(env.environment.values.map((v) => [v.key, v.value]));
  return {
    clientId: entry(values, 'clientId'),
    clientSecret: entry(values, 'clientSecret'),
    redirectUri: entry(values, 'redirectUri'),
    cif: entry(values, 'cif'),
  };
}
const ENV = mockEnvironment();

/** The guide's curl commands: every fenced block whose text starts with `curl`. */
function curlCommands(markdown: string): { line: number; lang: string; command: string }[] {
  return fences(markdown)
    .filter((f) => /^\s*curl\b/.test(f.body) || /^\s*curl\s/m.test(f.body))
    .map((f) => ({ line: f.line, lang: f.lang, command: f.body }));
}

/** Each guide source: how it is obtained and which client the mock registers for it. */
interface Source {
  title: string;
  guides: { file: string; text: string }[];
  client: MockClient;
}

const SOURCES: Source[] = [
  {
    title: "guides rendered with the mock environment's client id and callback",
    guides: renderGuides({ clientId: ENV.clientId, redirectUri: ENV.redirectUri }).map((g) => ({
      file: g.fileName,
      text: g.text,
    })),
    client: { clientId: ENV.clientId, clientSecret: ENV.clientSecret, redirectUris: [ENV.redirectUri] },
  },
  {
    title: 'the committed docs/ guides, as they are (placeholder client id, Postman callback)',
    guides: ['guide.md', 'guide.ro.md'].map((file) => ({
      file: `docs/${file}`,
      text: fs.readFileSync(path.join(ROOT, 'docs', file), 'utf8'),
    })),
    client: {
      clientId: CLIENT_ID_PLACEHOLDER,
      clientSecret: ENV.clientSecret,
      redirectUris: [POSTMAN_CALLBACK_URL],
    },
  },
];

/** Ids that exist on the mock: an e-Factura upload (and its download), an e-Transport upload. */
/** Folders `seed` wrote the signature files into, removed after all tests. */
const seededDirs: string[] = [];
afterAll(() => seededDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function seed(mock: MockServer): Promise<Record<string, string>> {
  const auth = { Authorization: `Bearer ${mock.issueTokens().access_token}` };
  const efactura = `${mock.url}${Paths.efactura('prod')}`;
  const up = await fetch(`${efactura}/upload?standard=UBL&cif=${ENV.cif}`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'text/plain' },
    body: fs.readFileSync(path.join(SAMPLES, 'invoice-ubl.xml')),
  });
  const upload = /index_incarcare="(\d+)"/.exec(await up.text())?.[1];
  const state = await fetch(`${efactura}/stareMesaj?id_incarcare=${upload}`, { headers: auth });
  const download = /id_descarcare="(\d+)"/.exec(await state.text())?.[1];
  const et = await fetch(`${mock.url}${Paths.etransport('prod')}/upload/ETRANSP/${ENV.cif}/2`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/xml' },
    body: fs.readFileSync(path.join(SAMPLES, 'etransport.xml')),
  });
  const etransport = String(((await et.json()) as { index_incarcare?: number }).index_incarcare ?? '');
  if (!upload || !download || !etransport) throw new Error('could not seed the mock');
  // The signature check needs the two files of a download: the invoice and ANAF's signature.
  const zip = await fetch(`${efactura}/descarcare?id=${download}`, { headers: auth });
  const entries = unzip(Buffer.from(await zip.arrayBuffer()));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-postman-signature-'));
  seededDirs.push(dir);
  const invoice = path.join(dir, 'factura.xml');
  const signature = path.join(dir, 'semnatura.xml');
  fs.writeFileSync(invoice, entries.find((e) => !e.name.startsWith('semnatura'))!.data);
  fs.writeFileSync(signature, entries.find((e) => e.name.startsWith('semnatura'))!.data);
  return {
    UPLOAD_INDEX: upload,
    DOWNLOAD_ID: download,
    ETRANSPORT_UPLOAD_INDEX: etransport,
    SIGNATURE_INVOICE_FILE: invoice,
    SIGNATURE_FILE: signature,
  };
}

/** Fresh values for the shell variables: a new code and token pair for every command. */
async function shellEnv(mock: MockServer, client: MockClient, ids: Record<string, string>) {
  const tokens = mock.issueTokens();
  const { code } = await mock.authorize();
  if (!code) throw new Error('mock authorize gave no code');
  const now = Date.now();
  return {
    ...ids,
    CLIENT_SECRET: client.clientSecret,
    CODE: code,
    ACCESS_TOKEN: tokens.access_token,
    REFRESH_TOKEN: tokens.refresh_token,
    CIF: ENV.cif,
    LIST_START_TIME: String(now - 59 * 86_400_000),
    LIST_END_TIME: String(now),
  };
}

/** The command's argv with ANAF's prod hosts pointed at the mock. */
function toMock(argv: string[], mock: MockServer): string[] {
  return argv.map((a) => {
    for (const host of [...Object.values(AnafHosts), MOCK_ORIGIN])
      if (a.startsWith(`${host}/`)) return mock.url + a.slice(host.length);
    return a;
  });
}

const MOCK_ORIGIN = stageBaseUrls('mock').oauthBaseUrl.replace(/\/anaf-oauth2.*$/, '');
const DEMO_CLIENT = {
  clientId: MOCK_DEMO_CLIENT.clientId,
  clientSecret: MOCK_DEMO_CLIENT.clientSecret,
  redirectUris: [...MOCK_DEMO_CLIENT.redirectUris],
};

const urlOf = (argv: string[]) => argv.filter((a) => /^https?:\/\//.test(a)).pop() ?? '';

describe.each(SOURCES)('$title', (source) => {
  let mock: MockServer;
  let ids: Record<string, string>;
  beforeAll(async () => {
    // The browser step's command says it is for the mock: it names the mock's demo client.
    mock = await startMock({
      port: 0,
      // The Received invoices section lists filter P: something was received.
      received: { count: 3 },
      clients:
        source.client.clientId === DEMO_CLIENT.clientId ? [source.client] : [source.client, DEMO_CLIENT],
    });
    ids = await seed(mock);
  });
  afterAll(() => mock.close());

  describe.each(source.guides)('$file', ({ text }) => {
    const commands = curlCommands(text);

    it('holds the curl commands in ```sh blocks, one command each, on ANAF production hosts', () => {
      expect(commands.length).toBeGreaterThanOrEqual(15);
      for (const c of commands) {
        expect([c.line, c.lang]).toEqual([c.line, 'sh']);
        expect(c.command.startsWith('curl ')).toBe(true);
        const argv = shellSplit(c.command, new Proxy({}, { get: () => 'x' }) as Record<string, string>);
        const url = urlOf(argv);
        // Only the browser step's command is for the mock, and it shows the mock's URL (issue #17 item 9).
        const hosts = url.includes('/authorize?') ? [MOCK_ORIGIN] : Object.values(AnafHosts);
        expect([url, hosts.some((h) => url.startsWith(`${h}/`))]).toEqual([url, true]);
      }
    });

    it('no secret appears in a command: only $CLIENT_SECRET, $ACCESS_TOKEN, $REFRESH_TOKEN, $CODE', () => {
      for (const c of commands) {
        expect(c.command).not.toContain(source.client.clientSecret);
        if (/Authorization: Bearer/.test(c.command)) expect(c.command).toContain('Bearer $ACCESS_TOKEN');
        if (/ -u /.test(c.command)) expect(c.command).toMatch(/-u "[^"$]+:\$CLIENT_SECRET"/);
      }
    });

    describe.each(RUNNERS)('run with %s', (runner) => {
      const cases = commands.map((c): [number, string, string] => {
        const url = urlOf(shellSplit(c.command, new Proxy({}, { get: () => 'x' }) as Record<string, string>));
        return [c.line, `${/-X POST/.test(c.command) ? 'POST' : 'GET'} ${new URL(url).pathname}`, c.command];
      });
      it.each(cases)('line %i: %s succeeds', async (_line, _what, command) => {
        const env = await shellEnv(mock, source.client, ids);
        const argv = toMock(shellSplit(command, env), mock);
        const result = await runCurl(argv, { runner, cwd: SAMPLES, curl: CURL });
        expect(problems(urlOf(argv), result)).toEqual([]);
      });
    });
  });
});

describe('the success check is not vacuous', () => {
  let mock: MockServer;
  const guide = first(
    renderGuides({ langs: 'en', clientId: ENV.clientId, redirectUri: ENV.redirectUri }),
  ).text;
  const upload = curlCommands(guide).find((c) => /FCTEL\/rest\/upload\?/.test(c.command));
  const client = { clientId: ENV.clientId, clientSecret: ENV.clientSecret, redirectUris: [ENV.redirectUri] };
  beforeAll(async () => {
    mock = await startMock({ port: 0, clients: [client] });
  });
  afterAll(() => mock.close());

  it.each(RUNNERS)('%s: an error in a 200 body and a rejected token are both failures', async (runner) => {
    expect(upload).toBeDefined();
    const env = await shellEnv(mock, client, {
      UPLOAD_INDEX: '1',
      DOWNLOAD_ID: '1',
      ETRANSPORT_UPLOAD_INDEX: '1',
    });
    const badCif = toMock(shellSplit(upload!.command, { ...env, CIF: 'RO12345674' }), mock);
    const inBody = await runCurl(badCif, { runner, cwd: SAMPLES, curl: CURL });
    expect(inBody.status).toBe(200);
    expect(problems(urlOf(badCif), inBody).join(' ')).toMatch(/ExecutionStatus="1"/);
    const badToken = toMock(shellSplit(upload!.command, { ...env, ACCESS_TOKEN: 'not-a-token' }), mock);
    const rejected = await runCurl(badToken, { runner, cwd: SAMPLES, curl: CURL });
    expect(problems(urlOf(badToken), rejected).join(' ')).toMatch(/HTTP 40[13]/);
  });

  it(`the real curl binary is ${CURL ? `used too (${CURL})` : 'absent: every command ran through the executor'}`, () => {
    expect(RUNNERS).toContain('executor');
    expect(RUNNERS.includes('curl')).toBe(CURL !== undefined);
  });

  it('the executor refuses options the guide may not use, and shell syntax beyond one command', async () => {
    await expect(runCurl(['curl', '-k', 'https://x/'], { runner: 'executor', cwd: SAMPLES })).rejects.toThrow(
      /option -k/,
    );
    expect(() => shellSplit('curl https://x/ | sh', {})).toThrow(/operator/);
    expect(() => shellSplit('curl "$(id)"', {})).toThrow(/command substitution/);
    expect(() => shellSplit('curl https://x/\ncurl https://y/', {})).toThrow(/one command/);
    expect(() => shellSplit('curl "$MISSING"', {})).toThrow(/no value for \$MISSING/);
  });
});
