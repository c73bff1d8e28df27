/** `anaf-postman generate --format bruno`, spawned: writing, `--check`, both file formats, the committed files. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateBruno } from '../../src/bruno';
import { ROOT, runCli } from '../helpers/cli';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-postman-bruno-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('anaf-postman generate --format bruno', () => {
  it('writes every Bruno file (OpenCollection YAML), then --check passes, then names an edited file and exits 1', async () => {
    const out = fs.mkdtempSync(path.join(dir, 'yaml-'));
    const write = await runCli(['generate', '--format', 'bruno', '--out', out]);
    expect(write.code).toBe(0);
    const expected = generateBruno();
    for (const f of expected) expect(fs.readFileSync(path.join(out, f.relativePath), 'utf8')).toBe(f.text);
    expect(fs.existsSync(path.join(out, 'bruno/anaf/opencollection.yml'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'bruno/anaf/collection.bru'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'collections'))).toBe(false);

    expect((await runCli(['generate', '--format', 'bruno', '--out', out, '--check'])).code).toBe(0);
    fs.appendFileSync(path.join(out, 'bruno/anaf/oauth/hello.yml'), '\n');
    const stale = await runCli(['generate', '--format', 'bruno', '--out', out, '--check']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('bruno/anaf/oauth/hello.yml');
    expect(stale.stderr).toContain('generate --format bruno ');
  });

  it('--bruno-format bru writes the .bru files; --check names the flag to regenerate; another value is refused', async () => {
    const out = fs.mkdtempSync(path.join(dir, 'bru-'));
    const args = ['generate', '--format', 'bruno', '--bruno-format', 'bru', '--out', out];
    expect((await runCli(args)).code).toBe(0);
    for (const f of generateBruno({ brunoFormat: 'bru' }))
      expect(fs.readFileSync(path.join(out, f.relativePath), 'utf8')).toBe(f.text);
    expect(fs.existsSync(path.join(out, 'bruno/anaf/opencollection.yml'))).toBe(false);
    fs.appendFileSync(path.join(out, 'bruno/anaf/oauth/hello.bru'), '\n');
    const stale = await runCli([...args, '--check']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('bruno/anaf/oauth/hello.bru');
    expect(stale.stderr).toContain('generate --format bruno --bruno-format bru --out');
    const refused = await runCli(['generate', '--format', 'bruno', '--bruno-format', 'json', '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--bruno-format: "json" is not accepted; use yaml or bru/);
  });

  it('--out . --check passes on the committed bruno/ (what CI runs)', async () => {
    const check = await runCli(['generate', '--format', 'bruno', '--out', '.', '--check'], { cwd: ROOT });
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
  });

  it('refuses an unknown format', async () => {
    const r = await runCli(['generate', '--format', 'insomnia', '--check', '--out', dir]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/format/);
  });
});

describe('anaf-postman generate --format bruno keeps filled-in Bruno environments (#23)', () => {
  it('a client id typed in, a token a run persisted: exit 2 naming both, nothing written; --no-environments writes the rest', async () => {
    const out = fs.mkdtempSync(path.join(dir, 'filled-'));
    expect((await runCli(['generate', '--format', 'bruno', '--out', out])).code).toBe(0);
    const prod = path.join(out, 'bruno/anaf/environments/prod.yml');
    const mock = path.join(out, 'bruno/anaf.ro/environments/mock.yml');
    const filled = (file: string, key: string, value: string) => {
      const text = fs.readFileSync(file, 'utf8');
      const changed = text.replace(new RegExp(`(- name: ${key}\\n {4}value: )""`), `$1${value}`);
      expect(changed).not.toBe(text);
      fs.writeFileSync(file, changed);
    };
    filled(prod, 'clientId', 'my-client-id');
    filled(mock, 'accessToken', 'eyJ.tok');
    const hello = path.join(out, 'bruno/anaf/oauth/hello.yml');
    fs.appendFileSync(hello, '\n');
    const before = [prod, mock, hello].map((f) => fs.readFileSync(f, 'utf8'));

    const refused = await runCli(['generate', '--format', 'bruno', '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^anaf-postman: \S*bruno\/anaf\/environments\/prod\.yml \(clientId\), \S*bruno\/anaf\.ro\/environments\/mock\.yml \(accessToken\) hold values that generate did not write; nothing was written\. .*--no-environments.*--overwrite-environments$/,
      ),
    ]);
    expect(refused.stderr).not.toContain('my-client-id');
    expect([prod, mock, hello].map((f) => fs.readFileSync(f, 'utf8'))).toEqual(before);

    const rest = await runCli(['generate', '--format', 'bruno', '--out', out, '--no-environments']);
    expect([rest.code, rest.stderr]).toEqual([0, '']);
    expect(fs.readFileSync(hello, 'utf8')).not.toBe(before[2]);
    expect([prod, mock].map((f) => fs.readFileSync(f, 'utf8'))).toEqual(before.slice(0, 2));
  });
});
