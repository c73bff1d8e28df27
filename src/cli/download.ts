/** `anaf-postman download`: every received invoice of the window, kept once per company. */
import type { CommandModule } from 'yargs';
import { batchOptions, environmentFilesOption } from './options';

interface DownloadArgs {
  environment: string[];
  out: string;
  filter: string;
  days?: number;
  pdf?: boolean;
  collection?: string;
  concurrency: number;
  rate: string;
  json?: boolean;
  'timeout-request'?: string;
  insecure?: boolean;
}

/** After the first Ctrl-C: the request in flight, its file kept, the index rebuilt. */
const SHUTDOWN_DEADLINE_MS = 75_000;

export const command: CommandModule<object, DownloadArgs> = {
  command: 'download',
  describe:
    'Keep every message of the last 60 days (received invoices by default) once, a folder per company, with an index',
  builder: (y) =>
    y
      .option('environment', {
        ...environmentFilesOption,
        describe: 'Environment file of a company, or many files/globs (quoted): one company (its cif) each',
      })
      .option('out', {
        type: 'string',
        demandOption: true,
        describe:
          'Existing folder that gets a sub-folder per company (OUT/<cif>/) and its index.json, index.csv',
      })
      .option('filter', {
        type: 'string',
        default: 'P',
        describe: 'P received invoices, T sent, E errors of your uploads (ANAF’s words), R buyer messages',
      })
      .option('days', { type: 'number', describe: 'Only the last N days (1-60; default: ANAF’s 60)' })
      .option('pdf', {
        type: 'boolean',
        describe: 'Also keep each invoice as PDF, made by ANAF’s transformare (FACT1, FCN for credit notes)',
      })
      .option('collection', {
        alias: 'c',
        type: 'string',
        describe: 'Collection file with the Received invoices folder (default: the committed English one)',
      })
      .options(
        (({ resume: _r, 'progress-file': _p, ...rest }) => rest)(
          batchOptions({ prefix: '', files: 'handled', requests: 'requests', done: 'finished' }),
        ),
      )
      .option('json', { type: 'boolean', describe: 'Print a JSON summary instead of the tables' })
      .option('timeout-request', { type: 'string', describe: 'Per-request timeout: 30s, 2m (default 30s)' })
      .option('insecure', {
        type: 'boolean',
        describe: 'Accept any TLS certificate (prefer NODE_EXTRA_CA_CERTS=proxy-ca.pem)',
      })
      .epilog(
        'Each message is downloaded once across runs: a folder per message, named DATE_KIND_CIF_NAME_NUMBER_idID ' +
          '(the invoice’s date, the supplier, its number, ANAF’s download id), holding ANAF’s ZIP as sent, the XML ' +
          'and signature taken out of it and message.json; index.json and index.csv list them. A run killed at any ' +
          'point leaves no half-written file; run it again. ANAF limits: 10 downloads of one message a day (a ' +
          'refused message is not retried until tomorrow), the daily list quota, 60 days (messages older than 55 ' +
          'days not kept yet are named). Exit code: 0 every listed message kept, 1 some not downloaded (named), ' +
          '2 bad input or a folder that cannot be written (nothing half-written), 3 authorize again, 4 ANAF ' +
          'unreachable or its firewall, 130 interrupted; a batch exits with the worst.',
      )
      .example('$0 download -e env/firm.json --out invoices', 'every invoice received in the last 60 days')
      .example(
        "$0 download -e 'clients/*.json' --out /srv/efactura --rate 450/min",
        'many companies, one rate',
      )
      .example(
        '$0 download -e env/firm.json --out errors --filter E',
        'ANAF’s errors of your refused uploads',
      ),
  handler: async (args) => {
    const { AnafPostmanError, optionError } = await import('../errors');
    const { parseRate } = await import('../transport/rate');
    const { parseDuration } = await import('../duration');
    const filter = args.filter.trim().toUpperCase();
    if (!['P', 'T', 'E', 'R'].includes(filter)) {
      throw optionError('USAGE', 'filter', `"${args.filter}" is not one of P, T, E, R`);
    }
    if (args.environment[0] === undefined)
      throw optionError('USAGE', 'environment', 'give at least one file or glob');
    const rate = parseRate(args.rate);
    const timeoutRequestMs =
      args['timeout-request'] === undefined
        ? undefined
        : parseDuration(args['timeout-request'], '--timeout-request');
    const bar = !args.json && process.stderr.isTTY ? await startBar() : undefined;
    const stop = new AbortController();
    const { onInterrupt } = await import('./signals');
    const restoreSignals = onInterrupt(() => stop.abort(), { deadlineMs: SHUTDOWN_DEADLINE_MS });
    const { download } = await import('../receive/download');
    let companies = 0;
    let files = args.environment.length;
    let toFetch = 0;
    let fetched = 0;
    const summary = await download({
      environments: args.environment,
      out: args.out,
      filter: filter as 'P' | 'T' | 'E' | 'R',
      days: args.days,
      pdf: args.pdf,
      collection: args.collection,
      concurrency: args.concurrency,
      rate,
      timeoutRequestMs,
      insecure: args.insecure,
      signal: stop.signal,
      onEvent: (event) => {
        if (event.type === 'started') files = event.files;
        else if (event.type === 'listed') toFetch += event.toFetch;
        else if (event.type === 'kept' || event.type === 'failed') fetched += 1;
        else companies += 1;
        if (event.type !== 'started') bar?.update(fetched, Math.max(toFetch, fetched), companies, files);
      },
    }).finally(() => {
      restoreSignals();
      bar?.stop();
    });
    if (args.json) {
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    } else {
      const { downloadReport } = await import('./download-output');
      process.stdout.write(downloadReport(summary));
    }
    if (summary.exitCode === 0) return;
    const worst = summary.results.find((r) => r.exitCode === summary.exitCode) ?? summary.results[0];
    if (summary.exitCode === 130) {
      throw new AnafPostmanError(
        'INTERRUPTED',
        `interrupted: ${summary.totals.new} message(s) kept this run, each whole; run again for the rest`,
      );
    }
    const bad = summary.results.filter((r) => r.exitCode !== 0).length;
    const where = summary.results.length > 1 ? `${bad} of ${summary.results.length} companies: ` : '';
    throw new AnafPostmanError(
      worst?.code ?? 'INTERNAL',
      `${where}${worst && summary.results.length > 1 ? `${worst.cif ?? worst.file}: ` : ''}${worst?.message ?? 'failed'}`,
    );
  },
};

async function startBar(): Promise<{
  update(done: number, total: number, companies: number, files: number): void;
  stop(): void;
}> {
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: 'download [{bar}] {value}/{total} messages | companies {companies}',
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, companies, files) {
      if (!started) {
        bar.start(total, 0, { companies: `0/${files}` });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { companies: `${companies}/${files}` });
    },
    stop: () => started && bar.stop(),
  };
}
