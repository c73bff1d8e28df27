/** Helpers of the login tests: environments, free ports, a browser played over HTTP, the spawned CLI. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { environmentVariables, Paths, Var } from '../../../src/anaf';
import { startMock, type MockOptions, type MockServer } from '../../../src/mock';
import { ROOT } from '../../helpers/cli';

export const CLIENT = { clientId: 'login-test-client', clientSecret: 'login-test-secret-0123456789' };

/** The lowest port the system hands out by itself (to `listen(0)` and outgoing connections). */
function ephemeralLow(): number {
  try {
    const low = Number(
      fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0],
    );
    return Number.isInteger(low) && low > 4096 ? low : 32768;
  } catch {
    return 32768;
  }
}

/** True when `port` can be bound on 127.0.0.1 now. */
function bindable(port: number): Promise<boolean> {
  const server = http.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A port that was free a moment ago on 127.0.0.1, for a redirect URI that must name its port
 * before anything listens. Taken below the system's ephemeral range: a port from `listen(0)` is
 * handed out again at once to whichever worker asks next (a mock, a proxy, an outgoing
 * connection), which made the listener find its port taken.
 */
export async function freePort(): Promise<number> {
  const low = ephemeralLow();
  for (let tries = 0; tries < 50; tries++) {
    const port = low - 1 - Math.floor(Math.random() * Math.min(12_000, low - 2048));
    if (await bindable(port)) return port;
  }
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** True when something accepts connections on 127.0.0.1:port. */
export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host, port, path: '/', timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code !== 'ECONNREFUSED'));
    req.on('timeout', () => req.destroy());
  });
}

/** A temp folder removed by {@link cleanTemp}. */
const temps: string[] = [];
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-login-'));
  temps.push(dir);
  return dir;
}
export function cleanTemp(): void {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A mock with the test client registered for `redirectUris`. */
export function loginMock(redirectUris: string[], options: MockOptions = {}): Promise<MockServer> {
  return startMock({ port: 0, host: '127.0.0.1', ...options, clients: [{ ...CLIENT, redirectUris }] });
}

/** Environment variables of one file, as written. */
export interface EnvVar {
  key: string;
  value: string;
  type?: string;
  enabled?: boolean;
  [field: string]: unknown;
}

/**
 * Writes a mock environment pointing at `mock` with the test client and `redirectUri`, an old
 * authorization code, an extra variable and extra fields (all must survive the login).
 * `overrides` replace values; `undefined` removes the variable.
 */
export function writeEnv(
  dir: string,
  mock: MockServer | { url: string },
  redirectUri: string,
  overrides: Record<string, string | undefined> = {},
): string {
  const values: EnvVar[] = environmentVariables('mock', { clientAuth: 'basic' }).map((v) => ({
    ...v,
    enabled: true,
  }));
  const preset: Record<string, string> = {
    [Var.oauthBaseUrl]: `${mock.url}${Paths.oauth}`,
    [Var.apiBaseUrl]: mock.url,
    [Var.clientId]: CLIENT.clientId,
    [Var.clientSecret]: CLIENT.clientSecret,
    [Var.redirectUri]: redirectUri,
    [Var.authorizationCode]: 'stale-code-from-postman',
  };
  const all = { ...preset, ...overrides };
  const kept = values
    .filter((v) => !(v.key in all && all[v.key] === undefined))
    .map((v) => (v.key in all ? { ...v, value: all[v.key] as string } : v));
  kept.push({ key: 'myOwnVariable', value: 'keep me', type: 'default', enabled: true, description: 'mine' });
  const file = path.join(dir, 'login.postman_environment.json');
  const env = {
    id: '0f6f6b3e-1d0c-4c1b-9f0e-5f5f5f5f5f5f',
    name: 'login test',
    values: kept,
    _postman_variable_scope: 'environment',
    _postman_exported_using: 'Postman/11',
  };
  fs.writeFileSync(file, `${JSON.stringify(env, null, 2)}\n`, { mode: 0o600 });
  return file;
}

/** The variables of an environment file by key. */
export function readVars(file: string): Record<string, EnvVar> {
  const env = JSON.parse(fs.readFileSync(file, 'utf8')) as { values: EnvVar[] };
  return Object.fromEntries(env.values.map((v) => [v.key, v]));
}

function decode(text: string): string {
  return text.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');
}

/**
 * Plays the browser on the mock's consent page: GET the authorize URL, POST the form back with
 * `decision`, return the redirect's Location (not followed).
 */
export async function consent(
  authorizeUrl: string,
  decision: 'approve' | 'deny' = 'approve',
): Promise<string> {
  const page = await fetch(authorizeUrl);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${html}`);
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  if (!action) throw new Error('no consent form');
  const fields = [...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map(
    // Both groups always take part in a match (possibly empty).
    ([, name = '', value = '']): [string, string] => [decode(name), decode(value)],
  );
  const res = await fetch(new URL(decode(action), authorizeUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams([...fields, ['decision', decision]]).toString(),
  });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`consent POST answered ${res.status}`);
  return location;
}

/** A page fetched like a browser that accepted the self-signed certificate. */
export interface Fetched {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** GET over http or https (certificate not verified, as the test's browser accepted it). */
export function browserGet(url: string): Promise<Fetched> {
  const target = new URL(url);
  const lib = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.get(target, { rejectUnauthorized: false, agent: false, timeout: 20_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${target.origin}`)));
    req.on('error', reject);
  });
}

/** The message paragraph of a listener page. */
export function pageMessage(html: string): string {
  return decode(/<p id="message">([^<]*)<\/p>/.exec(html)?.[1] ?? '');
}

/** `Hello, "…"` from the mock's TestOauth with `token`, or the status when refused. */
export async function hello(mock: MockServer, token: string): Promise<string> {
  const res = await fetch(`${mock.url}${Paths.hello}?name=login`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return res.status === 200 ? res.text() : `HTTP ${res.status}`;
}

/** Token requests the mock received. */
export function tokenRequests(mock: MockServer) {
  return mock.requests(Paths.token);
}

/** A running `anaf-postman login`. */
export interface LoginProcess {
  child: ChildProcessWithoutNullStreams;
  /** The authorize URL printed on stdout. */
  url: Promise<string>;
  stdout(): string;
  stderr(): string;
  /** Waits until stderr holds `text`. */
  stderrHas(text: string): Promise<void>;
  writeLine(line: string): void;
  exit: Promise<number | null>;
}

const spawned: ChildProcessWithoutNullStreams[] = [];

/** Spawns `anaf-postman login ARGS` (the compiled CLI); stdin stays open until `writeLine`/`end`. */
export function spawnLogin(args: string[]): LoginProcess {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'anaf-postman.js'), 'login', ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
  });
  spawned.push(child);
  let stdout = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  const poke = () => waiters.splice(0).forEach((w) => w());
  child.stdout.on('data', (d) => {
    stdout += d;
    poke();
  });
  child.stderr.on('data', (d) => {
    stderr += d;
    poke();
  });
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const until = (test: () => string | undefined, what: string) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = test();
        if (found !== undefined) return resolve(found);
        if (child.exitCode !== null) {
          return reject(new Error(`login exited ${child.exitCode} before ${what}; stderr: ${stderr}`));
        }
        waiters.push(check);
      };
      void exit.then(() => setImmediate(check));
      check();
    });
  return {
    child,
    url: until(() => /^(https?:\/\/\S+\/authorize\?\S+)$/m.exec(stdout)?.[1], 'printing the URL'),
    stdout: () => stdout,
    stderr: () => stderr,
    stderrHas: (text) =>
      until(() => (stderr.includes(text) ? text : undefined), `saying "${text}"`).then(() => undefined),
    writeLine: (line) => child.stdin.write(`${line}\n`),
    exit,
  };
}

/** Kills whatever {@link spawnLogin} started that still runs. */
export function killSpawned(): void {
  for (const child of spawned.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
