/**
 * Issue #23 item 5: Ctrl-C during `run` means "stop soon". The first SIGINT stops after the request
 * in flight (not after the whole suite), saves what changed (a rotated token held only in memory),
 * says what did not run, and exits 130; in a batch no file starts and the files under way stop
 * the same way. Counts and order are asserted, never durations: the mock's latency only makes sure
 * a request is in flight when the signal comes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { at } from '../helpers/checked';
import { startCli, type CliResult } from '../helpers/cli';
import {
  COLLECTION,
  readVars,
  snapshotDir,
  STACK_FRAME,
  TOKEN_PATH,
  useMock,
  useRecordingProxy,
  useTempDir,
  waitFor,
  writeEnv,
} from '../helpers/env';

const mock = useMock({ latencyMs: 400 });
const proxy = useRecordingProxy(mock);
const tmp = useTempDir();

jest.setTimeout(90_000);

/** The requests of the committed collection: what a whole run goes through. */
function requestsInCollection(
  node = JSON.parse(fs.readFileSync(COLLECTION, 'utf8')) as { item?: unknown[] },
): number {
  if (!Array.isArray(node.item)) return 1;
  return node.item.reduce<number>((n, child) => n + requestsInCollection(child as { item?: unknown[] }), 0);
}

/**
 * Starts `anaf-postman run ARGS`, waits until `ready()`, sends one SIGINT and waits for the exit;
 * returns the output and how many requests the mock had seen when the signal was sent.
 */
async function interruptRun(args: string[], ready: () => boolean): Promise<CliResult & { atSignal: number }> {
  // The explicit refresh request rotates the token pair inside Newman: held in memory until saved.
  const cli = startCli(['run', '--env-var', 'forceRefresh=true', ...args], { timeoutMs: 80_000 });
  await waitFor(ready, 60_000, 'the run to be under way');
  const atSignal = mock().requests().length;
  cli.child.kill('SIGINT');
  return { ...(await cli.result), atSignal };
}

it('one SIGINT mid-run: stops after the request in flight, saves the rotated tokens, says what did not run, exit 130', async () => {
  const tokens = mock().issueTokens();
  const file = writeEnv(tmp(), { origin: proxy().url, tokens });
  const reportDir = path.join(tmp(), 'reports');
  // The refresh answered and two more requests sent: the third is in flight (the mock is slow).
  const r = await interruptRun(
    ['-e', file, '--reporters', 'cli,json', '--report-dir', reportDir],
    () => proxy().tokenAnswers.length === 1 && mock().requests().length >= 3,
  );

  // At most the request of the item under way went out after the signal.
  const seen = mock().requests();
  expect(seen.length - r.atSignal).toBeLessThanOrEqual(1);
  expect(r.code).toBe(130);
  expect(r.stderr).toMatch(/SIGINT: finishing and saving/);
  expect(r.stderr).toMatch(/interrupted: stopped after the request in flight, \d+ request\(s\) not run/);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  expect(at(seen, 0).path).toBe(TOKEN_PATH);
  expect(mock().requests(TOKEN_PATH)).toHaveLength(1);
  // The rotated pair, known only to Newman's memory when the signal came, is in the file.
  const answer = at(proxy().tokenAnswers, 0);
  expect(answer.refresh_token).not.toBe(tokens.refresh_token);
  expect(readVars(file).refreshToken).toBe(answer.refresh_token);
  expect(readVars(file).accessToken).toBe(answer.access_token);
  // What ran and what did not add up to the whole collection, in the output and in report.json.
  const [, sent, skipped] = /\d+ requests: (\d+) sent \+ (\d+) skipped/.exec(r.stdout) ?? [];
  const [, notRun] = /interrupted: stopped after the request in flight; (\d+) request\(s\) not run/.exec(
    r.stdout,
  ) ?? [''];
  expect(Number(sent)).toBe(seen.length);
  expect(Number(notRun)).toBeGreaterThan(0);
  expect(Number(sent) + Number(skipped) + Number(notRun)).toBe(requestsInCollection());
  const report = JSON.parse(fs.readFileSync(path.join(reportDir, 'report.json'), 'utf8')) as {
    interrupted?: { notRun: number };
  };
  expect(report.interrupted).toEqual({ notRun: Number(notRun) });
});

it('one SIGINT mid-batch: no file starts, those under way stop after their request and are saved, the rest are listed as not run', async () => {
  const files = Array.from({ length: 4 }, (_, i) =>
    writeEnv(tmp(), { origin: proxy().url, tokens: mock().issueTokens() }, `env-${i}.json`),
  );
  const before = files.map((f) => fs.readFileSync(f, 'utf8'));
  const reportDir = path.join(tmp(), 'reports');
  // Both files under way (concurrency 2) got their rotated pair before the signal.
  const r = await interruptRun(
    [
      '-e',
      path.join(tmp(), 'env-*.json'),
      '--concurrency',
      '2',
      '--reporters',
      'cli,json',
      '--report-dir',
      reportDir,
      '--progress-file',
      path.join(tmp(), 'progress.json'),
    ],
    () => proxy().tokenAnswers.length === 2,
  );

  // At most one request per file under way went out after the signal, and no third file started.
  expect(mock().requests().length - r.atSignal).toBeLessThanOrEqual(2);
  expect(mock().requests(TOKEN_PATH)).toHaveLength(2);
  expect(r.code).toBe(130);
  expect(r.stderr).toMatch(
    /interrupted: 2 file\(s\) stopped after the request in flight and saved, 2 file\(s\) not run/,
  );
  expect(r.stderr).not.toMatch(STACK_FRAME);
  const rotated = new Set(proxy().tokenAnswers.map((a) => a.refresh_token));
  const saved = files.filter((f) => rotated.has(readVars(f).refreshToken ?? ''));
  expect(saved).toHaveLength(2);
  const notRun = files.filter((f, i) => fs.readFileSync(f, 'utf8') === at(before, i));
  expect(notRun).toHaveLength(2);
  // Each file is named in the table with its outcome, and in summary.json with the whole note.
  const lines = r.stdout.split('\n');
  const summary = JSON.parse(fs.readFileSync(path.join(reportDir, 'summary.json'), 'utf8')) as {
    counts: Record<string, number>;
    results: { file: string; outcome: string; message?: string }[];
  };
  expect(summary.counts).toMatchObject({ stopped: 2, interrupted: 2, passed: 0 });
  const outcomes = [
    ...saved.map(
      (f) => [f, 'stopped', /^\d+ request\(s\) not run \(interrupted\); variables saved$/] as const,
    ),
    ...notRun.map((f) => [f, 'interrupted', /^not run \(interrupted before it started\)/] as const),
  ];
  for (const [f, outcome, note] of outcomes) {
    expect(lines.find((l) => l.includes(path.basename(f)))).toMatch(new RegExp(`\\s${outcome}\\s`));
    const result = summary.results.find((x) => path.basename(x.file) === path.basename(f));
    expect(result?.outcome).toBe(outcome);
    expect(result?.message).toMatch(note);
  }
  expect(r.stdout).toMatch(/2 stopped \(interrupted; saved\), 2 not run \(interrupted before they started\)/);
  // The report folders hold only the two files that ran.
  expect(Object.keys(snapshotDir(reportDir)).sort()).toEqual(
    [...saved.map((f) => path.basename(f, '.json')), 'summary.json'].sort(),
  );
});
