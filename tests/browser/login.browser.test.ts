/**
 * A real browser through `anaf-postman login --listen`: Debian's Chromium (playwright-core) opens the
 * URL the CLI printed, sees the mock's consent page, clicks, is redirected to the CLI's HTTPS
 * listener (self-signed certificate made on the fly) and sees its page. Screenshots of both pages
 * go to test-artifacts/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { Var } from '../../src/anaf';
import type { MockServer } from '../../src/mock';
import { entry } from '../helpers/checked';
import { ROOT } from '../helpers/cli';
import {
  cleanTemp,
  freePort,
  hello,
  killSpawned,
  loginMock,
  portOpen,
  readVars,
  spawnLogin,
  tempDir,
  tokenRequests,
  writeEnv,
  type LoginProcess,
} from '../integration/login/helpers';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test-artifacts');

let browser: Browser;
let context: BrowserContext | undefined;
let mock: MockServer | undefined;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install -y chromium`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
  killSpawned();
  await mock?.close();
  mock = undefined;
  cleanTemp();
});

interface Started {
  run: LoginProcess;
  page: Page;
  file: string;
  redirectUri: string;
  port: number;
}

/** Mock + environment + spawned CLI, and the browser on the consent page the CLI's URL shows. */
async function openConsent(shot: string): Promise<Started> {
  const port = await freePort();
  const redirectUri = `https://localhost:${port}/callback`;
  mock = await loginMock([redirectUri]);
  const file = writeEnv(tempDir(), mock, redirectUri);
  const run = spawnLogin(['--environment', file, '--listen', '--timeout', '60s']);
  const url = await run.url;
  context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  const consent = await page.goto(url);
  expect(consent?.status()).toBe(200);
  expect(await page.textContent('h1')).toBe('ANAF mock: authorize an application');
  expect(await page.isVisible('#approve')).toBe(true);
  expect(await page.isVisible('#deny')).toBe(true);
  await page.screenshot({ path: path.join(ARTIFACTS, shot), fullPage: true });
  return { run, page, file, redirectUri, port };
}

/** Clicks `button` and waits for the listener's page. */
async function decide(s: Started, button: '#approve' | '#deny'): Promise<void> {
  const escaped = s.redirectUri.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await Promise.all([s.page.waitForURL(new RegExp(`^${escaped}\\?`)), s.page.click(button)]);
  await s.page.waitForSelector('#message');
}

describe('login in a real browser (Chromium)', () => {
  it('approve: consent page → redirect to the HTTPS listener → "Logged in" page; the file holds working tokens', async () => {
    const s = await openConsent('login-consent.png');
    await decide(s, '#approve');
    const landed = new URL(s.page.url());
    expect(landed.searchParams.get('code')).toBeTruthy();
    expect(landed.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await s.page.textContent('#title')).toBe('Logged in');
    expect(await s.page.textContent('#message')).toContain(
      'Done: the tokens are saved in login.postman_environment.json',
    );
    await s.page.screenshot({ path: path.join(ARTIFACTS, 'login-done.png'), fullPage: true });

    expect(await s.run.exit).toBe(0);
    expect(s.run.stdout()).toContain('Logged in: tokens saved to');
    const vars = readVars(s.file);
    const accessToken = entry(vars, Var.accessToken);
    expect(await hello(mock!, accessToken.value)).toBe('Hello, "login"');
    expect(vars[Var.authorizationCode]).toMatchObject({ value: '', type: 'secret' });
    expect(accessToken.type).toBe('secret');
    expect(entry(vars, Var.refreshToken).type).toBe('secret');
    expect(tokenRequests(mock!)).toHaveLength(1);
    expect(await portOpen(s.port)).toBe(false);
    expect(s.run.stdout() + s.run.stderr()).not.toContain(accessToken.value);
    expect(s.run.stdout() + s.run.stderr()).not.toContain(landed.searchParams.get('code'));
  });

  it('deny: consent page → redirect with access_denied → "Authorization denied" page; exit 3, nothing exchanged', async () => {
    const s = await openConsent('login-consent-deny.png');
    const before = fs.readFileSync(s.file, 'utf8');
    await decide(s, '#deny');
    expect(new URL(s.page.url()).searchParams.get('error')).toBe('access_denied');
    expect(await s.page.textContent('#title')).toBe('Authorization denied');
    expect(await s.page.textContent('#message')).toContain(
      'the certificate was not presented or was refused',
    );
    await s.page.screenshot({ path: path.join(ARTIFACTS, 'login-denied.png'), fullPage: true });

    expect(await s.run.exit).toBe(3);
    expect(s.run.stderr()).toContain(
      'anaf-postman: authorization denied (access_denied): the certificate was not presented or was refused',
    );
    expect(tokenRequests(mock!)).toHaveLength(0);
    expect(fs.readFileSync(s.file, 'utf8')).toBe(before);
    expect(await portOpen(s.port)).toBe(false);
  });
});
