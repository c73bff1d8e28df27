/**
 * Issue #13 through the compiled CLI: bad input is exit 2 on one line, never a stack trace, exit 70
 * or a hang (item 10); `refresh` of a file and its symlink refreshes once (2); an echoing token
 * endpoint puts no secret on stderr, in the table or in the JSON (6); a lost token is exit 5, not 2 (4).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ErrorCodes } from '../../src/errors';
import type { MockServer } from '../../src/mock';
import { runCli } from '../helpers/cli';
import {
  BASIC_CREDENTIALS,
  DEMO,
  expectOneErrorLine,
  readVars,
  sentRefreshTokens,
  TOKEN_PATH,
  withMock,
  withTempDir,
  writeEnv,
} from '../helpers/env';

function setup(body: (mock: MockServer, dir: string) => Promise<void>): Promise<void> {
  return withMock({}, (mock) => withTempDir((dir) => body(mock, dir)));
}

const PROC_WRITABLE_CHECK = fs.existsSync('/proc/1');

describe('item 10: bad input is exit 2 on one line', () => {
  it('a collection with "item": [null]', () =>
    setup(async (mock, dir) => {
      const env = writeEnv(dir, { origin: mock.url, tokens: mock.issueTokens() });
      const collection = path.join(dir, 'c.json');
      fs.writeFileSync(collection, JSON.stringify({ info: { name: 'x' }, item: [null] }));
      const r = await runCli(['run', '-e', env, '-c', collection]);
      expect(r.code).toBe(2);
      expect(expectOneErrorLine(r.stderr)).toMatch(/item #1 is not a Postman item/);
      expect(mock.requests()).toHaveLength(0);
    }));

  it('deeply nested JSON in the environment and in the collection', () =>
    setup(async (mock, dir) => {
      const env = writeEnv(dir, { origin: mock.url, tokens: mock.issueTokens() });
      const collection = path.join(dir, 'c.json');
      fs.writeFileSync(
        collection,
        `{"info":{"name":"x"},"item":[],"x":${'['.repeat(6000)}${']'.repeat(6000)}}`,
      );
      const r1 = await runCli(['run', '-e', env, '-c', collection]);
      expect(r1.code).toBe(2);
      expect(expectOneErrorLine(r1.stderr)).toMatch(/nested deeper than/);
      const deep = path.join(dir, 'deep.json');
      fs.writeFileSync(deep, `{"values":[],"x":${'{"a":'.repeat(6000)}1${'}'.repeat(6000)}}`);
      for (const args of [
        ['refresh', '-e', deep],
        ['status', '-e', deep],
        ['run', '-e', deep],
      ]) {
        const r = await runCli(args);
        expect({ args, code: r.code }).toEqual({ args, code: 2 });
        expect(expectOneErrorLine(r.stderr)).toMatch(/nested deeper than/);
      }
      expect(mock.requests()).toHaveLength(0);
    }));

  it('a UTF-16 environment file', () =>
    withTempDir(async (dir) => {
      const file = path.join(dir, 'utf16.json');
      fs.writeFileSync(file, Buffer.from('\uFEFF{\r\n"values": []\r\n}\r\n', 'utf16le'));
      const r = await runCli(['refresh', '-e', file]);
      expect(r.code).toBe(2);
      expect(expectOneErrorLine(r.stderr)).toMatch(/UTF-16/);
    }));

  (PROC_WRITABLE_CHECK ? it : it.skip)('generate --out and run --report-dir below /proc/1 fail at once', () =>
    setup(async (mock, dir) => {
      const g = await runCli(['generate', '--out', '/proc/1/x'], { timeoutMs: 15_000 });
      expect(g.code).toBe(2);
      expect(expectOneErrorLine(g.stderr)).toMatch(/--out: .*pseudo-filesystem/);
      const env = writeEnv(dir, { origin: mock.url, tokens: mock.issueTokens() });
      const r = await runCli(['run', '-e', env, '--reporters', 'json', '--report-dir', '/proc/1/x'], {
        timeoutMs: 15_000,
      });
      expect(r.code).toBe(2);
      expect(expectOneErrorLine(r.stderr)).toMatch(/--report-dir: .*pseudo-filesystem/);
      expect(mock.requests()).toHaveLength(0);
    }),
  );
});

describe('item 2: one file under two names', () => {
  it('refresh -e real.json -e link.json refreshes once, exit 0', () =>
    setup(async (mock, dir) => {
      const issued = mock.issueTokens();
      const real = writeEnv(dir, { origin: mock.url, tokens: issued }, 'real.json');
      const link = path.join(dir, 'link.json');
      fs.symlinkSync(real, link);
      const r = await runCli(['refresh', '-e', real, '-e', link]);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      expect(r.stdout).toMatch(/1 refreshed, 0 skipped, 0 failed/);
      expect(sentRefreshTokens(mock)).toEqual([issued.refresh_token]);
    }));
});

describe('item 6: an echoing token endpoint', () => {
  it('puts no refresh token, client secret or Basic credentials on stderr, in the table or the JSON', () =>
    setup(async (mock, dir) => {
      const issued = mock.issueTokens();
      const file = writeEnv(dir, { origin: mock.url, tokens: issued });
      const form = new URLSearchParams({
        refresh_token: issued.refresh_token,
        client_secret: DEMO.clientSecret,
      });
      const echo = {
        status: 400,
        body: {
          error: 'invalid_grant',
          error_description: `you sent ${form.toString()} with Basic ${BASIC_CREDENTIALS} \u001b[31m${issued.refresh_token}`,
        },
      };
      mock.script(TOKEN_PATH, echo, echo);
      const table = await runCli(['refresh', '-e', file]);
      const json = await runCli(['refresh', '-e', file, '--json']);
      expect([table.code, json.code]).toEqual([3, 3]);
      const all = [table.stdout, table.stderr, json.stdout, json.stderr].join('\n');
      for (const secret of [
        issued.refresh_token,
        DEMO.clientSecret,
        BASIC_CREDENTIALS,
        encodeURIComponent(issued.refresh_token),
      ]) {
        expect(all).not.toContain(secret);
      }
      expect(all).toContain('[REDACTED]');
      expect(all).not.toContain('\u001b');
      expect(readVars(file).refreshToken).toBe(issued.refresh_token);
    }));
});

describe('item 4: a lost token is not "bad input"', () => {
  it('TOKENS_NOT_SAVED has its own exit code, 5', () => {
    expect(ErrorCodes.TOKENS_NOT_SAVED).toBe(5);
    expect(ErrorCodes.WRITE_FAILED).toBe(2);
  });
});
