/**
 * Shared helpers of the harness tests (library and spawned CLI): a mock on a free port of
 * 127.0.0.1, temporary folders, environment files pointed at the mock with a fresh token pair,
 * a recording proxy that sees every token the mock hands out, and checks for "one clear line"
 * errors and leaked secrets. Nothing here touches the network beyond 127.0.0.1.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MOCK_DEMO_CLIENT, Paths } from '../../src/anaf';
import { type MockOptions, type MockServer, type TokenResponse } from '../../src/mock';
import { first } from './checked';
import { startTestMock } from './mock';

/** Root of the checkout. */
export const ROOT = path.resolve(__dirname, '..', '..');

/** The committed mock environment every test environment starts from. */
export const MOCK_ENV_TEMPLATE = path.join(ROOT, 'environments', 'anaf-mock.postman_environment.json');

/** The committed English collection (the default of `run`). */
export const COLLECTION = path.join(ROOT, 'collections', 'anaf.postman_collection.json');

/** The origin the committed mock environment points at; rewritten to the test mock's URL. */
const TEMPLATE_ORIGIN = 'http://127.0.0.1:3003';

export const TOKEN_PATH = Paths.token;
export const DEMO = MOCK_DEMO_CLIENT;

/** The variables holding tokens and their expiries. */
export const TOKEN_KEYS = ['accessToken', 'refreshToken', 'accessTokenExpiresAt', 'refreshTokenExpiresAt'];

// ---------------------------------------------------------------------------------------------
// Mock and temporary folders
// ---------------------------------------------------------------------------------------------

export { startTestMock, useMock } from './mock';

/** Runs `body` with its own mock, closed afterwards (for `it.concurrent`, where hooks do not fit). */
export async function withMock<T>(options: MockOptions, body: (mock: MockServer) => Promise<T>): Promise<T> {
  const mock = await startTestMock(options);
  try {
    return await body(mock);
  } finally {
    await mock.close();
  }
}

/** A new empty folder under the OS temp folder. */
export function makeTempDir(prefix = 'anaf-harness-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Removes a temp folder, restoring write permission first if a test took it away. */
export function removeTempDir(dir: string): void {
  try {
    fs.chmodSync(dir, 0o700);
  } catch {
    // already gone
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A temp folder per test (beforeEach/afterEach); returns a getter. */
export function useTempDir(): () => string {
  let dir: string | undefined;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => {
    if (dir) removeTempDir(dir);
    dir = undefined;
  });
  return () => {
    if (!dir) throw new Error('temp dir not created');
    return dir;
  };
}

/** Runs `body` with its own temp folder, removed afterwards. */
export async function withTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = makeTempDir();
  try {
    return await body(dir);
  } finally {
    removeTempDir(dir);
  }
}

// ---------------------------------------------------------------------------------------------
// Environment files
// ---------------------------------------------------------------------------------------------

/** One variable of an environment file. */
export interface EnvVariable {
  key: string;
  value?: unknown;
  type?: string;
  enabled?: boolean;
  [field: string]: unknown;
}

/** An environment file's JSON. */
export interface EnvData {
  values: EnvVariable[];
  [field: string]: unknown;
}

/** The `exp` claim of a JWT as ISO 8601, or '' for an opaque token. */
export function jwtExpiryIso(token: string): string {
  const parts = token.split('.');
  const payload = parts.length === 3 ? parts[1] : undefined;
  if (payload === undefined) return '';
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: number };
  return typeof claims.exp === 'number' ? new Date(claims.exp * 1000).toISOString() : '';
}

/** The token variables for `tokens`, expiries taken from the JWTs. */
export function tokenVars(tokens: TokenResponse): Record<string, string> {
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    accessTokenExpiresAt: jwtExpiryIso(tokens.access_token),
    refreshTokenExpiresAt: jwtExpiryIso(tokens.refresh_token),
  };
}

/** What {@link envData} and {@link writeEnv} build. */
export interface EnvSpec {
  /** Where the four base URLs point (a mock's or a proxy's origin). */
  origin: string;
  /** Token pair to store; none leaves the token variables empty. */
  tokens?: TokenResponse;
  /** Variable values to set (appended when missing); `null` removes the variable. */
  vars?: Record<string, string | null>;
}

/** The committed mock environment, pointed at `origin`, with `tokens` and `vars` applied. */
export function envData(spec: EnvSpec): EnvData {
  const data = JSON.parse(fs.readFileSync(MOCK_ENV_TEMPLATE, 'utf8')) as EnvData;
  const set: Record<string, string | null> = {
    ...(spec.tokens ? tokenVars(spec.tokens) : {}),
    ...spec.vars,
  };
  data.values = data.values
    .map((v) =>
      typeof v.value === 'string' && v.value.startsWith(TEMPLATE_ORIGIN)
        ? { ...v, value: spec.origin + v.value.slice(TEMPLATE_ORIGIN.length) }
        : v,
    )
    .filter((v) => set[v.key] !== null)
    .map((v) => (v.key in set ? { ...v, value: set[v.key] } : v));
  for (const [key, value] of Object.entries(set)) {
    if (value !== null && !data.values.some((v) => v.key === key)) {
      data.values.push({ key, value, type: 'default', enabled: true });
    }
  }
  return data;
}

/** Serializes as Postman does (2-space JSON, final newline). */
export function envText(data: EnvData): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** Writes an environment file (`name` in `dir`) and returns its path. */
export function writeEnv(dir: string, spec: EnvSpec, name = 'env.postman_environment.json'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, envText(envData(spec)));
  return file;
}

/** Reads an environment file's JSON. */
export function readEnv(file: string): EnvData {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as EnvData;
}

/** The variables of an environment file as a plain map of strings. */
export function readVars(file: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const v of readEnv(file).values) vars[v.key] = v.value == null ? '' : String(v.value);
  return vars;
}

/** Every file of `dir` (not recursive) with its bytes: to prove a failure changed nothing. */
export function snapshotDir(dir: string): Record<string, string> {
  const snap: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    snap[name] = fs.statSync(full).isDirectory() ? '<dir>' : fs.readFileSync(full).toString('base64');
  }
  return snap;
}

/** Permission bits of a file. */
export function modeOf(file: string): number {
  return fs.statSync(file).mode & 0o777;
}

// ---------------------------------------------------------------------------------------------
// Talking to the mock directly
// ---------------------------------------------------------------------------------------------

/** `Basic base64(clientId:clientSecret)` of the demo client, without the scheme. */
export const BASIC_CREDENTIALS = Buffer.from(`${DEMO.clientId}:${DEMO.clientSecret}`).toString('base64');

/** Sends a refresh grant straight to `origin`; the new pair on 200, else the error answer. */
export async function refreshDirect(
  origin: string,
  refreshToken: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${origin}${TOKEN_PATH}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${BASIC_CREDENTIALS}`,
    },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      token_content_type: 'jwt',
    }).toString(),
  });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: res.status, body };
}

/** The `refresh_token` form field of each recorded token request, oldest first. */
export function sentRefreshTokens(mock: MockServer): string[] {
  return mock
    .requests(TOKEN_PATH)
    .map((r) => new URLSearchParams(r.body).get('refresh_token') ?? '')
    .filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// A recording proxy: forwards everything to the mock and remembers every token it hands out
// ---------------------------------------------------------------------------------------------

/** A running proxy in front of a mock. */
export interface RecordingProxy {
  url: string;
  /** Every access and refresh token in an answer, every code and credential in a request. */
  secrets: Set<string>;
  /** The token answers (status 200 with access_token), in order. */
  tokenAnswers: TokenResponse[];
  /** Most requests in flight at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

/** Starts a proxy on a free port of 127.0.0.1 that forwards to `target`. */
export async function startRecordingProxy(target: MockServer): Promise<RecordingProxy> {
  const secrets = new Set<string>();
  const tokenAnswers: TokenResponse[] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const server = http.createServer((req, res) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const auth = req.headers.authorization;
      if (auth) secrets.add(auth.replace(/^\S+\s+/, ''));
      const form = new URLSearchParams(body.toString('utf8'));
      for (const key of ['code', 'refresh_token', 'client_secret']) {
        const value = form.get(key);
        if (value) secrets.add(value);
      }
      const upstream = http.request(
        { host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            const out = Buffer.concat(parts);
            try {
              const json = JSON.parse(out.toString('utf8')) as Partial<TokenResponse>;
              if (typeof json.access_token === 'string') {
                secrets.add(json.access_token);
                if (json.refresh_token) secrets.add(json.refresh_token);
                if (answer.statusCode === 200) tokenAnswers.push(json as TokenResponse);
              }
            } catch {
              // not JSON
            }
            inFlight--;
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(out);
          });
          answer.on('error', () => {
            inFlight--;
            res.destroy();
          });
        },
      );
      upstream.on('error', () => {
        inFlight--;
        res.destroy();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    secrets,
    tokenAnswers,
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Output checks
// ---------------------------------------------------------------------------------------------

/** A stack frame line as Node prints it. */
export const STACK_FRAME = /^\s+at\s/m;

/**
 * Asserts the CLI's stderr is exactly one line `anaf-postman: ...` without a stack trace, and
 * returns that line.
 */
export function expectOneErrorLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^anaf-postman: \S/);
  expect(stderr).not.toMatch(STACK_FRAME);
  expect(stderr).not.toMatch(/internal error/);
  return first(lines);
}

/**
 * The forms a secret can take in text: itself, URL-encoded, and for a JWT its claims and its
 * signature alone (the header is the same for every token and not secret).
 */
function secretForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret)]);
  const [, claims, signature, ...more] = secret.split('.');
  if (claims !== undefined && signature !== undefined && more.length === 0) {
    forms.add(claims);
    forms.add(signature);
  }
  return [...forms].filter((f) => f.length >= 8);
}

/** Which `secrets` appear (in any form) in which of `texts` (name → content); empty when clean. */
export function findSecrets(texts: Record<string, string>, secrets: Iterable<string>): string[] {
  const found: string[] = [];
  for (const secret of secrets) {
    for (const form of secretForms(secret)) {
      for (const [name, text] of Object.entries(texts)) {
        if (text.includes(form)) found.push(`${name}: ${secret.slice(0, 12)}… (as ${form.slice(0, 12)}…)`);
      }
    }
  }
  return found;
}

/** Waits until `check()` holds, polling every 10 ms; throws after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A recording proxy in front of the mock for each test: `const proxy = useRecordingProxy(mock)`. */
export function useRecordingProxy(mock: () => MockServer): () => RecordingProxy {
  let proxy: RecordingProxy | undefined;
  beforeEach(async () => {
    proxy = await startRecordingProxy(mock());
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });
  return () => {
    if (!proxy) throw new Error('useRecordingProxy: no proxy outside a test');
    return proxy;
  };
}
