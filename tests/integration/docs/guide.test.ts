/**
 * What the guide says: every request of each collection, with its description partial, method,
 * URL and one curl command; the portal steps, the prerequisites and the troubleshooting rows; the
 * reader's values; and a Romanian guide that is written in Romanian.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  ALL_ENDPOINTS,
  AnafHosts,
  MOCK_DEMO_CLIENT,
  POSTMAN_CALLBACK_URL,
  stageBaseUrls,
} from '../../../src/anaf';
import { stableId } from '../../../src/generate/ids';
import { CLIENT_ID_PLACEHOLDER, EU_TRUSTED_LIST_RO, renderGuides } from '../../../src/docs';
import { generate, type PostmanCollection } from '../../../src/generate';
import type { Lang } from '../../../src/templates/engine';
import { at, first } from '../../helpers/checked';
import { fences, prose } from './markdown';
import { shellSplit } from './shell';

const PROD = stageBaseUrls('prod');
const MOCK = stageBaseUrls('mock');
const guides = Object.fromEntries(renderGuides().map((g) => [g.lang, g.text])) as Record<Lang, string>;
const collections = Object.fromEntries(generate().collections.map((c) => [c.lang, c.collection])) as Record<
  Lang,
  PostmanCollection
>;

/** `{{oauthBaseUrl}}` and the other base variables replaced by ANAF's prod URLs. */
function prodUrl(raw: string): string {
  return raw.replace(
    /\{\{(\w+)\}\}/g,
    (all, name: string) => (PROD as unknown as Record<string, string>)[name] ?? all,
  );
}

/** The text between `#### HEADING` and the next heading of level 4 or above. */
function section(markdown: string, heading: string): string | undefined {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`#### ${heading}`);
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && /^#{1,4} /.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
const anyValue = new Proxy({}, { get: (_t, name) => `<${String(name)}>` }) as Record<string, string>;

describe.each(['en', 'ro'] as Lang[])('the %s guide and its collection', (lang) => {
  const guide = guides[lang];
  const collection = collections[lang];
  const requests = collection.item.flatMap((folder) => folder.item.map((item) => ({ folder, item })));

  // The Romanian guide translates the request names that are English; ANAF's own names stay.
  const names =
    (
      JSON.parse(
        fs.readFileSync(path.join(__dirname, '../../../templates/docs/i18n', `${lang}.json`), 'utf8'),
      ) as {
        requestNames?: Record<string, string>;
      }
    ).requestNames ?? {};
  const headingOf = (folder: { name: string }, item: { id: string; name: string }) => {
    const endpoint = ALL_ENDPOINTS.find((e) => stableId('request', e.id) === item.id);
    return `${folder.name}: ${(endpoint && names[endpoint.id]) ?? item.name}`;
  };

  it('has one section per request of the collection, and no other', () => {
    const expected = requests.map(({ folder, item }) => headingOf(folder, item));
    const found = guide
      .split('\n')
      .filter((l) => l.startsWith('#### '))
      .map((l) => l.slice(5));
    expect(found).toEqual(expected);
    expect(expected.length).toBe(20);
  });

  it.each(requests.map(({ folder, item }) => [headingOf(folder, item), item]))(
    '%s: description, method, URL and one curl command of the same request',
    (heading, item) => {
      const text = section(guide, heading as string);
      expect(text).toBeDefined();
      const request = (item as (typeof requests)[number]['item']).request;
      // The description partial, exactly as the collection holds it (request partials use no values).
      expect(squash(text!)).toContain(squash(request.description));
      expect(text).toContain(`\`${request.method} ${prodUrl(request.url.raw)}\``);
      const curls = fences(text!).filter((f) => f.body.startsWith('curl '));
      expect(curls).toHaveLength(1);
      const argv = shellSplit(first(curls).body, anyValue);
      expect(argv.includes('POST')).toBe(request.method === 'POST');
      const url = new URL(at(argv, -1));
      const path = first(prodUrl(request.url.raw).split('?')).replace(/\{\{(\w+)\}\}/g, '[^/]+');
      // The browser step's curl is for the mock, and shows the mock's URL (#17 item 9).
      const expectedPath =
        request.auth?.type === 'noauth' && /authorize/.test(path)
          ? path.replace(PROD.oauthBaseUrl, MOCK.oauthBaseUrl)
          : path;
      expect(`${url.origin}${url.pathname}`).toMatch(new RegExp(`^${expectedPath.replace(/[.]/g, '\\.')}$`));
      for (const q of request.url.query ?? []) {
        expect(url.searchParams.has(q.key)).toBe(!q.disabled);
        expect(text).toContain(`| \`${q.key}\` |`);
      }
    },
  );

  it("each folder's description comes first in its section, with the prod base URLs filled in", () => {
    for (const folder of collection.item) {
      const start = guide.indexOf(`\n### ${folder.name}\n`);
      expect(start).toBeGreaterThan(0);
      expect(squash(guide.slice(start, start + 2000))).toContain(squash(prodUrl(folder.description)));
    }
  });

  it('covers the set-up: prerequisites, the portal with its Romanian labels, the browser step', () => {
    expect(guide).toContain(`(${EU_TRUSTED_LIST_RO})`);
    expect(guide).toMatch(/CIF/);
    for (const label of [
      'Autentificare utilizator',
      'Editare profil Oauth',
      'Meniu → Gestionare aplicații',
      'Serviciu: E-Factura, E-Transport',
      'Callback URL',
      'Generare Client ID',
    ]) {
      expect(guide).toContain(`| ${label} |`);
    }
    expect(guide).toMatch(/pop-up/);
    expect(guide).toContain(
      '```text\nhttps://logincert.anaf.ro/anaf-oauth2/v1/authorize?client_id=YOUR_CLIENT_ID&response_type=code&' +
        'redirect_uri=https%3A%2F%2Foauth.pstmn.io%2Fv1%2Fcallback&token_content_type=jwt\n```',
    );
  });

  it('covers the tokens: exchange table and curl, the helper, lifetimes, refresh', () => {
    for (const field of ['grant_type', 'code', 'redirect_uri', 'token_content_type', 'refresh_token']) {
      expect(guide).toContain(`| \`${field}\` |`);
    }
    expect(guide).toContain('| Client Authentication | Send as Basic Auth header |');
    expect(guide).toContain(
      '| Advanced, Token Request | `token_content_type` = `jwt`, Send In: Request Body |',
    );
    expect(guide).toMatch(/\| 90 /);
    expect(guide).toMatch(/\| 365 /);
    expect(guide).toMatch(/--data-urlencode "client_secret=\$CLIENT_SECRET"/);
  });

  it('covers Postman, Newman and the CLI commands login, run, refresh and status', () => {
    expect(guide).toContain('npx newman run collections/');
    for (const command of ['login', 'run', 'refresh', 'status']) {
      expect(guide).toMatch(new RegExp(`^ *npx anaf-postman ${command} --environment `, 'm'));
    }
  });

  it('has a troubleshooting row for every problem the issue lists', () => {
    const table = guide.slice(guide.lastIndexOf('\n## '));
    const rows = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'));
    const needles = [
      /access_denied/,
      /invalid_grant/,
      /invalid_client/,
      /redirect/i,
      /`http:\/\/`/,
      /60/,
      /403/,
      /429/,
      /200/,
      /1500/,
      /support ID/,
    ];
    for (const needle of needles) expect(rows.some((r) => needle.test(r))).toBe(true);
    expect(rows.length).toBeGreaterThanOrEqual(12);
  });

  it('is deterministic', () => {
    expect(renderGuides().find((g) => g.lang === lang)?.text).toBe(guide);
  });
});

describe('the Romanian guide is written in Romanian', () => {
  const ro = prose(guides.ro);
  const en = prose(guides.en);

  it('uses Romanian diacritics throughout (comma-below ș and ț, not cedillas)', () => {
    for (const letter of ['ă', 'â', 'î', 'ș', 'ț']) expect(ro.split(letter).length - 1).toBeGreaterThan(10);
    expect(ro).not.toMatch(/[şţŞŢ]/);
  });

  it('has no English prose: no common English words, no sentence of the English guide', () => {
    const lines = ro.split('\n').filter((l) => !l.includes('(guide.md)'));
    expect(lines.join('\n')).not.toMatch(/\b(the|and|with|your|when|which|from|this)\b/);
    const sentences = (text: string) =>
      text
        .split('\n')
        // Tables and headings hold request names and Postman's labels, the same in both languages.
        .filter((l) => !l.startsWith('|') && !l.startsWith('#') && l.split(' ').length >= 6)
        .map(squash);
    const english = new Set(sentences(en));
    expect(sentences(ro).filter((s) => english.has(s))).toEqual([]);
  });
});

describe("the reader's values", () => {
  it('reach the authorize URL (encoded), the token requests and the helper table', () => {
    const redirectUri = 'https://localhost:8443/anaf/cb?tenant=a&x=1';
    const guide = first(renderGuides({ langs: 'en', clientId: '0a1b2c3d4e', redirectUri }));
    expect(guide.text).toContain(
      `?client_id=0a1b2c3d4e&response_type=code&redirect_uri=${encodeURIComponent(redirectUri)}&token_content_type=jwt`,
    );
    expect(guide.text).toContain(`| Callback URL | \`${redirectUri}\` |`);
    expect(guide.text).toContain('| Authorize using browser | off');
    expect(guide.text).not.toContain(CLIENT_ID_PLACEHOLDER);
    const exchange = fences(guide.text).find((f) => f.body.includes('grant_type=authorization_code'))!;
    const argv = shellSplit(exchange.body, { CLIENT_SECRET: 's', CODE: 'c' });
    expect(argv).toContain(`redirect_uri=${redirectUri}`);
    expect(argv).toContain('0a1b2c3d4e:s');
    expect(at(argv, -1)).toBe(`${AnafHosts.oauth}/anaf-oauth2/v1/token`);
  });

  it('survive the shell: a callback URL holding $ and a quote is sent exactly, and is no shell variable', () => {
    const redirectUri = "https://localhost:8443/cb?a=$HOME&b='x'!";
    const guide = first(renderGuides({ langs: 'en', redirectUri }));
    const commands = fences(guide.text).filter(
      (b) => b.body.startsWith('curl ') && b.body.includes('redirect_uri'),
    );
    expect(commands.length).toBe(4);
    for (const f of commands) {
      const argv = shellSplit(f.body, { CLIENT_SECRET: 's', CODE: 'c', HOME: '/wrong' });
      if (f.body.includes('/authorize?')) {
        // The browser step's command is for the mock: it names the mock's demo client and callback.
        expect(new URL(at(argv, -1)).searchParams.get('redirect_uri')).toBe(MOCK_DEMO_CLIENT.redirectUri);
      } else {
        expect(argv).toContain(`redirect_uri=${redirectUri}`);
      }
    }
    expect(guide.text).not.toContain('| `$HOME` |');
  });

  it("default to the placeholder client id and Postman's callback", () => {
    const guide = first(renderGuides({ langs: 'en' }));
    expect(guide.text).toContain('| Client ID | `YOUR_CLIENT_ID` (a placeholder');
    expect(guide.text).toContain(`| Callback URL | \`${POSTMAN_CALLBACK_URL}\` |`);
    expect(guide.text).toContain('| Authorize using browser | on |');
  });

  it('an http callback (accepted only by the local mock) is flagged in both languages', () => {
    for (const g of renderGuides({ redirectUri: 'http://localhost:9000/cb' })) {
      expect(g.text).toMatch(/\*\*.*`http:\/\/`.*\*\*/);
    }
  });

  it('are checked: bad values are usage errors naming the option', () => {
    const usage = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return `${(e as { code?: string }).code}: ${(e as Error).message}`;
      }
      return 'no error';
    };
    expect(usage(() => renderGuides({ langs: 'de' }))).toMatch(/^USAGE: langs: /);
    expect(usage(() => renderGuides({ clientId: 'a"b' }))).toMatch(/^USAGE: clientId: /);
    expect(usage(() => renderGuides({ redirectUri: 'http://example.com/cb' }))).toMatch(
      /^USAGE: redirectUri: /,
    );
    expect(usage(() => renderGuides({ redirectUri: 'https://example.com/a|b' }))).toMatch(
      /^USAGE: redirectUri: /,
    );
  });
});
