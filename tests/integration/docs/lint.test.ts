/**
 * The guides pass markdownlint-cli2 with the project's configuration: the committed ones, and ones
 * rendered with unusual reader values (a long callback URL with a query, an http loopback callback).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderGuides } from '../../../src/docs';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CONFIG = path.join(ROOT, '.markdownlint-cli2.jsonc');
const BIN = path.join(ROOT, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs');

function lint(files: string[]): { status: number | null; output: string } {
  const child = spawnSync(
    process.execPath,
    [BIN, '--config', CONFIG, '--no-globs', ...files.map((f) => `:${f}`)],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  return { status: child.status, output: `${child.stdout}${child.stderr}` };
}

describe('markdownlint-cli2', () => {
  it('passes on the committed guides', () => {
    const result = lint([path.join(ROOT, 'docs', 'guide.md'), path.join(ROOT, 'docs', 'guide.ro.md')]);
    expect(result.output).toMatch(/Linting: 2 file\(s\)/);
    expect([result.status, result.output]).toEqual([0, expect.stringMatching(/Summary: 0 error/)]);
  });

  it('passes on guides with unusual reader values, and fails on a broken one (it really lints)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-postman-docs-lint-'));
    try {
      const files: string[] = [];
      const variants = [
        {
          clientId: 'f3a9c1e07b2d4e58a6c0d9b1e2f34567',
          redirectUri: 'https://localhost:9443/a/b?tenant=x&y=1',
        },
        { redirectUri: 'http://127.0.0.1:8080/callback' },
      ];
      variants.forEach((options, i) => {
        for (const g of renderGuides({ ...options, linkRoot: path.relative(dir, ROOT) })) {
          const file = path.join(dir, `${i}-${g.fileName}`);
          fs.writeFileSync(file, g.text);
          files.push(file);
        }
      });
      const ok = lint(files);
      expect([ok.status, ok.output]).toEqual([0, expect.stringMatching(/Summary: 0 error/)]);
      const broken = path.join(dir, 'broken.md');
      fs.writeFileSync(broken, '# Title\n\n## A\n\nSee [nowhere](#nowhere) at https://example.com\n');
      const bad = lint([broken]);
      expect(bad.status).not.toBe(0);
      expect(bad.output).toMatch(/MD051/);
      expect(bad.output).toMatch(/MD034/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
