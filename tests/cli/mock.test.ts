import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MOCK_DEMO_CLIENT, Paths } from '../../src/anaf';
import { mockOptions, parseClient } from '../../src/cli/mock';
import { startMock } from '../../src/mock';
import { at, defined } from '../helpers/checked';
import { ROOT, runCli } from '../helpers/cli';

interface Running {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: Running[] = [];

// The CLI's mock keeps its state in ~/.anaf-postman/: every spawned mock gets a home of its own.
const HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-mock-home-'));
afterAll(() => fs.rmSync(HOME, { recursive: true, force: true }));
const HOME_ENV = { HOME, USERPROFILE: HOME };
const STATE_FILE = path.join(HOME, '.anaf-postman', 'mock-state.json');

type TokenPair = { access_token: string; expires_in: number };

/** Spawns `anaf-postman mock ARGS` and waits for the URL it prints. */
function startCli(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'anaf-postman.js'), 'mock', ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', ...HOME_ENV },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no URL printed; stdout: ${stdout} stderr: ${stderr}`)),
      15_000,
    );
    const check = () => {
      const url = /ANAF mock listening on (http:\/\/\S+)/.exec(stdout)?.[1];
      if (!url) return;
      clearTimeout(timer);
      child.stdout.off('data', check);
      const run: Running = { child, url, stdout: () => stdout, stderr: () => stderr, exit };
      running.push(run);
      resolve(run);
    };
    child.stdout.on('data', check);
    void exit.then(() => {
      clearTimeout(timer);
      reject(new Error(`exited before printing a URL; stderr: ${stderr}`));
    });
  });
}

afterEach(() => {
  for (const r of running.splice(0)) if (r.child.exitCode === null) r.child.kill('SIGKILL');
});

describe('anaf-postman mock (spawned)', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('serves until %s, then exits 0', async (signal) => {
    const run = await startCli(['--port', '0']);
    expect(run.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(run.stdout()).toContain(`${MOCK_DEMO_CLIENT.clientId} (demo client`);
    expect(run.stdout()).not.toContain(MOCK_DEMO_CLIENT.clientSecret);
    const tokens = (await (await fetch(`${run.url}/__mock/tokens`, { method: 'POST' })).json()) as TokenPair;
    const hello = await fetch(`${run.url}${Paths.hello}?name=cli`, {
      headers: { Authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await hello.text()).toBe('Hello, "cli"');
    run.child.kill(signal);
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.stdout()).toMatch(new RegExp(`GET ${Paths.hello} 200\\n`));
    expect(run.stdout()).toContain(`ANAF mock stopped (${signal})`);
    expect(run.stderr()).toBe('');
  });

  it('applies the flags: TTLs, no rotation, latency, extra clients with colons in the redirect', async () => {
    const redirect = 'http://127.0.0.1:8080/cb';
    const run = await startCli([
      '--port=0',
      '--access-ttl',
      '2m',
      '--refresh-ttl',
      '1h',
      '--no-rotate',
      '--latency',
      '150ms',
      '--client',
      `my-app:s3cret-value:${redirect}`,
      '--quiet',
    ]);
    expect(run.stdout()).toContain(`my-app (redirect ${redirect})`);
    expect(run.stdout()).not.toContain('s3cret-value');
    const started = Date.now();
    const res = await fetch(`${run.url}${Paths.token}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`my-app:s3cret-value`).toString('base64')}`,
      },
      body: 'grant_type=refresh_token&refresh_token=unknown',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.status).toBe(400);
    const consent = await fetch(
      `${run.url}${Paths.authorize}?client_id=my-app&response_type=code&redirect_uri=${encodeURIComponent(redirect)}`,
    );
    expect(consent.status).toBe(200);
    const issued = await fetch(`${run.url}/__mock/tokens`, { method: 'POST', body: '{"clientId":"my-app"}' });
    const pair = (await issued.json()) as TokenPair;
    expect(pair.expires_in).toBe(120);
    run.child.kill('SIGTERM');
    expect((await run.exit).code).toBe(0);
    expect(run.stdout()).not.toMatch(/POST \/anaf-oauth2/);
  });

  it('keeps its tokens across a restart in ~/.anaf-postman/mock-state.json (0600); --fresh forgets them', async () => {
    fs.rmSync(STATE_FILE, { force: true });
    const first = await startCli(['--port', '0', '--quiet']);
    expect(first.stdout()).toContain(`  state:       ${STATE_FILE}\n`);
    const tokens = (await (
      await fetch(`${first.url}/__mock/tokens`, { method: 'POST' })
    ).json()) as TokenPair;
    first.child.kill('SIGTERM');
    expect((await first.exit).code).toBe(0);
    expect(fs.statSync(STATE_FILE).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(STATE_FILE)).mode & 0o777).toBe(0o700);

    const hello = (url: string) =>
      fetch(`${url}${Paths.hello}?name=again`, {
        headers: { Authorization: `Bearer ${tokens.access_token}` },
      });
    const second = await startCli(['--port', '0', '--quiet']);
    expect(second.stdout()).toContain(`  state:       ${STATE_FILE} (restored)\n`);
    const kept = await hello(second.url);
    expect([kept.status, await kept.text()]).toEqual([200, 'Hello, "again"']);
    second.child.kill('SIGTERM');
    expect((await second.exit).code).toBe(0);

    const fresh = await startCli(['--port', '0', '--quiet', '--fresh']);
    expect(fresh.stdout()).toContain(`  state:       ${STATE_FILE} (started fresh)\n`);
    const forgotten = await hello(fresh.url);
    expect(forgotten.status).toBe(401);
    expect(((await forgotten.json()) as { message: string }).message).toMatch(/forgot it/);
    fresh.child.kill('SIGTERM');
    expect((await fresh.exit).code).toBe(0);
    expect(fresh.stderr()).toBe('');
  });

  it('a state file it cannot read exits 2 naming the file and --fresh', async () => {
    const file = path.join(HOME, 'broken-state.json');
    fs.writeFileSync(file, '{"not":"a state"}');
    const res = await runCli(['mock', '--port', '0', '--state-file', file], { env: HOME_ENV });
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(
      `anaf-postman: mock: the saved state ${file} cannot be used: it is not an anaf-postman mock state; ` +
        'start clean with `anaf-postman mock --fresh` or move the file away\n',
    );
  });

  it('a port in use exits 2 with one line', async () => {
    const blocker = http.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    try {
      const port = (blocker.address() as AddressInfo).port;
      const res = await runCli(['mock', '--port', String(port)], { env: HOME_ENV });
      expect(res.code).toBe(2);
      expect(res.stderr).toBe(
        `anaf-postman: mock: port ${port} on 127.0.0.1 is already in use; pick another --port, or 0 for a free one\n`,
      );
    } finally {
      blocker.close();
    }
  });

  it.each([
    [['--port', 'abc'], /--port must be an integer from 0 to 65535, not "abc"/],
    [['--port', '70000'], /--port must be/],
    [['--access-ttl', 'soon'], /--access-ttl must be a duration/],
    [['--refresh-ttl', '0s'], /--refresh-ttl must be longer than 0/],
    [['--refresh-ttl', '30'], /--refresh-ttl: "30" has no unit; say 7d, 12h, 30m or 90s/],
    [['--latency', 'fast'], /--latency must be a duration/],
    [['--processing-polls', '-1'], /--processing-polls must be an integer/],
    [['--client', 'only-an-id'], /--client must be ID:SECRET:REDIRECT/],
    [['--client', 'id:secret:not a url'], /--client must be ID:SECRET:REDIRECT .*\(client "id"\)/],
    [['--host', ''], /--host must be/],
    [['--state-file', ''], /--state-file must be a file path/],
    [['--bogus'], /^anaf-postman: unknown option --bogus \(see --help\)$/m],
  ])('%j exits 2 with one line and no stack trace', async (args, message) => {
    const res = await runCli(['mock', ...args], { env: HOME_ENV });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(res.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(res.stderr).not.toContain('secret:');
  });

  it.each(['30d', '601s', '600001ms'])(
    '--latency %s (beyond 10 minutes, where timers overflow to 1 ms) exits 2 naming the maximum',
    async (value) => {
      const res = await runCli(['mock', '--port', '0', '--latency', value], {
        timeoutMs: 10_000,
        env: HOME_ENV,
      });
      expect(res.stdout).toBe('');
      expect(res.stderr).toBe(`anaf-postman: --latency must be at most 10m (600000 ms), not "${value}"\n`);
      expect(res.code).toBe(2);
    },
  );

  it('--help documents every flag and the exit code for a taken port', async () => {
    const res = await runCli(['mock', '--help']);
    expect(res.code).toBe(0);
    for (const flag of [
      '--port',
      '--host',
      '--access-ttl',
      '--refresh-ttl',
      '--rotate',
      '--latency',
      '--client',
      '--state-file',
      '--fresh',
    ]) {
      expect(res.stdout).toContain(flag);
    }
    expect(res.stdout).toMatch(/port is already in use/);
    expect(res.stdout).toContain('/__mock/script');
  });
});

describe('mock flags → options', () => {
  it('has the documented defaults', () => {
    expect(mockOptions({})).toEqual({
      port: 3003,
      host: '127.0.0.1',
      accessTtlSeconds: 90 * 86400,
      refreshTtlSeconds: 365 * 86400,
      rotate: true,
      latencyMs: 0,
      processingPolls: 0,
      clients: [
        {
          clientId: MOCK_DEMO_CLIENT.clientId,
          clientSecret: MOCK_DEMO_CLIENT.clientSecret,
          redirectUris: [...MOCK_DEMO_CLIENT.redirectUris],
        },
      ],
      stateFile: path.join(os.homedir(), '.anaf-postman', 'mock-state.json'),
      freshState: false,
    });
  });

  it('--state-file takes a path (a leading ~ is the home folder), --fresh starts clean', () => {
    expect(mockOptions({ 'state-file': 'x/state.json' }).stateFile).toBe(path.resolve('x/state.json'));
    expect(mockOptions({ 'state-file': '~/s.json' }).stateFile).toBe(path.join(os.homedir(), 's.json'));
    expect(mockOptions({ fresh: true }).freshState).toBe(true);
  });

  it('splits --client on the first two colons only', () => {
    expect(parseClient('id:se:cr:et')).toEqual({
      clientId: 'id',
      clientSecret: 'se',
      redirectUris: ['cr:et'],
    });
    expect(parseClient('a:b:https://h:8443/x?y=1:2')).toEqual({
      clientId: 'a',
      clientSecret: 'b',
      redirectUris: ['https://h:8443/x?y=1:2'],
    });
  });

  it.each(['', 'a', 'a:b', ':b:https://x/', 'a::https://x/', 'a:b:', 'a:b:https://x/#f'])(
    'refuses --client %j',
    (text) => {
      expect(() => parseClient(text)).toThrow(expect.objectContaining({ code: 'USAGE' }));
    },
  );

  it('merges two --client flags of one id and secret, refuses the demo id', () => {
    const options = mockOptions({ client: ['x:s:https://a/', 'x:s:https://b/'] });
    expect(at(defined(options.clients, 'clients'), 1).redirectUris).toEqual(['https://a/', 'https://b/']);
    expect(() => mockOptions({ client: ['x:s:https://a/', 'x:t:https://b/'] })).toThrow(/given twice/);
    expect(() => mockOptions({ client: [`${MOCK_DEMO_CLIENT.clientId}:s:https://a/`] })).toThrow(
      /demo client/,
    );
  });

  it('accepts --latency up to 10 minutes and refuses one millisecond more', () => {
    expect(mockOptions({ latency: '10m' }).latencyMs).toBe(600_000);
    expect(() => mockOptions({ latency: '600001ms' })).toThrow(
      expect.objectContaining({
        code: 'USAGE',
        message: '--latency must be at most 10m (600000 ms), not "600001ms"',
      }),
    );
  });

  it('startMock and setOptions cap latencyMs at 600000 too', async () => {
    await expect(startMock({ port: 0, latencyMs: 30 * 86_400_000 })).rejects.toMatchObject({
      code: 'USAGE',
      message: 'mock: latencyMs must be a number from 0 to 600000, not 2592000000',
    });
    const mock = await startMock({ port: 0, latencyMs: 600_000 });
    try {
      expect(() => mock.setOptions({ latencyMs: 600_001 })).toThrow(
        expect.objectContaining({ code: 'USAGE', message: expect.stringContaining('latencyMs') }),
      );
      mock.setOptions({ latencyMs: 0 });
    } finally {
      await mock.close();
    }
  });

  it('converts durations', () => {
    const o = mockOptions({ 'access-ttl': '90s', 'refresh-ttl': '2d', latency: '50ms', rotate: false });
    expect([o.accessTtlSeconds, o.refreshTtlSeconds, o.latencyMs, o.rotate]).toEqual([90, 172800, 50, false]);
  });
});
