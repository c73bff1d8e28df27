/**
 * Issue #29 item 9 end to end: a server echoes the client secret and the access token in the
 * spellings redaction used to miss (lower-case percent hex, double URL encoding, base64, base64url,
 * hex, Basic without padding, numeric HTML entities, upper case, UTF-8 read as Latin-1). The echo
 * reaches the CLI output (a console.log, a test name, a failure), report.json, junit.xml and
 * report.html (its response body): none of them holds any of it.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { runCli, runOutputs } from '../helpers/cli';
import { withMock, withTempDir, writeEnv } from '../helpers/env';

const CLIENT = 'client-ăî';
const SECRET = `Secret-ăîșț€+/=%${Date.now()}`;

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const lowerHex = (s: string) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
const numeric = (s: string) => s.replace(/[&<>"'=]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The spellings the echo server answers with, for a secret or a token. */
function spellings(value: string): Record<string, string> {
  return {
    'lower-case percent hex': lowerHex(encodeURIComponent(value)),
    'URL-encoded twice': encodeURIComponent(encodeURIComponent(value)),
    base64: b64(value),
    base64url: Buffer.from(value, 'utf8').toString('base64url'),
    hex: Buffer.from(value, 'utf8').toString('hex'),
    'numeric entities': numeric(value),
    'upper case': value.toUpperCase(),
    'UTF-8 read as Latin-1': Buffer.from(value, 'utf8').toString('latin1'),
  };
}

/** A server that echoes the body it received (the secret) and the bearer token in every spelling, on one line. */
async function echoServer(): Promise<{ url: string; received: string[]; close: () => Promise<void> }> {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const secret = Buffer.concat(chunks).toString('utf8');
      received.push(secret);
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      const parts = [
        ...Object.entries(spellings(secret)).map(([name, s]) => `secret ${name}: ${s}`),
        ...Object.entries(spellings(token)).map(([name, s]) => `token ${name}: ${s}`),
        `basic unpadded: ${b64(`${CLIENT}:${secret}`).replace(/=+$/, '')}`,
      ];
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(parts.join(' | '));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function collection(echo: string): object {
  return {
    info: {
      name: 'echo',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    item: [
      {
        name: 'echo spellings',
        request: {
          method: 'POST',
          url: `${echo}/echo`,
          header: [
            { key: 'Authorization', value: 'Bearer {{accessToken}}' },
            { key: 'Content-Type', value: 'text/plain; charset=utf-8' },
          ],
          body: { mode: 'raw', raw: '{{clientSecret}}' },
        },
        event: [
          {
            listen: 'test',
            script: {
              exec: [
                'const body = pm.response.text();',
                'console.log(body);',
                "pm.test('echo ' + body, () => { throw new Error(body); });",
              ],
            },
          },
        ],
      },
    ],
  };
}

it('anaf-postman run: output, report.json, junit.xml and report.html hold no spelling of the secret or the token', () =>
  withMock(
    { clients: [{ clientId: CLIENT, clientSecret: SECRET, redirectUris: ['https://example.test/cb'] }] },
    (mock) =>
      withTempDir(async (dir) => {
        const echo = await echoServer();
        try {
          const tokens = mock.issueTokens({ clientId: CLIENT });
          const file = writeEnv(dir, {
            origin: mock.url,
            tokens,
            vars: { clientId: CLIENT, clientSecret: SECRET },
          });
          const c = path.join(dir, 'echo.postman_collection.json');
          fs.writeFileSync(c, JSON.stringify(collection(echo.url)));
          const reports = path.join(dir, 'reports');
          const r = await runCli([
            'run',
            '-e',
            file,
            '-c',
            c,
            '--reporters',
            'cli,junit,json,html',
            '--report-dir',
            reports,
          ]);
          expect(r.code).toBe(1); // the echo test fails on purpose: its message is the body
          expect(echo.received).toEqual([SECRET]); // the real secret went by
          const texts = runOutputs(r, reports);
          expect(Object.keys(texts).sort()).toEqual([
            'junit.xml',
            'report.html',
            'report.json',
            'stderr',
            'stdout',
          ]);
          // The echo went by (the spellings' labels are there), each time without its values.
          for (const name of ['stdout', 'junit.xml', 'report.json', 'report.html']) {
            expect(`${name}: ${texts[name]}`).toMatch(/secret base64: \[REDACTED\]/);
            expect(`${name}: ${texts[name]}`).toMatch(/token UTF-8 read as Latin-1: \[REDACTED\]/);
          }
          const forms = {
            ...Object.fromEntries(Object.entries(spellings(SECRET)).map(([k, v]) => [`secret ${k}`, v])),
            ...Object.fromEntries(
              Object.entries(spellings(tokens.access_token)).map(([k, v]) => [`token ${k}`, v]),
            ),
            'basic unpadded': b64(`${CLIENT}:${SECRET}`).replace(/=+$/, ''),
            'raw secret': SECRET,
            'raw token': tokens.access_token,
          };
          const leaks = Object.entries(texts).flatMap(([where, text]) =>
            Object.entries(forms)
              .filter(([, form]) => text.toLowerCase().includes(form.toLowerCase()))
              .map(([name]) => `${where}: ${name}`),
          );
          expect(leaks).toEqual([]);
        } finally {
          await echo.close();
        }
      }),
  ));
