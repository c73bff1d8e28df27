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
