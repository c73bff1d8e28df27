/**
 * What `run` prints (issue #15): requests named with their folder, a numbered failure list with
 * ANAF's words, a summary whose counts add up, per-company results, colour only when wanted,
 * tables within 100 columns, one line for an unknown flag or command.
 */
import fs from 'node:fs';
import path from 'node:path';
import { colourOn, palette } from '../../src/cli/colour';
import { batchTable } from '../../src/cli/run-output';
import { noteOf, shortenMiddle, table, withFile } from '../../src/cli/table';
import type { BatchFileResult } from '../../src/run/batch';
import { at, defined } from '../helpers/checked';
import { runCli } from '../helpers/cli';
import { COLLECTION, ROOT, expectOneErrorLine, withMock, withTempDir, writeEnv } from '../helpers/env';

const ESC = '\u001b[';

describe('anaf-postman run: output', () => {
  it('failures numbered with the request path and ANAF words, then counts that add up', () =>
    withMock({}, (mock) =>
      withTempDir(async (dir) => {
        const file = writeEnv(dir, { origin: mock.url, tokens: mock.issueTokens() });
        mock.script('/prod/FCTEL/rest/upload', {
          status: 200,
          headers: { 'Content-Type': 'application/xml' },
          body:
            '<?xml version="1.0" encoding="UTF-8"?>\n<header xmlns="mfp:anaf:dgti:spv:respUploadFisier:v1" ' +
            'ExecutionStatus="1"><Errors errorMessage="Nu aveti drept in SPV"/></header>',
        });
        const r = await runCli(['run', '-e', file, '--folder', 'e-Factura']);
        expect(r.code).toBe(1);
        expect(r.stdout).not.toContain(ESC);
        expect(r.stdout).toMatch(/→ e-Factura \/ upload\s+POST 200/);
        expect(r.stdout).toMatch(/1 failure\(s\):\n {2}1\. e-Factura \/ upload\n {5}.*Nu aveti drept in SPV/);
        const m = defined(
          /(\d+) requests: (\d+) sent \+ (\d+) skipped; (\d+) assertions: (\d+) passed \+ (\d+) failed/.exec(
            r.stdout,
          ) ?? undefined,
          'the summary line with the counts',
        );
        const n = (group: number) => Number(at(m, group));
        const [total, sent, skipped, assertions, passed, failed] = [n(1), n(2), n(3), n(4), n(5), n(6)];
        expect(sent + skipped).toBe(total);
        expect(passed + failed).toBe(assertions);
        expect(failed).toBe(1);
        expect(expectOneErrorLine(r.stderr)).toMatch(/first: e-Factura \/ upload: /);
      }),
    ));

  it('--iteration-data with three CIFs and -e with three files: per-company results on the terminal', () =>
    withMock({}, (mock) =>
      withTempDir(async (dir) => {
        const data = path.join(dir, 'cifs.csv');
        fs.writeFileSync(data, 'cif\n1006\n1014\n1022\n');
        const file = writeEnv(dir, { origin: mock.url, tokens: mock.issueTokens() });
        const r = await runCli([
          'run',
          '-e',
          file,
          '-d',
          data,
          '--folder',
          'e-Transport',
          '--env-var',
          'listDays=3',
        ]);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        for (const cif of ['1006', '1014', '1022'])
          expect(r.stdout).toMatch(new RegExp(`^\\d\\s+cif ${cif}\\s+\\d+`, 'm'));

        const clients = path.join(dir, 'clients');
        fs.mkdirSync(clients);
        for (const cif of ['1006', '1014', '1022']) {
          writeEnv(
            clients,
            { origin: mock.url, tokens: mock.issueTokens(), vars: { cif } },
            `company-${cif}.json`,
          );
        }
        const b = await runCli(
          ['run', '-e', path.join(clients, '*.json'), '--concurrency', '3', '--folder', 'e-Transport'],
          { cwd: dir },
        );
        expect(b.stderr).toBe('');
        expect(b.code).toBe(0);
        for (const cif of ['1006', '1014', '1022'])
          expect(b.stdout).toMatch(new RegExp(`company-${cif}\\.json\\s+passed`));
        expect(b.stdout).toContain('3 file(s): 3 passed, 0 failed');
        // The table fits 100 columns; the line naming the collection is a path, as long as it is.
        const tableLines = b.stdout.split('\n').filter((l) => !l.startsWith('collection: '));
        expect(Math.max(...tableLines.map((l) => l.length))).toBeLessThanOrEqual(100);
      }),
    ));

  it('--isolate-scripts (deprecated: a fresh sandbox per file is the rule) is still accepted, and not shown', () =>
    withMock({}, (mock) =>
      withTempDir(async (dir) => {
        for (const cif of ['1006', '1014']) {
          writeEnv(dir, { origin: mock.url, tokens: mock.issueTokens(), vars: { cif } }, `c${cif}.json`);
        }
        const r = await runCli(
          ['run', '-e', path.join(dir, 'c*.json'), '--folder', 'TestOauth hello', '--isolate-scripts'],
          { cwd: dir },
        );
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('2 file(s): 2 passed, 0 failed');
        const help = await runCli(['run', '--help']);
        expect(help.code).toBe(0);
        expect(help.stdout).not.toContain('isolate-scripts');
      }),
    ));

  it('FORCE_COLOR colours a pipe; NO_COLOR (the default here) does not', () =>
    withMock({}, (mock) =>
      withTempDir(async (dir) => {
        const file = writeEnv(dir, { origin: mock.url, tokens: mock.issueTokens() });
        const r = await runCli(['run', '-e', file, '--folder', 'TestOauth hello'], {
          env: { NO_COLOR: undefined, FORCE_COLOR: '1' },
        });
        expect(r.code).toBe(0);
        expect(r.stdout).toContain(`${ESC}32m`);
      }),
    ));
});

describe('anaf-postman run: what a stranger reads (#27)', () => {
  it('names the collection at the top and prefers the one generate wrote into this folder', () =>
    withMock({}, (mock) =>
      withTempDir(async (dir) => {
        const file = writeEnv(dir, { origin: mock.url, tokens: mock.issueTokens() });
        const packaged = await runCli(['run', '-e', file, '--folder', 'TestOauth hello'], { cwd: dir });
        expect(packaged.code).toBe(0);
        expect(packaged.stdout.split('\n')[0]).toBe(
          `collection: ${path.join(ROOT, 'collections', 'anaf.postman_collection.json')} ` +
            '(packaged; this folder has none)',
        );
        // A collection of this folder (as `generate` writes it) runs instead: its own request name proves it.
        const collection = JSON.parse(fs.readFileSync(COLLECTION, 'utf8')) as {
          item: { item: { name: string }[] }[];
        };
        const hello = defined(
          collection.item.flatMap((f) => f.item).find((i) => i.name === 'TestOauth hello'),
          'the hello request',
        );
        hello.name = 'Hello from here';
        fs.mkdirSync(path.join(dir, 'collections'));
        fs.writeFileSync(
          path.join(dir, 'collections', 'anaf.postman_collection.json'),
          JSON.stringify(collection),
        );
        const local = await runCli(['run', '-e', file, '--folder', 'Hello from here'], { cwd: dir });
        expect(local.stderr).toBe('');
        expect(local.code).toBe(0);
        expect(local.stdout.split('\n')[0]).toBe(
          'collection: collections/anaf.postman_collection.json (this folder’s, as generate wrote it)',
        );
        // One request, said in the singular, with the URL it was sent to.
        expect(local.stdout).toContain(`→ OAuth 2.0 / Hello from here  GET 200 (`);
        expect(local.stdout).toMatch(
          / ms\) {2}http:\/\/127\.0\.0\.1:\d+\/TestOauth\/jaxrs\/hello\?name=anaf-postman\n/,
        );
        expect(local.stdout).toContain('1 request: 1 sent + 0 skipped; 2 assertions: 2 passed + 0 failed');
      }),
    ));

  it('the authorize step is no assertion: printed and skipped, nothing counted as passed', () =>
    withMock({}, (mock) =>
      withTempDir(async (dir) => {
        const file = writeEnv(dir, { origin: mock.url, tokens: mock.issueTokens() });
        const r = await runCli(['run', '-e', file, '--folder', 'Authorize (browser step)']);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('authorize is a browser step');
        expect(r.stdout).not.toContain('✓');
        expect(r.stdout).toContain('1 request: 0 sent + 1 skipped; 0 assertions: 0 passed + 0 failed');
      }),
    ));
});

describe('batchTable', () => {
  it('fits 100 columns and lists each failure whole below the table, with its file', () => {
    const result = (
      file: string,
      outcome: BatchFileResult['outcome'],
      message?: string,
    ): BatchFileResult => ({
      file,
      reportDir: 'reports',
      outcome,
      exitCode: outcome === 'passed' ? 0 : 1,
      requests: 3,
      skipped: 0,
      assertions: 6,
      failed: outcome === 'passed' ? 0 : 1,
      notFiled: 0,
      iterations: [],
      reports: [],
      ...(message ? { message } : {}),
    });
    const long = `clients/${'a-long-company-name-'.repeat(3)}srl.json`;
    const why =
      'e-Factura / upload: ANAF accepted the invoice: Fisierul transmis nu este valid. Eroare la validare XML';
    const text = batchTable(
      {
        results: [result('clients/ok.json', 'passed'), result(long, 'failed', why)],
        exitCode: 1,
        counts: { passed: 1, failed: 1, error: 0, resumed: 0, stopped: 0, interrupted: 0 },
      },
      palette(false),
    );
    const lines = text.trimEnd().split('\n');
    const below = lines.indexOf('failures:');
    expect(below).toBeGreaterThan(0);
    for (const line of lines.slice(0, below)) expect([...line].length).toBeLessThanOrEqual(100);
    expect(lines.slice(below + 1)).toEqual([`  ${long}: ${why}`]);
  });
});

describe('a note cut to fit (#27)', () => {
  it('names the file once (the row does) and keeps its first words, the whole note below', () => {
    const file = 'clients/acme-distributie-srl.postman_environment.json';
    const why = `${file}: ANAF token endpoint unavailable after 4 attempts (ETIMEDOUT) while refreshing the pair`;
    const header = ['file', 'outcome', 'access expires', 'refresh expires', 'note'];
    const text = table(header, [[file, 'failed', '', '', noteOf(file, why)]]);
    const row = defined(text.split('\n')[2], 'the row');
    expect([...row].length).toBeLessThanOrEqual(100);
    expect(row.split('acme-distributie-srl').length - 1).toBeLessThanOrEqual(1);
    expect(row).toMatch(/ {2}ANAF token endpoint unavailable[^\n]*…$/);
    expect(withFile(file, why)).toBe(why);
  });
});

describe('colourOn', () => {
  it.each([
    [{ isTTY: true }, {}, true],
    [{ isTTY: false }, {}, false],
    [{ isTTY: true }, { NO_COLOR: '1' }, false],
    [{ isTTY: false }, { FORCE_COLOR: '1' }, true],
    [{ isTTY: true }, { FORCE_COLOR: '0' }, false],
    [{ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
    [{ isTTY: true }, { TERM: 'dumb' }, false],
  ])('%j %j → %s', (stream, env, on) => {
    expect(colourOn(stream, env as NodeJS.ProcessEnv)).toBe(on);
  });
});

describe('tables', () => {
  it('fit 100 columns, long paths shortened in the middle', () => {
    const long = `clients/${'very-long-folder-name/'.repeat(8)}company-1001.postman_environment.json`;
    const text = table(['file', 'outcome', 'note'], [[long, 'passed', 'x'.repeat(60)]]);
    for (const line of text.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
    expect(text).toMatch(/^clients\/\S*…\S*_environment\.json {2}passed/m);
    expect(shortenMiddle('abcdefghij', 7)).toBe('ab…ghij');
  });

  it('fit 100 columns with wide middle columns and a long note (the refresh table)', () => {
    const header = ['file', 'outcome', 'access expires', 'refresh expires', 'note'];
    const row = [
      `/tmp/clients/${'x'.repeat(40)}.json`,
      'failed',
      '2026-12-01T10:00:00.000Z',
      '2027-11-30T10:00:00.000Z',
      `/tmp/clients/${'x'.repeat(40)}.json: ANAF token endpoint unavailable after 4 attempts (ETIMEDOUT)`,
    ];
    const lines = table(header, [row]).trimEnd().split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(100);
    // The dates are never cut; the path and the note are.
    expect(at(lines, 2)).toContain('  failed   2026-12-01T10:00:00.000Z  2027-11-30T10:00:00.000Z  ');
  });
});

describe('unknown flags and commands', () => {
  it.each([
    [['run', '-e', 'x.json', '--such-flag'], 'anaf-postman: unknown option --such-flag (see --help)\n'],
    [['frobnicate'], /^anaf-postman: unknown command "frobnicate" \(commands: generate, /],
    [['mok'], /unknown command "mok"; did you mean mock\?/],
    // Issue #27: a mistyped required flag is named, not reported as the required one missing.
    [
      ['run', '--env', 'x.json'],
      'anaf-postman: unknown option --env; did you mean --environment? (see --help)\n',
    ],
    [
      ['refresh', '--enviroment', 'x.json'],
      'anaf-postman: unknown option --enviroment; did you mean --environment? (see --help)\n',
    ],
    [['run', '-e', 'x.json', '--fodler', 'upload'], /unknown option --fodler; did you mean --folder\?/],
    // A swapped pair of letters, the start of a command, and a command typo before a valid flag.
    [['lgoin'], /unknown command "lgoin"; did you mean login\?/],
    [['gen'], /unknown command "gen"; did you mean generate\?/],
    [['statsu', '--environment', 'x.json'], /^anaf-postman: unknown command "statsu"; did you mean status\?/],
  ])('%j → one line', async (args, expected) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expectOneErrorLine(r.stderr);
    if (typeof expected === 'string') expect(r.stderr).toBe(expected);
    else expect(r.stderr).toMatch(expected);
    expect(r.stderr).not.toMatch(/suchFlag|Did you mean/);
  });
});
