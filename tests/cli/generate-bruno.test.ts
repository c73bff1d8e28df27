/** `anaf-postman generate --format bruno`, spawned: writing, `--check`, and the committed files. */
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
  it('writes every Bruno file, then --check passes, then names an edited file and exits 1', async () => {
    const write = await runCli(['generate', '--format', 'bruno', '--out', dir]);
    expect(write.code).toBe(0);
    const expected = generateBruno();
    for (const f of expected) expect(fs.readFileSync(path.join(dir, f.relativePath), 'utf8')).toBe(f.text);
    expect(fs.existsSync(path.join(dir, 'collections'))).toBe(false);

    expect((await runCli(['generate', '--format', 'bruno', '--out', dir, '--check'])).code).toBe(0);
    fs.appendFileSync(path.join(dir, 'bruno/anaf/oauth/hello.bru'), '\n');
    const stale = await runCli(['generate', '--format', 'bruno', '--out', dir, '--check']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('bruno/anaf/oauth/hello.bru');
    expect(stale.stderr).toContain('generate --format bruno');
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
    const prod = path.join(out, 'bruno/anaf/environments/prod.bru');
    const mock = path.join(out, 'bruno/anaf.ro/environments/mock.bru');
    fs.writeFileSync(
      prod,
      fs.readFileSync(prod, 'utf8').replace(/^ {2}clientId:$/m, '  clientId: my-client-id'),
    );
    fs.writeFileSync(
      mock,
      fs.readFileSync(mock, 'utf8').replace(/^ {2}accessToken:$/m, '  accessToken: eyJ.tok'),
    );
    const hello = path.join(out, 'bruno/anaf/oauth/hello.bru');
    fs.appendFileSync(hello, '\n');
    const before = [prod, mock, hello].map((f) => fs.readFileSync(f, 'utf8'));

    const refused = await runCli(['generate', '--format', 'bruno', '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^anaf-postman: \S*bruno\/anaf\/environments\/prod\.bru \(clientId\), \S*bruno\/anaf\.ro\/environments\/mock\.bru \(accessToken\) hold values that generate did not write; nothing was written\. .*--no-environments.*--overwrite-environments$/,
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
