/** `anaf-postman generate --format postman-v3`, spawned: writing, `--check`, the committed files. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generatePostmanV3 } from '../../src/postman-v3';
import { ROOT, runCli } from '../helpers/cli';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-postman-v3-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('anaf-postman generate --format postman-v3', () => {
  it('writes every v3 file and only those, then --check passes, then names an edited file and exits 1', async () => {
    expect((await runCli(['generate', '--format', 'postman-v3', '--out', dir])).code).toBe(0);
    const expected = generatePostmanV3();
    for (const f of expected) expect(fs.readFileSync(path.join(dir, f.relativePath), 'utf8')).toBe(f.text);
    expect(fs.readdirSync(dir)).toEqual(['postman-v3']);

    expect((await runCli(['generate', '--format', 'postman-v3', '--out', dir, '--check'])).code).toBe(0);
    const edited = 'postman-v3/anaf/OAuth 2.0/TestOauth hello.request.yaml';
    fs.appendFileSync(path.join(dir, edited), '\n');
    const stale = await runCli(['generate', '--format', 'postman-v3', '--out', dir, '--check']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(edited);
    expect(stale.stderr).toContain('generate --format postman-v3');
  });

  it('joins the other formats; --out . --check passes on the committed tree (what CI runs)', async () => {
    const check = await runCli(
      ['generate', '--format', 'postman,openapi,bruno,postman-v3', '--out', '.', '--check'],
      { cwd: ROOT },
    );
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('postman-v3/anaf.ro/.resources/definition.yaml');
    expect(check.stdout).toContain('bruno/anaf/opencollection.yml');
  });
});
