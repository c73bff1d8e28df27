/**
 * `anaf-postman docs`, spawned as users run it (the compiled CLI; jest's globalSetup builds dist/).
 * Every run that writes uses its own temporary folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderGuides } from '../../src/docs';
import { at } from '../helpers/checked';
import { ROOT, runCli, type CliResult } from '../helpers/cli';

let tmpRoot: string;
beforeAll(() => {
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-postman-docs-cli-'));
});
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

let counter = 0;
function freshDir(name: string): string {
  const dir = path.join(tmpRoot, `${name}-${++counter}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** stderr is one line: the message, no stack trace, no usage dump. */
function oneLine(result: CliResult): string {
  const lines = result.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toMatch(/internal error/);
  return at(lines, 0);
}

const listing = (dir: string) => fs.readdirSync(dir).sort();

describe('anaf-postman docs --out DIR', () => {
  let out: string;
  let first: CliResult;
  beforeAll(async () => {
    out = path.join(freshDir('out'), 'handbook');
    first = await runCli(['docs', '--out', out]);
  });

  it('exits 0 and writes both guides, reporting each, mode 0644', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(listing(out)).toEqual(['guide.md', 'guide.ro.md']);
    for (const f of ['guide.md', 'guide.ro.md']) {
      expect(first.stdout).toContain(`wrote     ${path.join(out, f)}`);
      expect(fs.statSync(path.join(out, f)).mode & 0o777).toBe(0o644);
    }
  });

  it('writes what the library renders, with links pointing back into the package', () => {
    const linkRoot = path.relative(out, ROOT);
    for (const g of renderGuides({ linkRoot })) {
      expect(fs.readFileSync(path.join(out, g.fileName), 'utf8')).toBe(g.text);
    }
    expect(fs.readFileSync(path.join(out, 'guide.md'), 'utf8')).toContain(
      `](${linkRoot}/collections/anaf.postman_collection.json)`,
    );
  });

  it('a second run changes nothing and says so', async () => {
    const before = listing(out).map((f) => fs.statSync(path.join(out, f)).mtimeMs);
    const again = await runCli(['docs', '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/^wrote/m);
    expect(again.stdout.match(/^unchanged /gm)).toHaveLength(2);
    expect(listing(out).map((f) => fs.statSync(path.join(out, f)).mtimeMs)).toEqual(before);
  });

  it('--check passes on the freshly written folder and writes nothing', async () => {
    const check = await runCli(['docs', '--check', '--out', out]);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^up to date: /);
  });
});

describe('--check catches a stale guide', () => {
  it('exits 1 naming only the edited guide, and leaves it as it is', async () => {
    const dir = freshDir('stale');
    expect((await runCli(['docs', '--out', dir])).code).toBe(0);
    const edited = path.join(dir, 'guide.ro.md');
    const text = fs.readFileSync(edited, 'utf8').replace('## Depanare', '## Depanare (editat)');
    fs.writeFileSync(edited, text);
    const check = await runCli(['docs', '--check', '--out', dir]);
    expect(check.code).toBe(1);
    const line = oneLine(check);
    expect(line).toMatch(/^anaf-postman: stale guide: /);
    expect(line).toContain(edited);
    expect(line).not.toContain(path.join(dir, 'guide.md'));
    expect(fs.readFileSync(edited, 'utf8')).toBe(text);
  });

  it('catches a guide rendered with other values (--client-id differs from what is on disk)', async () => {
    const dir = freshDir('values');
    expect((await runCli(['docs', '--out', dir, '--client-id', 'abc123'])).code).toBe(0);
    expect((await runCli(['docs', '--check', '--out', dir, '--client-id', 'abc123'])).code).toBe(0);
    const other = await runCli(['docs', '--check', '--out', dir]);
    expect(other.code).toBe(1);
    expect(oneLine(other)).toContain('guide.md');
  });

  it('says that the values differ (not a template) and prints the whole command to write them (#27)', async () => {
    const dir = freshDir('values-named');
    expect((await runCli(['docs', '--out', dir, '--client-id', 'abc123'])).code).toBe(0);
    const check = await runCli([
      'docs',
      '--check',
      '--out',
      dir,
      '--client-id',
      'def456',
      '--product-name',
      'Acme Invoicing',
    ]);
    expect(check.code).toBe(1);
    const line = oneLine(check);
    expect(line).toBe(
      `anaf-postman: stale guide: ${path.join(dir, 'guide.md')} was written with other values ` +
        "(anaf-postman docs --client-id abc123), not these (anaf-postman docs --client-id def456 --product-name 'Acme Invoicing'); " +
        `to write it with these, run: anaf-postman docs --out ${dir} --client-id def456 --product-name 'Acme Invoicing'`,
    );
    expect(line).not.toMatch(/edit templates/);
  });

  it('on an empty folder exits 1 naming both guides, and creates nothing', async () => {
    const dir = freshDir('empty');
    const check = await runCli(['docs', '--check', '--out', dir]);
    expect(check.code).toBe(1);
    const line = oneLine(check);
    expect(line).toContain(path.join(dir, 'guide.md'));
    expect(line).toContain(path.join(dir, 'guide.ro.md'));
    expect(listing(dir)).toEqual([]);
  });

  it('--out docs --check in the checkout checks the committed guides (what CI runs) and passes', async () => {
    const check = await runCli(['docs', '--out', 'docs', '--check'], { cwd: ROOT });
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    expect(check.stdout).toBe('up to date: docs/guide.md, docs/guide.ro.md\n');
  });
});

describe('without --out: the current folder', () => {
  it('writes both guides there, named relative to it, linking to the collection beside them', async () => {
    const cwd = freshDir('cwd-default');
    const result = await runCli(['docs'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('wrote     guide.md\nwrote     guide.ro.md\n');
    expect(listing(cwd)).toEqual(['guide.md', 'guide.ro.md']);
    const expected = renderGuides({ linkRoot: '.' });
    for (const g of expected) expect(fs.readFileSync(path.join(cwd, g.fileName), 'utf8')).toBe(g.text);
    expect((await runCli(['docs', '--check'], { cwd })).stdout).toBe('up to date: guide.md, guide.ro.md\n');
  });

  it('--check in an empty folder exits 1 naming both guides as it sees them', async () => {
    const cwd = freshDir('cwd-check');
    const check = await runCli(['docs', '--check'], { cwd });
    expect(check.code).toBe(1);
    expect(oneLine(check)).toBe(
      'anaf-postman: stale guide: guide.md, guide.ro.md (run: anaf-postman docs --out .)',
    );
    expect(listing(cwd)).toEqual([]);
  });
});

describe('options', () => {
  it('--lang ro writes only the Romanian guide, with the reader values filled in', async () => {
    const dir = freshDir('ro');
    const result = await runCli([
      'docs',
      '--out',
      dir,
      '--lang',
      'ro',
      '--client-id',
      'c0ffee42',
      '--redirect-uri',
      'https://localhost:9443/my/callback',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(listing(dir)).toEqual(['guide.ro.md']);
    const text = fs.readFileSync(path.join(dir, 'guide.ro.md'), 'utf8');
    expect(text).toContain(
      '?client_id=c0ffee42&response_type=code&redirect_uri=https%3A%2F%2Flocalhost%3A9443%2Fmy%2Fcallback&',
    );
    expect(text).toContain('-u "c0ffee42:$CLIENT_SECRET"');
    expect(text).not.toContain('](guide.md)');
  });

  it.each([
    [['--lang', 'fr'], /--lang: unknown value "fr"/],
    [['--redirect-uri', 'http://example.com/cb'], /--redirect-uri: .*https:\/\//],
    [['--redirect-uri', 'not a url'], /--redirect-uri: .*absolute URL/],
    [['--client-id', 'has space'], /--client-id: .*letters, digits/],
    [['--unknown-flag'], /unknown option --unknown-flag/],
  ])('%j is bad input: exit 2, one line, nothing written', async (args, message) => {
    const dir = freshDir('bad');
    const result = await runCli(['docs', '--out', dir, ...(args as string[])]);
    expect(result.code).toBe(2);
    expect(oneLine(result)).toMatch(message as RegExp);
    expect(listing(dir)).toEqual([]);
  });

  it('an unwritable --out is exit 2 naming the folder', async () => {
    const file = path.join(freshDir('file'), 'not-a-dir');
    fs.writeFileSync(file, 'x');
    const result = await runCli(['docs', '--out', path.join(file, 'sub')]);
    expect(result.code).toBe(2);
    expect(oneLine(result)).toContain(file);
  });

  it.each([
    ['--out ""', ['--out', '']],
    ['--out "  "', ['--out', '  ']],
    ['--out=', ['--out=']],
    ['--out (no value)', ['--out']],
  ])('%s is a usage error naming --out, and writes nothing in the current folder', async (_, args) => {
    const cwd = freshDir('cwd');
    for (const extra of [[], ['--check']]) {
      const result = await runCli(['docs', ...args, ...extra], { cwd });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(oneLine(result)).toBe(
        'anaf-postman: --out: give a folder (or leave --out out to write into the current folder)',
      );
      expect(listing(cwd)).toEqual([]);
    }
  });

  it('a guide path that is a folder: exit 2 naming it, before anything is written or checked', async () => {
    const dir = freshDir('isdir');
    fs.mkdirSync(path.join(dir, 'guide.md'));
    for (const extra of [[], ['--check']]) {
      const result = await runCli(['docs', '--out', dir, ...extra]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(oneLine(result)).toBe(
        `anaf-postman: --out: ${path.join(dir, 'guide.md')} exists and is not a file`,
      );
      expect(listing(dir)).toEqual(['guide.md']);
      expect(fs.readdirSync(path.join(dir, 'guide.md'))).toEqual([]);
    }
  });

  it('a later guide path that is a folder: the first guide is not written either', async () => {
    const dir = freshDir('isdir-ro');
    fs.mkdirSync(path.join(dir, 'guide.ro.md'));
    const result = await runCli(['docs', '--out', dir]);
    expect(result.code).toBe(2);
    expect(oneLine(result)).toContain(`${path.join(dir, 'guide.ro.md')} exists and is not a file`);
    expect(listing(dir)).toEqual(['guide.ro.md']);
  });

  it('--help describes every option', async () => {
    const help = await runCli(['docs', '--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--lang', '--out', '--client-id', '--redirect-uri', '--check']) {
      expect(help.stdout).toContain(flag);
    }
    // The default is the current folder, not docs/ (#27).
    expect(help.stdout).not.toContain('docs/guide.md');
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('into the current folder (or --out)');
  });

  it('--product-name never reaches a shell command: the mock starts with the package’s own bin (#27)', async () => {
    const dir = freshDir('product');
    const r = await runCli(['docs', '--out', dir, '--stage', 'mock', '--product-name', 'Acme Invoicing']);
    expect(r.code).toBe(0);
    for (const name of ['guide.md', 'guide.ro.md']) {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      expect(text).toContain('Acme Invoicing');
      expect(text).not.toMatch(/npx Acme/);
      expect(text).toContain('`npx anaf-postman mock`');
    }
  });
});
