/**
 * Many companies (issue #15): one token with `iterationData` rows of CIFs, and many environment
 * files in one batch. Each company's results must be told apart in every report.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runBatch } from '../../../src/run/batch';
import { run, type RunOptions } from '../../../src/run/run';
import { TOKEN_PATH, useMock, useTempDir, writeEnv } from '../../helpers/env';

const mock = useMock();
const tmp = useTempDir();
const FAST: Partial<RunOptions> = { baseDelayMs: 5, timeoutMs: 200, timeoutRequestMs: 5000 };
// Valid CUIs: the mock refuses a CIF no company can hold, as ANAF does (no SPV rights for it).
const CIFS = ['1006', '1014', '1022'];

describe('run with iterationData: one token, three CIFs', () => {
  it.each([
    ['CSV', 'cifs.csv', `cif,note\n${CIFS.map((c) => `${c},"firm, SRL"`).join('\n')}\n`],
    ['JSON', 'cifs.json', JSON.stringify(CIFS.map((cif) => ({ cif: Number(cif) })))],
  ])('%s rows: per-iteration results in the summary, JUnit and JSON', async (_kind, name, text) => {
    const data = path.join(tmp(), name);
    fs.writeFileSync(data, text);
    const file = writeEnv(tmp(), { origin: mock().url, tokens: mock().issueTokens() });
    const reportDir = path.join(tmp(), 'reports');
    const summary = await run({
      ...FAST,
      environment: file,
      folders: ['e-Factura'],
      iterationData: data,
      reporters: ['junit', 'json'],
      reportDir,
    });
    expect(summary.exitCode).toBe(0);
    expect(summary.iterations.map((i) => i.label)).toEqual(CIFS.map((c) => `cif ${c}`));
    for (const it of summary.iterations) expect(it.requests).toBeGreaterThan(0);
    // Each row's CIF reached ANAF.
    const uploads = mock()
      .requests()
      .filter((r) => r.path.endsWith('/upload'));
    expect(uploads.map((r) => r.query.cif)).toEqual(CIFS);
    const junit = fs.readFileSync(path.join(reportDir, 'junit.xml'), 'utf8');
    for (const cif of CIFS) expect(junit).toContain(`name="e-Factura / upload [cif ${cif}]"`);
    const json = JSON.parse(fs.readFileSync(path.join(reportDir, 'report.json'), 'utf8'));
    expect(json.iterations.map((i: { label: string }) => i.label)).toEqual(CIFS.map((c) => `cif ${c}`));
    expect(new Set(json.executions.map((e: { iteration: number }) => e.iteration))).toEqual(
      new Set([1, 2, 3]),
    );
    expect(
      mock()
        .requests()
        .filter((r) => r.path === TOKEN_PATH),
    ).toEqual([]);
  });
});

describe('runBatch: three environment files in one process', () => {
  it('one report set per file, a JUnit suite per file, exit code the worst', async () => {
    const files = CIFS.map((cif) =>
      writeEnv(tmp(), { origin: mock().url, tokens: mock().issueTokens(), vars: { cif } }, `c${cif}.json`),
    );
    // The third company was never logged in: exit 3 for the batch, the others still pass.
    writeEnv(tmp(), { origin: mock().url, vars: { cif: '1022' } }, 'c1022.json');
    const reportDir = path.join(tmp(), 'reports');
    const summary = await runBatch({
      ...FAST,
      environments: path.join(tmp(), 'c*.json'),
      folders: ['e-Factura'],
      concurrency: 2,
      reporters: ['junit', 'json'],
      reportDir,
      progressFile: path.join(tmp(), 'progress.json'),
    });
    expect(summary.results.map((r) => [path.basename(r.file), r.outcome, r.exitCode])).toEqual([
      ['c1006.json', 'passed', 0],
      ['c1014.json', 'passed', 0],
      ['c1022.json', 'error', 3],
    ]);
    expect(summary.exitCode).toBe(3);
    for (const cif of ['1006', '1014']) {
      const json = JSON.parse(fs.readFileSync(path.join(reportDir, `c${cif}`, 'report.json'), 'utf8'));
      expect(json.requests).toBeGreaterThan(0);
      expect(fs.readFileSync(path.join(reportDir, `c${cif}`, 'junit.xml'), 'utf8')).toContain(
        'e-Factura / upload',
      );
    }
    const junit = fs.readFileSync(path.join(reportDir, 'junit.xml'), 'utf8');
    expect(junit.match(/<testsuite /g)).toHaveLength(3);
    expect(junit).toMatch(/c1022\.json" tests="1" failures="1"/);
    const all = JSON.parse(fs.readFileSync(path.join(reportDir, 'summary.json'), 'utf8'));
    expect(all.results).toHaveLength(3);
    expect(files).toHaveLength(3);

    // Resume: the two that passed today are skipped, the failed one is tried again.
    const again = await runBatch({
      ...FAST,
      environments: path.join(tmp(), 'c*.json'),
      folders: ['e-Factura'],
      reportDir,
      resume: true,
      progressFile: path.join(tmp(), 'progress.json'),
    });
    expect(again.results.map((r) => r.outcome)).toEqual(['resumed', 'resumed', 'error']);
  });
});
