/** `anaf-postman login` spawned: the URL on stdout, the browser played over HTTP, exit codes, no secret printed. */
import fs from 'node:fs';
import path from 'node:path';
import { POSTMAN_CALLBACK_URL, Var } from '../../src/anaf';
import type { MockServer } from '../../src/mock';
import { ROOT, runCli, type CliResult } from '../helpers/cli';
import { entry, first } from '../helpers/checked';
import { CAN_TEST_READ_ONLY, runCliUnprivileged, useNobodyCopy } from '../helpers/nobody';
import {
  browserGet,
  cleanTemp,
  CLIENT,
  consent,
  freePort,
  hello,
  killSpawned,
  loginMock,
  pageMessage,
  portOpen,
  readVars,
  spawnLogin,
  tempDir,
  tokenRequests,
  writeEnv,
} from '../integration/login/helpers';

useNobodyCopy();

let mock: MockServer | undefined;
afterEach(async () => {
  killSpawned();
  await mock?.close();
  mock = undefined;
  cleanTemp();
});

/** Every secret value must be absent from what the command printed. */
function expectNoSecret(output: string, file: string, extra: string[] = []): void {
  const vars = readVars(file);
  const secrets = [
    CLIENT.clientSecret,
    Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64'),
    entry(vars, Var.accessToken)?.value,
    entry(vars, Var.refreshToken)?.value,
    ...extra,
  ].filter((s): s is string => Boolean(s));
  for (const secret of secrets) expect(output).not.toContain(secret);
}

describe('anaf-postman login (spawned)', () => {
  it('is listed in the main --help', async () => {
    const res = await runCli(['--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/anaf-postman login\s+Authorize in the browser/);
  });

  it('--help explains the modes and that a bare code is accepted without state', async () => {
    const res = await runCli(['login', '--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('--paste');
    expect(res.stdout).toContain('--listen');
    expect(res.stdout.replace(/\s+/g, ' ')).toContain(
      'A bare code pasted cannot carry a state: it is accepted without that check',
    );
  });

  it("paste (default for Postman's callback): URL on stdout, the redirected URL pasted on stdin → exit 0", async () => {
    mock = await loginMock([POSTMAN_CALLBACK_URL]);
    const file = writeEnv(tempDir(), mock, POSTMAN_CALLBACK_URL);
    const run = spawnLogin(['--environment', file]);
    const url = await run.url;
    expect(url.startsWith(`${mock.url}/anaf-oauth2/v1/authorize?client_id=${CLIENT.clientId}&`)).toBe(true);
    await run.stderrHas('paste the full URL');
    const location = await consent(url);
    run.writeLine(location);
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toContain(`Logged in: tokens saved to ${file} (access token expires 20`);
    const vars = readVars(file);
    expect(await hello(mock, entry(vars, Var.accessToken).value)).toBe('Hello, "login"');
    expect(entry(vars, Var.authorizationCode)).toMatchObject({ value: '', type: 'secret' });
    expect(entry(vars, Var.refreshToken).type).toBe('secret');
    const code = new URL(location).searchParams.get('code') as string;
    expectNoSecret(run.stdout() + run.stderr(), file, [code]);
  });

  it('paste: a bare code from a pipe is accepted, saying the state was not checked', async () => {
    mock = await loginMock([POSTMAN_CALLBACK_URL]);
    const file = writeEnv(tempDir(), mock, POSTMAN_CALLBACK_URL);
    const { code } = await mock.authorize({ clientId: CLIENT.clientId, redirectUri: POSTMAN_CALLBACK_URL });
    const res = await runCli(['login', '-e', file, '--paste'], { input: `${code}\n` });
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('anaf-postman: a bare code carries no state: the state was not checked');
    expect(await hello(mock, entry(readVars(file), Var.accessToken).value)).toBe('Hello, "login"');
    expectNoSecret(res.stdout + res.stderr, file, [code as string]);
  });

  it.each(['guide.md', 'guide.ro.md'])(
    "%s: the login command shown for Postman's callback logs in (#27: it showed --listen, exit 2)",
    async (name) => {
      const guide = fs.readFileSync(path.join(ROOT, 'docs', name), 'utf8');
      const section = guide.slice(
        guide.indexOf('### '.concat(name === 'guide.md' ? 'With anaf-postman' : 'Cu anaf-postman')),
      );
      const [postman, local] = [...section.matchAll(/^ {2}npx (anaf-postman login [^\n]+)$/gm)].map(
        (m) => m[1] ?? '',
      );
      expect(postman).not.toContain('--listen');
      expect(local).toContain('--listen');
      mock = await loginMock([POSTMAN_CALLBACK_URL]);
      const file = writeEnv(tempDir(), mock, POSTMAN_CALLBACK_URL);
      const { code } = await mock.authorize({ clientId: CLIENT.clientId, redirectUri: POSTMAN_CALLBACK_URL });
      // The guide's words, the reader's file in place of ~/anaf/…; no --open (no browser here).
      const args = (postman ?? '')
        .split(' ')
        .slice(1)
        .filter((a) => a !== '--open')
        .map((a) => (a.startsWith('~/anaf/') ? file : a));
      const res = await runCli(args, { input: `${code}\n` });
      expect(res.code).toBe(0);
      expect(res.stdout).toContain(`Logged in: tokens saved to ${file}`);
    },
  );

  it('a file other users can read: logged in, then one warning line naming it; the mode is left alone (#23)', async () => {
    mock = await loginMock([POSTMAN_CALLBACK_URL]);
    const login = async (mode: number) => {
      const file = writeEnv(tempDir(), mock!, POSTMAN_CALLBACK_URL);
      fs.chmodSync(file, mode);
      const { code } = await mock!.authorize({
        clientId: CLIENT.clientId,
        redirectUri: POSTMAN_CALLBACK_URL,
      });
      const res = await runCli(['login', '-e', file, '--paste'], { input: `${code}\n` });
      expect(res.code).toBe(0);
      expect(fs.statSync(file).mode & 0o777).toBe(mode);
      return { file, warnings: res.stderr.split('\n').filter((l) => l.includes('warning')) };
    };
    const open = await login(0o644);
    expect(open.warnings).toEqual([
      `anaf-postman: warning: ${open.file} holds a secret or a token and is open to other users (mode 0644); chmod 600 it`,
    ]);
    expect((await login(0o600)).warnings).toEqual([]);
  });

  it.each(['https://localhost', 'http://127.0.0.1'])(
    'listen (default for %s:PORT): the browser is redirected to the CLI, which answers "done" → exit 0',
    async (scheme) => {
      const port = await freePort();
      const redirectUri = `${scheme}:${port}/callback`;
      mock = await loginMock([redirectUri]);
      const file = writeEnv(tempDir(), mock, redirectUri, { [Var.clientAuth]: 'body' });
      const run = spawnLogin(['-e', file, '--timeout', '30s']);
      const url = await run.url;
      await run.stderrHas(`Waiting for the redirect to ${redirectUri}`);
      const page = await browserGet(await consent(url));
      expect(page.status).toBe(200);
      expect(pageMessage(page.body)).toContain('Done');
      expect(await run.exit).toBe(0);
      expect(await hello(mock, entry(readVars(file), Var.accessToken).value)).toBe('Hello, "login"');
      expect(new URLSearchParams(first(tokenRequests(mock)).body).get('client_secret')).toBe(
        CLIENT.clientSecret,
      );
      expect(await portOpen(port)).toBe(false);
      expectNoSecret(run.stdout() + run.stderr(), file);
    },
  );

  it('deny → exit 3, one line naming the certificate', async () => {
    const port = await freePort();
    const redirectUri = `https://localhost:${port}/callback`;
    mock = await loginMock([redirectUri]);
    const file = writeEnv(tempDir(), mock, redirectUri);
    const run = spawnLogin(['-e', file, '--listen']);
    const page = await browserGet(await consent(await run.url, 'deny'));
    expect(page.status).toBe(400);
    expect(await run.exit).toBe(3);
    expect(run.stderr()).toMatch(
      /\nanaf-postman: authorization denied \(access_denied\): the certificate was not presented or was refused; run login again with the certificate\n$/,
    );
    expect(run.stdout()).not.toContain('Logged in');
  });

  it('state mismatch → exit 3, the mock saw no token request', async () => {
    mock = await loginMock([POSTMAN_CALLBACK_URL]);
    const file = writeEnv(tempDir(), mock, POSTMAN_CALLBACK_URL);
    const before = fs.readFileSync(file, 'utf8');
    const run = spawnLogin(['-e', file]);
    const location = new URL(await consent(await run.url));
    location.searchParams.set('state', 'someone-elses-state');
    run.writeLine(location.toString());
    expect(await run.exit).toBe(3);
    expect(run.stderr()).toContain(
      'anaf-postman: the redirect does not belong to this login (state mismatch)',
    );
    expect(tokenRequests(mock)).toHaveLength(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('a used code → exit 3 "the code expired or was used: run login again"', async () => {
    mock = await loginMock([POSTMAN_CALLBACK_URL]);
    const file = writeEnv(tempDir(), mock, POSTMAN_CALLBACK_URL);
    const { code } = await mock.authorize({ clientId: CLIENT.clientId, redirectUri: POSTMAN_CALLBACK_URL });
    const first = await runCli(['login', '-e', file], { input: `${code}\n` });
    expect(first.code).toBe(0);
    const second = await runCli(['login', '-e', file], { input: `${code}\n` });
    expect(second.code).toBe(3);
    expect(second.stderr).toContain(
      `anaf-postman: ${file}: ANAF refused the code (invalid_grant): the code expired or was used: run login again\n`,
    );
  });

  it('an expired code → exit 3 with the same message', async () => {
    let clock = Date.now();
    mock = await loginMock([POSTMAN_CALLBACK_URL], { now: () => clock });
    const file = writeEnv(tempDir(), mock, POSTMAN_CALLBACK_URL);
    const run = spawnLogin(['-e', file]);
    const location = await consent(await run.url);
    clock += 60_000;
    run.writeLine(location);
    expect(await run.exit).toBe(3);
    expect(run.stderr()).toContain('the code expired or was used: run login again');
  });

  it('listen: no redirect within --timeout → exit 3, the port is released', async () => {
    const port = await freePort();
    const redirectUri = `https://localhost:${port}/callback`;
    mock = await loginMock([redirectUri]);
    const file = writeEnv(tempDir(), mock, redirectUri);
    const started = Date.now();
    const res = await runCli(['login', '-e', file, '--timeout', '1s']);
    expect(res.code).toBe(3);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.stderr).toContain(
      `anaf-postman: no redirect reached ${redirectUri} within 1s: run login again\n`,
    );
    expect(await portOpen(port)).toBe(false);
  });

  it('paste: no code within --timeout while stdin stays open → exit 3 (the process does not hang)', async () => {
    mock = await loginMock([POSTMAN_CALLBACK_URL]);
    const file = writeEnv(tempDir(), mock, POSTMAN_CALLBACK_URL);
    const run = spawnLogin(['-e', file, '--timeout', '1500ms']);
    await run.url;
    expect(await run.exit).toBe(3);
    expect(run.stderr()).toContain('anaf-postman: no code was pasted within 1500ms: run login again\n');
  });

  describe('bad input → exit 2, one line', () => {
    async function expectBad(args: string[], message: string | RegExp, input?: string): Promise<void> {
      const res = await runCli(['login', ...args], { input });
      expect(res.code).toBe(2);
      expect(res.stdout).toBe('');
      expect(res.stderr.split('\n')).toHaveLength(2); // one line and its newline
      if (typeof message === 'string') expect(res.stderr).toBe(`anaf-postman: ${message}\n`);
      else expect(res.stderr).toMatch(message);
    }

    let file: string;
    beforeEach(() => {
      file = writeEnv(tempDir(), { url: 'http://127.0.0.1:9' }, POSTMAN_CALLBACK_URL);
    });

    it('no --environment', () => expectBad([], /Missing required argument: environment/));
    it('a missing file', () => {
      const missing = path.join(path.dirname(file), 'missing.json');
      return expectBad(['-e', missing], `${missing}: no such file`);
    });
    it('malformed JSON', () => {
      fs.writeFileSync(file, '{');
      return expectBad(
        ['-e', file],
        new RegExp(`^anaf-postman: ${file.replace(/[.]/g, '\\.')}: malformed JSON`),
      );
    });
    it.each([Var.clientId, Var.clientSecret, Var.redirectUri, Var.oauthBaseUrl])('missing %s', (key) => {
      const f = writeEnv(tempDir(), { url: 'http://127.0.0.1:9' }, POSTMAN_CALLBACK_URL, { [key]: '' });
      return expectBad(
        ['-e', f],
        `${f}: not set up: no value for ${key}; fill it in (see "Your environment file" in the README or the guide)`,
      );
    });
    it.each(['abc', '0', '-5s', '48h'])('--timeout %s', (t) =>
      expectBad(['-e', file, `--timeout=${t}`], /--timeout/),
    );
    it('--paste with --listen', () =>
      expectBad(['-e', file, '--paste', '--listen'], '--paste and --listen exclude each other: give one'));
    it('--listen with a redirect URI elsewhere', () =>
      expectBad(
        ['-e', file, '--listen'],
        /^anaf-postman: --listen: listening needs .*paste the redirect URL instead\n$/,
      ));
    it('an empty --environment', () => expectBad(['-e', ''], '--environment: give a file'));

    it('two --environment', () =>
      expectBad(
        ['-e', file, '-e', file],
        '--environment was given more than once; give it once (see --help)',
      ));
  });
});

/** `anaf-postman login ARGS` with `input` on stdin, as user nobody when the tests run as root. */
function loginAsNobody(args: string[], input: string): Promise<CliResult> {
  return runCliUnprivileged(['login', ...args], { input, timeoutMs: 20_000 });
}

(CAN_TEST_READ_ONLY ? describe : describe.skip)(
  'anaf-postman login where the tokens cannot be saved (run as nobody): exit 2 before the URL',
  () => {
    /** A mock, an environment readable by nobody, a code ready to paste. */
    async function prepare(): Promise<{ dir: string; file: string; code: string }> {
      mock = await loginMock([POSTMAN_CALLBACK_URL]);
      const dir = tempDir();
      const file = writeEnv(dir, mock, POSTMAN_CALLBACK_URL);
      fs.chmodSync(file, 0o644);
      const { code } = await mock.authorize({ clientId: CLIENT.clientId, redirectUri: POSTMAN_CALLBACK_URL });
      return { dir, file, code: code as string };
    }

    function expectRefusedBeforeTheUrl(res: CliResult, file: string, before: string, what: string): void {
      expect(res.code).toBe(2);
      expect(res.stdout).toBe('');
      expect(res.stderr.split('\n')).toHaveLength(2); // one line and its newline
      expect(res.stderr).toContain(`anaf-postman: cannot write ${what} (EACCES)`);
      expect(res.stderr).toContain(`make ${file} and its folder writable`);
      expect(tokenRequests(mock!)).toHaveLength(0);
      expect(fs.readFileSync(file, 'utf8')).toBe(before);
    }

    it('a read-only folder: nothing shown, the code not exchanged, the file untouched', async () => {
      const { dir, file, code } = await prepare();
      fs.chmodSync(file, 0o666);
      const before = fs.readFileSync(file, 'utf8');
      fs.chmodSync(dir, 0o555);
      try {
        const res = await loginAsNobody(['-e', file, '--paste'], `${code}\n`);
        expectRefusedBeforeTheUrl(res, file, before, `the folder ${dir}`);
        expect(fs.readdirSync(dir)).toEqual([path.basename(file)]);
      } finally {
        fs.chmodSync(dir, 0o700);
      }
    });

    it('a read-only file in a writable folder: the same', async () => {
      const { dir, file, code } = await prepare();
      const before = fs.readFileSync(file, 'utf8');
      fs.chmodSync(dir, 0o777);
      try {
        const res = await loginAsNobody(['-e', file, '--paste'], `${code}\n`);
        expectRefusedBeforeTheUrl(res, file, before, file);
      } finally {
        fs.chmodSync(dir, 0o700);
      }
    });

    it('a writable file and folder: nobody logs in (the check does not refuse what works)', async () => {
      const { dir, file, code } = await prepare();
      fs.chmodSync(dir, 0o777);
      fs.chmodSync(file, 0o666);
      try {
        const res = await loginAsNobody(['-e', file, '--paste'], `${code}\n`);
        expect(res.stderr).toContain('the state was not checked');
        expect(res.code).toBe(0);
        expect(await hello(mock!, entry(readVars(file), Var.accessToken).value)).toBe('Hello, "login"');
      } finally {
        fs.chmodSync(dir, 0o700);
      }
    });
  },
);
