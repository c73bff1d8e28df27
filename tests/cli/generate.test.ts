/**
 * `anaf-postman generate`, spawned as users run it (the compiled CLI; jest's globalSetup builds
 * dist/). Every run writes into its own temporary folder.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate, generatedFiles } from '../../src/generate';
import { at, first } from '../helpers/checked';
import { ROOT, runCli, type CliResult } from '../helpers/cli';

const FILES = [
  'collections/anaf.postman_collection.json',
  'collections/anaf.ro.postman_collection.json',
  'environments/anaf-prod.postman_environment.json',
  'environments/anaf-test.postman_environment.json',
  'environments/anaf-mock.postman_environment.json',
];

let tmpRoot: string;
beforeAll(() => {
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-postman-generate-'));
});
afterAll(() => {
  fs.rmSync(tmpRoot, { recursive: true, force: true });
});

let counter = 0;
/** A fresh, empty folder below the test's temporary root. */
function freshDir(name = 'dir'): string {
  const dir = path.join(tmpRoot, `${name}-${++counter}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Every file below `dir`, relative, sorted. */
function filesBelow(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

/** stderr is one line: the message, no stack trace, no usage dump. */
function expectOneLine(result: CliResult): string {
  const lines = result.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toMatch(/internal error/);
  return first(lines);
}

describe('anaf-postman generate --out DIR', () => {
  // Run from `cwd` with a relative --out: printed paths are relative to the current folder.
  let cwd: string;
  let out: string;
  let first: CliResult;
  beforeAll(async () => {
    cwd = freshDir('out');
    out = path.join(cwd, 'postman');
    first = await runCli(['generate', '--out', 'postman'], { cwd });
  });

  it('exits 0 and writes the 5 files, reporting each relative to the current folder', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(filesBelow(out)).toEqual([...FILES].sort());
    for (const f of FILES)
      expect(first.stdout).toMatch(new RegExp(`^wrote\\s+postman/${f.replace(/\./g, '\\.')}$`, 'm'));
  });

  it('files are valid JSON, mode 0644, and exactly what the library generates', () => {
    const expected = new Map(generatedFiles(generate()).map((f) => [f.relativePath, f.text]));
    for (const f of FILES) {
      const file = path.join(out, f);
      expect([f, fs.statSync(file).mode & 0o777]).toEqual([f, 0o644]);
      const text = fs.readFileSync(file, 'utf8');
      expect(() => JSON.parse(text)).not.toThrow();
      expect([f, text === expected.get(f)]).toEqual([f, true]);
    }
  });

  it('a second run changes nothing and says so; a folder outside the current one is shown absolute', async () => {
    const before = FILES.map((f) => fs.statSync(path.join(out, f)).mtimeMs);
    const again = await runCli(['generate', '--out', out]);
    expect(again.code).toBe(0);
    for (const f of FILES) {
      const shown = path.join(out, f).replace(/\./g, '\\.');
      expect(again.stdout).toMatch(new RegExp(`^unchanged\\s+${shown}$`, 'm'));
    }
    expect(again.stdout).not.toMatch(/^wrote/m);
    expect(FILES.map((f) => fs.statSync(path.join(out, f)).mtimeMs)).toEqual(before);
  });

  it('--check passes on the freshly generated folder and writes nothing', async () => {
    const check = await runCli(['generate', '--check', '--out', out]);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/up to date/);
  });

  it('--check exits 1 naming the one stale file after an edit, and leaves it as it is', async () => {
    const dir = freshDir('stale');
    expect((await runCli(['generate', '--out', dir])).code).toBe(0);
    const edited = path.join(dir, 'environments/anaf-test.postman_environment.json');
    const text = fs.readFileSync(edited, 'utf8').replace('"ANAF test"', '"ANAF test (edited)"');
    fs.writeFileSync(edited, text);
    const check = await runCli(['generate', '--check', '--out', dir]);
    expect(check.code).toBe(1);
    const line = expectOneLine(check);
    expect(line).toContain('environments/anaf-test.postman_environment.json');
    for (const f of FILES.filter((x) => !x.includes('anaf-test'))) expect(line).not.toContain(f);
    expect(fs.readFileSync(edited, 'utf8')).toBe(text);
  });

  it('--check on an empty folder exits 1 naming every missing file, and creates nothing', async () => {
    const dir = freshDir('empty');
    const check = await runCli(['generate', '--check', '--out', dir]);
    expect(check.code).toBe(1);
    const line = expectOneLine(check);
    for (const f of FILES) expect(line).toContain(f);
    expect(filesBelow(dir)).toEqual([]);
  });

  it('--out . --check in the checkout checks the committed files (what CI runs) and passes', async () => {
    const check = await runCli(['generate', '--out', '.', '--check'], { cwd: ROOT });
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
  });
});

describe('anaf-postman generate without --out: the current folder', () => {
  it('writes the 5 files there, named relative to it, and --check then passes there', async () => {
    const cwd = freshDir('cwd-default');
    const result = await runCli(['generate'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(filesBelow(cwd)).toEqual([...FILES].sort());
    expect(result.stdout.trim().split('\n')).toEqual(
      FILES.map((f) => expect.stringMatching(`^wrote\\s+${f}$`)),
    );
    expect((await runCli(['generate', '--check'], { cwd })).code).toBe(0);
  });

  it('--check in an empty folder exits 1 naming the files as it sees them, and creates nothing', async () => {
    const cwd = freshDir('cwd-check');
    const check = await runCli(['generate', '--check'], { cwd });
    expect(check.code).toBe(1);
    const line = expectOneLine(check);
    expect(line).toContain(' collections/anaf.postman_collection.json,');
    expect(line).toMatch(/\(run: anaf-postman generate --out \.\)$/);
    expect(filesBelow(cwd)).toEqual([]);
  });
});

describe('user options reach the files', () => {
  it('--services efactura --lang ro --client-auth body --client-id --redirect-uri', async () => {
    const dir = freshDir('custom');
    const result = await runCli([
      'generate',
      '--out',
      dir,
      '--services',
      'efactura',
      '--lang',
      'ro',
      '--client-auth',
      'body',
      '--client-id',
      'cli-client-id-1',
      '--redirect-uri',
      'https://localhost:9443/my/callback',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(filesBelow(dir)).toEqual([
      'collections/anaf.ro.postman_collection.json',
      'environments/anaf-mock.postman_environment.json',
      'environments/anaf-prod.postman_environment.json',
      'environments/anaf-test.postman_environment.json',
    ]);
    const read = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    const collection = read('collections/anaf.ro.postman_collection.json');
    expect(collection.item.map((f: { name: string }) => f.name)).toEqual([
      'OAuth 2.0',
      'e-Factura',
      'Received invoices',
    ]);
    const auth = Object.fromEntries(
      collection.auth.oauth2.map((a: { key: string; value: unknown }) => [a.key, a.value]),
    );
    expect(auth.client_authentication).toBe('body');
    for (const stage of ['prod', 'test']) {
      const env = read(`environments/anaf-${stage}.postman_environment.json`);
      const v = Object.fromEntries(env.values.map((x: { key: string; value: string }) => [x.key, x.value]));
      expect([stage, v.clientId, v.redirectUri, v.clientAuth]).toEqual([
        stage,
        'cli-client-id-1',
        'https://localhost:9443/my/callback',
        'body',
      ]);
    }
    expect(JSON.stringify(collection)).not.toContain('cli-client-id-1');
  });
});

describe('bad input: exit 2, one line naming the flag, nothing written', () => {
  it.each([
    ['unknown service', ['--services', 'efactura,spv'], '--services'],
    ['empty services', ['--services', ''], '--services'],
    ['unknown lang', ['--lang', 'fr'], '--lang'],
    ['redirect URI that is not a URL', ['--redirect-uri', 'not a url'], '--redirect-uri'],
    ['http redirect URI', ['--redirect-uri', 'http://example.com/cb'], '--redirect-uri'],
    ['bad --client-auth', ['--client-auth', 'digest'], '--client-auth'],
    ['empty --client-auth', ['--client-auth', ''], '--client-auth'],
    ['unknown flag', ['--bogus-flag', 'x'], 'bogus-flag'],
  ])('%s', async (_label, args, flag) => {
    const out = freshDir('bad');
    const result = await runCli(['generate', '--out', out, ...args]);
    expect(result.code).toBe(2);
    expect(expectOneLine(result)).toContain(flag);
    expect(result.stdout).toBe('');
    expect(filesBelow(out)).toEqual([]);
  });

  it('unwritable --out (a path below a regular file)', async () => {
    const parent = freshDir('unwritable');
    fs.writeFileSync(path.join(parent, 'a-file'), 'not a folder\n');
    const result = await runCli(['generate', '--out', path.join(parent, 'a-file', 'sub')]);
    expect(result.code).toBe(2);
    expect(expectOneLine(result)).toContain('--out');
    expect(filesBelow(parent)).toEqual(['a-file']);
    expect(fs.readFileSync(path.join(parent, 'a-file'), 'utf8')).toBe('not a folder\n');
  });

  // `--out` given without a value reaches the handler as ''; it must not quietly mean the default.
  it('--out without a value is refused, not written to the current directory', async () => {
    const cwd = freshDir('cwd');
    const result = await runCli(['generate', '--out'], { cwd });
    expect(filesBelow(cwd)).toEqual([]);
    expect(result.code).toBe(2);
    expect(expectOneLine(result)).toContain('--out');
  });
});

describe('--help', () => {
  it('exits 0 and lists every option', async () => {
    const result = await runCli(['generate', '--help']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    for (const flag of [
      '--out',
      '--services',
      '--lang',
      '--client-auth',
      '--redirect-uri',
      '--client-id',
      '--check',
      '--help',
    ]) {
      expect(result.stdout).toContain(flag);
    }
  });
});

/** Spawns node with `args`, returns stdout. */
function node(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const HEAVY = /[\\/]node_modules[\\/](newman|postman-runtime)[\\/]/;

describe('generate does not load newman', () => {
  let preload: string;
  beforeAll(() => {
    preload = path.join(freshDir('preload'), 'report-modules.js');
    fs.writeFileSync(
      preload,
      [
        "'use strict';",
        "const fs = require('node:fs');",
        'const report = process.env.ANAF_TEST_MODULES_REPORT;',
        "process.on('exit', () => fs.writeFileSync(report, JSON.stringify(Object.keys(require.cache))));",
        '',
      ].join('\n'),
    );
  });

  async function loadedModules(
    args: string[],
    cwd?: string,
  ): Promise<{ result: CliResult; modules: string[] }> {
    const report = path.join(freshDir('report'), 'modules.json');
    const env = {
      ANAF_TEST_MODULES_REPORT: report,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${preload}`.trim(),
    };
    const result = await runCli(args, { env, cwd });
    const modules = JSON.parse(fs.readFileSync(report, 'utf8')) as string[];
    return { result, modules };
  }

  it('the module report notices newman when it is loaded (control)', async () => {
    const report = path.join(freshDir('report'), 'modules.json');
    await node(['--require', preload, '-e', "require('newman')"], { ANAF_TEST_MODULES_REPORT: report });
    const modules = JSON.parse(fs.readFileSync(report, 'utf8')) as string[];
    expect(modules.some((m) => HEAVY.test(m))).toBe(true);
  });

  it('the spawned CLI `generate --out DIR` loads neither newman nor postman-runtime', async () => {
    const out = freshDir('nonewman');
    const { result, modules } = await loadedModules(['generate', '--out', out]);
    expect(result.code).toBe(0);
    expect(filesBelow(out)).toHaveLength(5);
    // The report is real: it saw the generator itself.
    expect(modules.some((m) => /[\\/]dist[\\/]src[\\/]generate[\\/]/.test(m))).toBe(true);
    expect(modules.filter((m) => HEAVY.test(m))).toEqual([]);
  });

  it('main(["generate", "--out", DIR]) in a child leaves no newman in require.cache', async () => {
    const out = freshDir('main');
    const script = [
      `const cli = require(${JSON.stringify(path.join(ROOT, 'dist/src/cli/main.js'))});`,
      `cli.main(['generate', '--out', ${JSON.stringify(out)}]).then(() => {`,
      '  const keys = Object.keys(require.cache);',
      `  const heavy = keys.filter((k) => ${HEAVY.toString()}.test(k));`,
      '  process.stdout.write("\\nREPORT " + JSON.stringify({ exitCode: process.exitCode ?? 0, count: keys.length, heavy }));',
      '});',
    ].join('\n');
    const result = await node(['-e', script]);
    const report = JSON.parse(/REPORT (.*)$/m.exec(result.stdout)?.[1] ?? 'null') as {
      exitCode: number;
      count: number;
      heavy: string[];
    } | null;
    expect(report).not.toBeNull();
    expect(report?.exitCode).toBe(0);
    expect(report?.count).toBeGreaterThan(10);
    expect(report?.heavy).toEqual([]);
    expect(filesBelow(out)).toHaveLength(5);
  });
});

describe('generate: a target path that is a folder', () => {
  it('exits 2 naming it, before writing any file', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-gen-dir-'));
    fs.mkdirSync(path.join(out, 'collections', 'anaf.ro.postman_collection.json'), { recursive: true });
    const r = await runCli(['generate', '--out', out]);
    const written = fs.existsSync(path.join(out, 'collections', 'anaf.postman_collection.json'));
    fs.rmSync(out, { recursive: true, force: true });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/anaf\.ro\.postman_collection\.json exists and is not a file/),
    ]);
    expect(written).toBe(false);
  });
});

describe('generate never replaces an environment someone filled in (#23)', () => {
  const MOCK_ENV = 'environments/anaf-mock.postman_environment.json';
  const PROD_ENV = 'environments/anaf-prod.postman_environment.json';
  const SECRETS = [
    'eyJhbGciOiJSUzI1NiJ9.access-token',
    'eyJhbGciOiJSUzI1NiJ9.refresh-token',
    'my-secret-Xy9',
  ];

  /** Sets variables in an environment file (a variable it lacks is added), as login or a person does. */
  function fill(file: string, values: Record<string, string>): void {
    const env = JSON.parse(fs.readFileSync(file, 'utf8')) as { values: { key: string; value: string }[] };
    for (const [key, value] of Object.entries(values)) {
      const found = env.values.find((v) => v.key === key);
      if (found) found.value = value;
      else env.values.push({ key, value });
    }
    fs.writeFileSync(file, `${JSON.stringify(env, null, 2)}\n`);
  }

  /** Every file below `dir` with its bytes and mode: to prove that nothing was written. */
  function snapshot(dir: string): Record<string, string> {
    return Object.fromEntries(
      filesBelow(dir).map((f) => {
        const full = path.join(dir, f);
        return [f, `${(fs.statSync(full).mode & 0o777).toString(8)} ${fs.readFileSync(full, 'base64')}`];
      }),
    );
  }

  /**
   * A folder where `generate` ran, then `login` saved tokens into the mock environment and a person
   * filled in the prod one (and made it private); one collection was deleted and the other edited,
   * so a write would show.
   */
  async function filledFolder(): Promise<string> {
    const cwd = freshDir('filled');
    expect((await runCli(['generate'], { cwd })).code).toBe(0);
    const tokens = {
      accessToken: at(SECRETS, 0),
      refreshToken: at(SECRETS, 1),
      accessTokenExpiresAt: '2030-01-01T00:00:00.000Z',
      refreshTokenExpiresAt: '2031-01-01T00:00:00.000Z',
    };
    fill(path.join(cwd, MOCK_ENV), tokens);
    fill(path.join(cwd, PROD_ENV), {
      clientId: 'my-client-id',
      clientSecret: at(SECRETS, 2),
      cif: '12345674',
    });
    fs.chmodSync(path.join(cwd, PROD_ENV), 0o600);
    fs.rmSync(path.join(cwd, 'collections/anaf.ro.postman_collection.json'));
    fs.appendFileSync(path.join(cwd, 'collections/anaf.postman_collection.json'), '\n');
    return cwd;
  }

  const expected = () => new Map(generatedFiles(generate()).map((f) => [f.relativePath, f.text]));

  it('exit 2, one line naming each filled-in file relative to the current folder and the way out; nothing written', async () => {
    const cwd = await filledFolder();
    const before = snapshot(cwd);
    const result = await runCli(['generate'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const line = expectOneLine(result);
    expect(line).toMatch(
      new RegExp(
        `^anaf-postman: ${PROD_ENV} \\(clientId, clientSecret, cif\\), ${MOCK_ENV} \\(accessToken, refreshToken, ` +
          'accessTokenExpiresAt, refreshTokenExpiresAt\\) hold values that generate did not write; nothing was written\\.',
      ),
    );
    expect(line).toContain('--no-environments');
    expect(line).toContain('--overwrite-environments');
    expect(line).not.toContain(cwd);
    for (const secret of SECRETS) expect(result.stderr).not.toContain(secret);
    expect(snapshot(cwd)).toEqual(before);
  });

  it('--out: the files are named as the current folder sees them; an untouched environment is not named', async () => {
    const cwd = await filledFolder();
    const result = await runCli(['generate', '--out', path.basename(cwd)], { cwd: path.dirname(cwd) });
    expect(result.code).toBe(2);
    const line = expectOneLine(result);
    expect(line).toContain(`anaf-postman: ${path.basename(cwd)}/${PROD_ENV} (`);
    expect(line).not.toContain('anaf-test');
  });

  it('--no-environments writes everything else and leaves the environments byte for byte', async () => {
    const cwd = await filledFolder();
    const before = snapshot(cwd);
    const result = await runCli(['generate', '--no-environments'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      'wrote     collections/anaf.postman_collection.json',
      'wrote     collections/anaf.ro.postman_collection.json',
    ]);
    const after = snapshot(cwd);
    for (const f of FILES.filter((x) => x.startsWith('environments/'))) expect(after[f]).toBe(before[f]);
    for (const f of FILES.filter((x) => x.startsWith('collections/')))
      expect(fs.readFileSync(path.join(cwd, f), 'utf8')).toBe(expected().get(f));
    const check = await runCli(['generate', '--check', '--no-environments'], { cwd });
    expect([check.code, check.stderr]).toEqual([0, '']);
  });

  it('--overwrite-environments replaces them with the generated files, each keeping its mode', async () => {
    const cwd = await filledFolder();
    const result = await runCli(['generate', '--overwrite-environments'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const f of FILES)
      expect([f, fs.readFileSync(path.join(cwd, f), 'utf8') === expected().get(f)]).toEqual([f, true]);
    expect(fs.statSync(path.join(cwd, PROD_ENV)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(cwd, MOCK_ENV)).mode & 0o777).toBe(0o644);
  });

  it('--no-environments with --overwrite-environments: exit 2, nothing written', async () => {
    const cwd = await filledFolder();
    const before = snapshot(cwd);
    const result = await runCli(['generate', '--no-environments', '--overwrite-environments'], { cwd });
    expect(result.code).toBe(2);
    expect(expectOneLine(result)).toBe(
      'anaf-postman: --no-environments and --overwrite-environments exclude each other: give one',
    );
    expect(snapshot(cwd)).toEqual(before);
  });

  it('--check is unaffected: exit 1 naming the stale files, nothing written', async () => {
    const cwd = await filledFolder();
    const before = snapshot(cwd);
    const check = await runCli(['generate', '--check'], { cwd });
    expect(check.code).toBe(1);
    const line = expectOneLine(check);
    expect(line).toMatch(/^anaf-postman: stale generated files: /);
    expect(line).toContain(MOCK_ENV);
    expect(line).not.toContain('--overwrite-environments');
    expect(snapshot(cwd)).toEqual(before);
  });

  it('a file an earlier generator wrote is regenerated: a variable added since, one dropped since, a former default', async () => {
    const cwd = freshDir('older');
    expect((await runCli(['generate'], { cwd })).code).toBe(0);
    const file = path.join(cwd, MOCK_ENV);
    const env = JSON.parse(fs.readFileSync(file, 'utf8')) as { values: { key: string; value: string }[] };
    env.values = env.values.filter((v) => v.key !== 'signatureFile');
    env.values.push({ key: 'aVariableDroppedSince', value: '' });
    for (const v of env.values) if (v.key === 'cif') v.value = '12345678'; // the mock's CIF until it had a check digit
    fs.writeFileSync(file, `${JSON.stringify(env)}\n`);
    const result = await runCli(['generate'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^wrote\\s+${MOCK_ENV}$`, 'm'));
    expect(fs.readFileSync(file, 'utf8')).toBe(expected().get(MOCK_ENV));
  });

  it('an empty environment file is regenerated; one that is not JSON is kept', async () => {
    const cwd = freshDir('odd');
    expect((await runCli(['generate'], { cwd })).code).toBe(0);
    fs.writeFileSync(path.join(cwd, MOCK_ENV), '');
    fs.writeFileSync(path.join(cwd, PROD_ENV), '{"values": [');
    const result = await runCli(['generate'], { cwd });
    expect(result.code).toBe(2);
    expect(expectOneLine(result)).toMatch(new RegExp(`^anaf-postman: ${PROD_ENV} \\(malformed JSON`));
    expect(fs.readFileSync(path.join(cwd, PROD_ENV), 'utf8')).toBe('{"values": [');
    expect((await runCli(['generate', '--overwrite-environments'], { cwd })).code).toBe(0);
    expect(fs.readFileSync(path.join(cwd, MOCK_ENV), 'utf8')).toBe(expected().get(MOCK_ENV));
  });

  it('a --client-id written earlier counts as generated only while --client-id gives it again', async () => {
    const cwd = freshDir('client-id');
    const id = 'client-id-from-the-flag';
    expect((await runCli(['generate', '--client-id', id], { cwd })).code).toBe(0);
    const again = await runCli(['generate', '--client-id', id], { cwd });
    expect([again.code, again.stderr]).toEqual([0, '']);
    const without = await runCli(['generate'], { cwd });
    expect(without.code).toBe(2);
    const line = expectOneLine(without);
    expect(line).toContain(
      `${PROD_ENV} (clientId), environments/anaf-test.postman_environment.json (clientId)`,
    );
    expect(line).not.toContain(id);
  });

  it('--help names both ways out', async () => {
    const help = await runCli(['generate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--overwrite-environments');
    expect(help.stdout).toContain('--no-environments');
  });
});
