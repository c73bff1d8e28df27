/**
 * Files a person names that are not what they should be (#29 "Never lose, never leak, round two"),
 * through the spawned CLI: a FIFO, a device, a huge file, a folder (items 16); malformed JSON that
 * would quote a secret back (item 10); a member named twice (item 4); two byte-order marks (item
 * 17); a hard-linked environment (item 6). Each is exit 2 with one line, quickly, and nothing is
 * sent to the mock.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { MAX_COLLECTION_BYTES, MAX_ENVIRONMENT_BYTES } from '../../src/store/input-file';
import { runCli, type CliResult } from '../helpers/cli';
import { expectOneErrorLine, readVars, snapshotDir, useMock, useTempDir, writeEnv } from '../helpers/env';

const mock = useMock();
const tmp = useTempDir();

/**
 * Long enough for a loaded machine to start the CLI, far shorter than a blocked open (forever) or a
 * read of /dev/zero (gigabytes): a refusal must come well inside it.
 */
const QUICK_MS = 20_000;

/** The CLI, killed after {@link QUICK_MS} (then `code` is null). */
function cli(args: string[]): Promise<CliResult> {
  return runCli(args, { cwd: tmp(), timeoutMs: QUICK_MS });
}

/** A mode-0600 environment holding a fresh token pair from the mock. */
function goodEnv(name = 'env.json'): string {
  const file = writeEnv(tmp(), { origin: mock().url, tokens: mock().issueTokens() }, name);
  fs.chmodSync(file, 0o600);
  return file;
}

function fifo(name = 'pipe.json'): string {
  const file = path.join(tmp(), name);
  execFileSync('mkfifo', [file]);
  return file;
}

/** A sparse file of `bytes` (no disk used): over a size limit without writing it. */
function sparse(name: string, bytes: number): string {
  const file = path.join(tmp(), name);
  fs.writeFileSync(file, '');
  fs.truncateSync(file, bytes);
  return file;
}

/** Exit 2, one line matching `why`, and no request reached the mock. */
function expectRefused(r: CliResult, why: RegExp): string {
  expect(r.code).toBe(2);
  const line = expectOneErrorLine(r.stderr);
  expect(line).toMatch(why);
  expect(mock().requests()).toHaveLength(0);
  return line;
}

const PIPE = /is a named pipe \(FIFO\), not a regular file/;
const DEVICE = /is a device, not a regular file/;

describe('not a regular file, or too large (item 16): exit 2 at once', () => {
  it('status -e FIFO, refresh -e FIFO, run -e FIFO', async () => {
    const pipe = fifo();
    for (const command of ['status', 'refresh', 'run']) {
      expectRefused(
        await cli([command, '-e', pipe]),
        new RegExp(`^anaf-postman: .*pipe\\.json: ${PIPE.source}`),
      );
    }
  });

  it('status -e /dev/zero, refresh -e /dev/urandom, run -e /dev/zero', async () => {
    expectRefused(await cli(['status', '-e', '/dev/zero']), DEVICE);
    expectRefused(await cli(['refresh', '-e', '/dev/urandom']), DEVICE);
    expectRefused(await cli(['run', '-e', '/dev/zero']), DEVICE);
  });

  it('run --collection /dev/zero or a FIFO', async () => {
    const env = goodEnv();
    const before = readVars(env);
    expectRefused(
      await cli(['run', '-e', env, '--collection', '/dev/zero']),
      /^anaf-postman: \/dev\/zero: is a device/,
    );
    expectRefused(await cli(['run', '-e', env, '--collection', fifo()]), PIPE);
    expect(readVars(env)).toEqual(before);
  });

  it('run --iteration-data /dev/zero or a FIFO', async () => {
    const env = goodEnv();
    expectRefused(
      await cli(['run', '-e', env, '--iteration-data', '/dev/zero']),
      /^anaf-postman: --iteration-data: \/dev\/zero: is a device, not a regular file$/,
    );
    expectRefused(await cli(['run', '-e', env, '--iteration-data', fifo('rows.csv')]), PIPE);
  });

  it('a 600 MiB environment (was exit 70) and one just over the limit', async () => {
    expectRefused(
      await cli(['status', '-e', sparse('huge.json', 600 * 1024 * 1024)]),
      /huge\.json: is 600 MiB, more than the 16 MiB limit \(is it the right file\?\)$/,
    );
    expectRefused(
      await cli(['refresh', '-e', sparse('big.json', MAX_ENVIRONMENT_BYTES + 1)]),
      /more than the 16 MiB limit/,
    );
  });

  it('a collection over its limit', async () => {
    const big = sparse('big.postman_collection.json', MAX_COLLECTION_BYTES + 1);
    expectRefused(
      await cli(['run', '-e', goodEnv(), '-c', big]),
      /is 67108865 bytes, more than the 64 MiB limit/,
    );
  });

  it('a folder', async () => {
    expectRefused(await cli(['status', '-e', tmp()]), /is a folder, not a file$/);
  });
});

describe('malformed JSON (item 10): the position, never the content', () => {
  const SECRET = 'eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXJlZnJlc2g.c2lnbmF0dXJlLXNpZw';
  /** Valid JSON with the secret's closing quote lost: the text V8 quotes starts with the secret. */
  const leaky = (text: string) => text.replace(`"${SECRET}"`, SECRET);
  const expectNoSecret = (r: CliResult) => {
    for (const piece of ['eyJhbGci', 'c2VjcmV0', 'c2lnbmF0'])
      expect(r.stdout + r.stderr).not.toContain(piece);
  };

  it('an environment: status, refresh and run', async () => {
    const file = path.join(tmp(), 'env.json');
    const good = goodEnv('good.json');
    const text = fs.readFileSync(good, 'utf8');
    const vars = readVars(good);
    fs.writeFileSync(file, leaky(text.replace(`"${vars.refreshToken}"`, `"${SECRET}"`)), { mode: 0o600 });
    for (const command of ['status', 'refresh', 'run']) {
      const r = await cli([command, '-e', file]);
      expectRefused(r, /env\.json: malformed JSON at line \d+, column \d+: unexpected character$/);
      expectNoSecret(r);
    }
  });

  it('a collection', async () => {
    const file = path.join(tmp(), 'c.postman_collection.json');
    fs.writeFileSync(
      file,
      `{\n  "info": {"name": "x"},\n  "item": [],\n  "auth": {"bearer": ${SECRET}}\n}\n`,
    );
    const r = await cli(['run', '-e', goodEnv(), '-c', file]);
    expectRefused(
      r,
      /c\.postman_collection\.json: malformed JSON at line 4, column 22: unexpected character$/,
    );
    expectNoSecret(r);
  });

  it('iteration data', async () => {
    const file = path.join(tmp(), 'rows.json');
    fs.writeFileSync(file, `[\n  {"cif": "123", "token": ${SECRET}}\n]\n`);
    const r = await cli(['run', '-e', goodEnv(), '-d', file]);
    expectRefused(
      r,
      /^anaf-postman: --iteration-data: \S*rows\.json: malformed JSON at line 2, column 27: unexpected character$/,
    );
    expectNoSecret(r);
  });
});

describe('an environment naming a member twice (item 4)', () => {
  it('refresh: exit 2, one line naming the member and where; the file is untouched', async () => {
    const file = goodEnv();
    const text = fs.readFileSync(file, 'utf8');
    const live = readVars(file).refreshToken ?? '';
    // The live token last, where JSON.parse reads it; a save spliced the new one into the first.
    fs.writeFileSync(file, text.replace(`"value": "${live}"`, `"value": "stale", "value": "${live}"`));
    const before = snapshotDir(tmp());
    const r = await cli(['refresh', '-e', file]);
    expectRefused(
      r,
      /env\.json: duplicate member "value" at line \d+, column \d+ \(first at line \d+, column \d+\); keep only one$/,
    );
    expect(r.stdout + r.stderr).not.toContain(live.slice(0, 16));
    expect(snapshotDir(tmp())).toEqual(before);
  });
});

describe('two byte-order marks (item 17): one line', () => {
  it('status and refresh', async () => {
    const file = path.join(tmp(), 'bom.json');
    fs.writeFileSync(file, `\uFEFF\uFEFF${fs.readFileSync(goodEnv('good.json'), 'utf8')}`, { mode: 0o600 });
    for (const command of ['status', 'refresh']) {
      expectRefused(
        await cli([command, '-e', file]),
        /bom\.json: malformed JSON at line 1, column 1: a byte-order mark \(U\+FEFF\) inside the JSON: keep at most one, at the start$/,
      );
    }
  });
});

describe('a hard-linked environment (item 6): refused before any token request', () => {
  // Saving renames a new file over one name: the other name keeps the old file, whose refresh token
  // ANAF revoked on rotation. Two names, one spent token; so neither name is refreshed.
  it('refresh through either name, and run: exit 2, both names unchanged, nothing sent', async () => {
    const file = goodEnv('a.json');
    const other = path.join(tmp(), 'b.json');
    fs.linkSync(file, other);
    const before = snapshotDir(tmp());
    for (const args of [
      ['refresh', '-e', file],
      ['refresh', '-e', other],
      ['refresh', '-e', file, '-e', other],
      ['run', '-e', other, '--folder', 'Refresh access token'],
    ]) {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stdout + r.stderr).toMatch(
        /[ab]\.json: the file has 2 names \(hard links\): saving gives this name a new file while the others keep the spent refresh token; give it one name \(copy it, delete the links\) or use a symlink; nothing was sent, the tokens are unchanged/,
      );
      expect(r.stderr).not.toMatch(/^\s+at\s/m);
    }
    expect(mock().requests()).toHaveLength(0);
    expect(snapshotDir(tmp())).toEqual(before);
    expect(fs.statSync(file).ino).toBe(fs.statSync(other).ino);
  });
});
