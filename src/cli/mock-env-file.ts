/** The work of `anaf-postman mock-env`: the file, the wait for the mock, the headless approval, the login. */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Var, isLoopbackHostname, stageBaseUrls } from '../anaf';
import { AnafPostmanError, isAnafError } from '../errors';
import { environmentFileName } from '../generate';
import { packagePath } from '../paths';
import { shownPath } from './out-dir';

/** What {@link writeMockEnvironment} needs. */
export interface MockEnvironmentOptions {
  file: string;
  /** The mock's origin, `http://127.0.0.1:3003` by default. */
  mockUrl: string;
  /** How long to wait for the mock to answer at all. */
  waitMs: number;
}

/** What it did. */
export interface MockEnvironmentResult {
  file: string;
  shown: string;
  origin: string;
  accessTokenExpiresAt?: string;
}

/** The mock's origin, refused unless it is plain http on this machine: never approve on ANAF. */
function mockOrigin(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'http:' || !isLoopbackHostname(url.hostname) || url.pathname.length > 1) {
    throw new AnafPostmanError(
      'USAGE',
      `--mock-url: "${text}" is not the mock's address; give http://127.0.0.1:PORT or http://localhost:PORT ` +
        '(mock-env approves only the local mock, never ANAF)',
    );
  }
  return url.origin;
}

/**
 * Refuses to replace a file unless it is a mock environment (its `oauthBaseUrl` on this machine):
 * a file pointing at ANAF may hold a client secret and a person's tokens.
 */
function checkReplaceable(file: string): void {
  if (!fs.existsSync(file)) return;
  let oauth: string | undefined;
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      values?: { key?: string; value?: unknown }[];
    };
    const value = data.values?.find((v) => v.key === Var.oauthBaseUrl)?.value;
    oauth = typeof value === 'string' ? value : undefined;
  } catch {
    oauth = undefined;
  }
  let local = false;
  try {
    local = oauth !== undefined && isLoopbackHostname(new URL(oauth).hostname);
  } catch {
    local = false;
  }
  if (!local) {
    throw new AnafPostmanError(
      'OVERWRITE_REFUSED',
      `--out: ${file} exists and is not a mock environment (${oauth ? `oauthBaseUrl ${oauth}` : 'no oauthBaseUrl'}); ` +
        'nothing was written: give another file',
      { file },
    );
  }
}

/** The package's mock environment, pointed at `origin`, tokens empty. */
function mockEnvironmentText(origin: string): string {
  const template = packagePath('environments', environmentFileName('mock'));
  const env = JSON.parse(fs.readFileSync(template, 'utf8')) as {
    values: { key: string; value: unknown }[];
  };
  const urls = stageBaseUrls('mock', origin) as unknown as Record<string, string>;
  for (const v of env.values) {
    if (typeof urls[v.key] === 'string') v.value = urls[v.key];
  }
  return `${JSON.stringify(env, null, 2)}\n`;
}

/** One HTTP request to the mock; resolves with the status and the headers, rejects on a network error. */
function request(
  url: string,
  method: 'GET' | 'POST',
  body?: string,
): Promise<{ status: number; location?: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        headers: body
          ? { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) }
          : {},
        timeout: 10_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk.length < 4096 ? chunk : chunk.slice(0, 4096)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, text }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Waits until anything answers at `origin` (the mock may still be starting). */
async function waitForMock(origin: string, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await request(`${origin}/`, 'GET');
      return;
    } catch (err) {
      if (Date.now() >= deadline) {
        throw new AnafPostmanError(
          'UNAVAILABLE',
          `no mock answered at ${origin} within ${Math.round(waitMs / 1000)} s ` +
            `(${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); start it first: anaf-postman mock`,
        );
      }
      await sleep(200);
    }
  }
}

/**
 * Presses the consent page's Approve button of the mock: the form's fields are the authorize
 * URL's query, sent back with `decision=approve`; the answer redirects to the callback with the code.
 * @returns The redirect URL, as a person would paste it.
 */
async function approve(authorizeUrl: string): Promise<string> {
  const url = new URL(authorizeUrl);
  const form = new URLSearchParams(url.searchParams);
  form.set('decision', 'approve');
  const answer = await request(`${url.origin}${url.pathname}`, 'POST', form.toString());
  if (answer.status !== 302 || !answer.location) {
    const why = /<p>([^<]*)<\/p>/.exec(answer.text)?.[1] ?? `HTTP ${answer.status}`;
    throw new AnafPostmanError(
      'AUTH_REQUIRED',
      `the mock did not approve the consent: ${why} (is it running with its demo client?)`,
    );
  }
  return answer.location;
}

/**
 * Writes the mock environment to `file`, waits for the mock, approves its consent page headlessly
 * and logs in: the tokens land in the file as `anaf-postman login` saves them.
 * @throws AnafPostmanError `USAGE` (not the mock's URL), `OVERWRITE_REFUSED` (a file that is not a
 *   mock environment), `UNAVAILABLE` (no mock), `AUTH_REQUIRED` (the mock refused), and what
 *   `login` throws.
 */
export async function writeMockEnvironment(options: MockEnvironmentOptions): Promise<MockEnvironmentResult> {
  const origin = mockOrigin(options.mockUrl);
  if (options.file.trim() === '') throw new AnafPostmanError('USAGE', '--out: give a file');
  const file = path.resolve(options.file);
  checkReplaceable(file);
  await waitForMock(origin, options.waitMs);
  fs.writeFileSync(file, mockEnvironmentText(origin), { mode: 0o600 });
  const { login } = await import('../login');
  const input = new PassThrough();
  let refused: unknown;
  try {
    const result = await login({
      environment: file,
      mode: 'paste',
      input,
      timeoutMs: 30_000,
      onMessage: (message) => {
        if (message.kind !== 'authorizeUrl') return;
        approve(message.url).then(
          (location) => input.end(`${location}\n`),
          (err: unknown) => {
            refused = err;
            input.end();
          },
        );
      },
    });
    return { file, shown: shownPath(file), origin, accessTokenExpiresAt: result.accessTokenExpiresAt };
  } catch (err) {
    // The approval's own failure says more than "the input ended without a code".
    if (refused !== undefined)
      throw isAnafError(refused)
        ? refused
        : new AnafPostmanError('UNAVAILABLE', `the mock: ${String(refused)}`);
    throw err;
  } finally {
    input.destroy();
  }
}
