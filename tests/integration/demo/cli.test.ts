/**
 * `anaf-postman demo` (what `npm start` runs), spawned: exit 0, a readable account, no whole token
 * in the output, and the process ends by itself.
 */
import { runCli } from '../../helpers/cli';

it('prints every step, shows tokens only as a short prefix, exits 0 and ends by itself', async () => {
  const started = Date.now();
  const res = await runCli(['demo'], { timeoutMs: 60_000 });

  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  expect(Date.now() - started).toBeLessThan(60_000);
  const lines = res.stdout.split('\n');
  expect(lines.filter((l) => l.startsWith('  ✓ '))).toHaveLength(15);
  expect(lines.filter((l) => l.startsWith('  ✗ '))).toHaveLength(0);
  expect(res.stdout).toMatch(/All 15 steps passed in \d+(\.\d)? s; the mock is closed\./);
  expect(res.stdout).toMatch(/auto-refresh by the collection pre-request script +refresh_token grant 200/);
  // Tokens: a 10-character prefix followed by "…". No JWT, no 20+ character token-like run, no code.
  expect(res.stdout).toMatch(/eyJhbGciOi… #[0-9a-f]{6}/);
  expect(res.stdout).not.toMatch(/eyJ[\w-]{8,}\.[\w-]+/);
  expect(res.stdout).not.toMatch(/[A-Za-z0-9_-]{20,}/);
  for (const prefix of res.stdout.match(/[\w-]+…/g) ?? []) expect(prefix.length).toBeLessThanOrEqual(11);
});
