/**
 * The committed document against two well-kept tools, offline: `@readme/openapi-parser` validates it
 * as OpenAPI 3.1, Redocly CLI lints it with the recommended rules (`redocly.yaml`) with no problem.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const YAML = path.join(ROOT, 'openapi', 'anaf.openapi.yaml');
const JSON_FILE = path.join(ROOT, 'openapi', 'anaf.openapi.json');

jest.setTimeout(120_000);

it.each([JSON_FILE, YAML])('%s validates as OpenAPI 3.1', async (file) => {
  // The parser is an ES module: loaded the way Node loads it, outside ts-jest's CommonJS.
  const script =
    "import('@readme/openapi-parser').then(async ({ validate }) => " +
    'process.stdout.write(JSON.stringify(await validate(process.argv[1]))))';
  const run = spawnSync(process.execPath, ['-e', script, file], { cwd: ROOT, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  const result = JSON.parse(run.stdout) as { valid: boolean; specification: string; warnings: unknown[] };
  expect(result).toMatchObject({ valid: true, specification: 'OpenAPI', warnings: [] });
});

it('lints clean with Redocly’s recommended rules', () => {
  const cli = require.resolve('@redocly/cli/bin/cli.js', { paths: [ROOT] });
  const run = spawnSync(process.execPath, [cli, 'lint', '--format=json', '--config', 'redocly.yaml', YAML], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', CI: 'true' },
  });
  const report = JSON.parse(run.stdout) as {
    totals: Record<string, number>;
    problems: { message: string }[];
  };
  expect(report.problems.map((p) => p.message)).toEqual([]);
  expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  expect(run.status).toBe(0);
});
