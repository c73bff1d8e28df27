/** `anaf-postman run`: the collection through Newman, tokens saved back into the environment(s). */
import type { CommandModule } from 'yargs';
import { batchOptions, environmentFilesOption } from './options';

interface RunArgs {
  environment: string[];
  collection?: string;
  folder?: string[];
  reporters: string;
  'report-dir': string;
  bail?: boolean;
  'iteration-data'?: string;
  'iteration-count'?: number;
  'env-var'?: string[];
  'timeout-request'?: string;
  'delay-request'?: string;
  insecure?: boolean;
  concurrency: number;
  rate: string;
  resume?: boolean;
  'progress-file'?: string;
}

/**
 * How long `run` may still take after the first Ctrl-C / SIGTERM before it stops anyway: the
 * pre-run token attempt (its own 30 s deadline) and a save, or the item under way (the pause before
 * it, its script's token request and its own request, each within the request timeout) and a save.
 * Newman's timeout 0 means none: a request that never ends is then cut by the 45 s floor.
 */
export function shutdownDeadlineMs(timeoutRequestMs = 30_000, delayRequestMs = 0): number {
  return Math.max(45_000, 2 * timeoutRequestMs + delayRequestMs + 15_000);
}

export const command: CommandModule<object, RunArgs> = {
  command: 'run',
  describe: 'Run the collection (or some folders) with Newman and save the changed variables back',
  builder: (y) =>
    y
      .option('environment', {
        ...environmentFilesOption,
        describe: 'Environment file, or many files/globs (quoted) for a batch: one run per file, one process',
      })
      .option('collection', {
        alias: 'c',
        type: 'string',
        describe:
          'Collection file (default: collections/anaf.postman_collection.json in this folder, as generate writes it, else the package’s own)',
      })
      .option('folder', {
        type: 'string',
        array: true,
        describe:
          'Folder or request to run (repeatable): a name, or "Folder / request" as the output prints it; naming "Refresh access token" sends it',
      })
      .option('reporters', {
        type: 'string',
        default: 'cli',
        describe: 'Comma-separated: cli,junit,json,html',
      })
      .option('report-dir', {
        type: 'string',
        default: 'reports',
        describe: 'Folder for junit.xml, report.json, report.html (a batch: one sub-folder per file)',
      })
      .option('bail', { type: 'boolean', describe: 'Stop at the first failure' })
      .option('iteration-data', {
        alias: 'd',
        type: 'string',
        describe: 'CSV or JSON rows, one iteration each (as newman -d); columns set variables, e.g. cif',
      })
      .option('iteration-count', { alias: 'n', type: 'number', describe: 'Iterations to run' })
      .option('env-var', {
        type: 'string',
        array: true,
        describe: 'KEY=VALUE for this run only (repeatable); forceRefresh=true sends the refresh request',
      })
      .option('timeout-request', {
        type: 'string',
        describe:
          'Each request’s whole time, headers and body: 30s, 2m, or milliseconds as in newman (30000; default 30s)',
      })
      .option('delay-request', {
        type: 'string',
        describe: 'Pause between requests: 200ms, 1s, or milliseconds as in newman (200)',
      })
      .option('insecure', {
        type: 'boolean',
        describe: 'Accept any TLS certificate (prefer NODE_EXTRA_CA_CERTS=proxy-ca.pem)',
      })
      .options(batchOptions({ prefix: 'Batch: ', files: 'run', requests: 'requests', done: 'passed' }))
      // One file or many: the limit is the process's (a run of many iterations could pass ANAF's).
      .option('rate', {
        ...batchOptions({ prefix: '', files: 'run', requests: 'requests', done: 'passed' }).rate,
      })
      // Every file of a batch now gets a fresh sandbox: the flag that asked for one is still
      // accepted, so that existing commands and CI jobs keep working, but no longer shown.
      .option('isolate-scripts', {
        type: 'boolean',
        hidden: true,
        describe: 'Deprecated, no effect: every file of a batch always gets a fresh script sandbox',
      })
      .epilog(
        'Exit code: 0 passed, 1 assertions failed, 2 bad input (an environment not set up: the variables are ' +
          'named), 3 authorize again (no tokens: anaf-postman login), 4 ANAF unreachable; a batch exits with the ' +
          'worst. The explicit refresh request goes only when the access token is due or forceRefresh=true; uploads ' +
          'reach ANAF production only when allowFilingForCif equals the cif (listed as not filed otherwise). ' +
          'Proxies: HTTPS_PROXY/HTTP_PROXY/NO_PROXY are honoured; a proxy’s own CA via ' +
          'NODE_EXTRA_CA_CERTS. Reports and output never hold tokens, codes or the client secret.',
      )
      .example(
        '$0 run -e ~/anaf/acme.postman_environment.json --folder e-Factura --reporters cli,junit',
        'a CI suite',
      )
      .example('$0 run -e env/firm.json -d companies.csv --reporters cli,junit,json', 'one token, many CIFs')
      .example("$0 run -e 'clients/*.json' --concurrency 8 --reporters junit --resume", 'many companies'),
  handler: async (args) => {
    const path = await import('node:path');
    const { AnafPostmanError, optionError } = await import('../errors');
    const { REPORTERS } = await import('../run/reports');
    const { parseDuration } = await import('../duration');
    const { parseEnvVars } = await import('../run/run-variables');
    const { parseRate } = await import('../transport/rate');
    const { isDynamicPattern } = await import('tinyglobby');
    const { colourLine, colourOn, palette } = await import('./colour');
    const p = palette(colourOn(process.stdout));
    const reporters = args.reporters
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    const unknown = reporters.find((r) => !(REPORTERS as readonly string[]).includes(r));
    if (unknown || reporters.length === 0) {
      throw new AnafPostmanError(
        'USAGE',
        `--reporters: "${unknown ?? ''}" is not accepted; use ${REPORTERS.join(', ')}`,
      );
    }
    const count = args['iteration-count'];
    if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
      throw new AnafPostmanError(
        'USAGE',
        `--iteration-count must be a whole number from 1 up, not "${count}"`,
      );
    }
    // Which collection runs, said at the top of every run (#27): after `generate`, the one it wrote here.
    const { defaultCollection } = await import('../run/collection-file');
    const { shownPath } = await import('./out-dir');
    const chosen = args.collection === undefined ? defaultCollection() : undefined;
    const why =
      chosen === undefined
        ? ''
        : chosen.source === 'here'
          ? ' (this folder’s, as generate wrote it)'
          : ' (packaged; this folder has none)';
    process.stdout.write(`collection: ${shownPath(path.resolve(args.collection ?? chosen!.path))}${why}\n`);
    const common = {
      collection: args.collection ?? chosen!.path,
      folders: args.folder,
      reporters: reporters as import('../run/reports').ReporterName[],
      reportDir: args['report-dir'],
      bail: args.bail,
      iterationData: args['iteration-data'],
      iterationCount: count,
      envVars: parseEnvVars(args['env-var'] ?? []),
      timeoutRequestMs:
        args['timeout-request'] === undefined
          ? undefined
          : parseDuration(args['timeout-request'], '--timeout-request', {
              examples: '30s, 2m or 30000ms',
              bareMs: true,
              bareMinMs: 1000,
            }),
      delayRequestMs:
        args['delay-request'] === undefined
          ? undefined
          : parseDuration(args['delay-request'], '--delay-request', {
              examples: '200ms or 1s',
              bareMs: true,
            }),
      insecure: args.insecure,
    };
    // `-e` without a value parses as no file at all.
    const [environment] = args.environment;
    if (environment === undefined) {
      throw optionError('USAGE', 'environment', 'give at least one file or glob');
    }
    const batch = args.environment.length > 1 || args.environment.some((e) => isDynamicPattern(e));
    // A run in flight may hold rotated tokens: the first Ctrl-C stops it after the request under
    // way and saves them; the deadline ends the process if that request never ends.
    let interrupted = false;
    const stop = new AbortController();
    const { onInterrupt } = await import('./signals');
    const restoreSignals = onInterrupt(
      () => {
        interrupted = true;
        stop.abort();
      },
      { deadlineMs: shutdownDeadlineMs(common.timeoutRequestMs, common.delayRequestMs) },
    );
    if (batch) {
      const { runBatch } = await import('../run/batch');
      const { batchTable } = await import('./run-output');
      const summary = await runBatch({
        ...common,
        environments: args.environment,
        concurrency: args.concurrency,
        rate: parseRate(args.rate),
        resume: args.resume,
        progressFile: args['progress-file'],
        onWarning: (w) => process.stderr.write(`anaf-postman: warning: ${w}\n`),
        signal: stop.signal,
        onResult: (r, done, total) => {
          if (process.stderr.isTTY) process.stderr.write(`\r${done}/${total} ${r.outcome.padEnd(11)}`);
        },
      }).finally(restoreSignals);
      if (process.stderr.isTTY) process.stderr.write('\r\u001b[K');
      process.stdout.write(batchTable(summary, p));
      const { stopped, interrupted: notStarted } = summary.counts;
      if (interrupted || stopped > 0 || notStarted > 0) {
        throw new AnafPostmanError(
          'INTERRUPTED',
          `interrupted: ${stopped} file(s) stopped after the request in flight and saved, ` +
            `${notStarted} file(s) not run`,
        );
      }
      if (summary.exitCode !== 0) {
        const worst = summary.results.find((r) => r.exitCode === summary.exitCode)!;
        const bad = summary.counts.failed + summary.counts.error;
        throw new AnafPostmanError(
          worst.code ?? 'INTERNAL',
          `${bad} of ${summary.results.length} file(s) failed; worst: ` +
            (worst.message?.startsWith(worst.file)
              ? worst.message
              : `${worst.file}: ${worst.message ?? '?'}`),
        );
      }
      return;
    }
    const { run } = await import('../run/run');
    const { failureList, summaryTable } = await import('./run-output');
    const { useRateLimit } = await import('../transport/rate-limit');
    const releaseRate = useRateLimit(parseRate(args.rate));
    const summary = await run({
      ...common,
      environment,
      signal: stop.signal,
      onLine: (line) => process.stdout.write(`${colourLine(line, p)}\n`),
    }).finally(() => {
      releaseRate();
      restoreSignals();
    });
    const list = failureList(summary, p);
    process.stdout.write(`\n${list}${list ? '\n' : ''}${summaryTable(summary)}`);
    process.stdout.write(
      `saved: ${summary.changed.length ? summary.changed.join(', ') : 'nothing changed'}\n`,
    );
    for (const file of summary.reports) process.stdout.write(`report: ${file}\n`);
    if (summary.interrupted) {
      throw new AnafPostmanError(
        'INTERRUPTED',
        `interrupted: stopped after the request in flight, ${summary.interrupted.notRun} request(s) ` +
          'not run; the variables were saved',
      );
    }
    if (interrupted)
      throw new AnafPostmanError('INTERRUPTED', 'interrupted: the run finished and its variables were saved');
    if (summary.code) {
      const first = summary.failures.find((f) => f.code === summary.code) ?? summary.failures[0];
      const shown = first ? `; first: ${first.item}: ${first.test}: ${first.message}` : '';
      throw new AnafPostmanError(summary.code, `${summary.failures.length} failure(s)${shown}`);
    }
  },
};
