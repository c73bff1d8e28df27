/** `anaf-postman refresh`: refresh the token pair of one or many environment files. */
import type { CommandModule } from 'yargs';
import { batchOptions, environmentFilesOption } from './options';

interface RefreshArgs {
  environment: string[];
  'if-expiring-within'?: string;
  concurrency: number;
  json?: boolean;
  rate: string;
  resume?: boolean;
  'progress-file'?: string;
}

/** How long `refresh` may still run after the first Ctrl-C / SIGTERM: one token attempt and a save. */
const SHUTDOWN_DEADLINE_MS = 45_000;

export const command: CommandModule<object, RefreshArgs> = {
  command: 'refresh',
  describe: 'Refresh the tokens of one or many environment files (globs), saving the rotated refresh token',
  builder: (y) =>
    y
      .option('environment', environmentFilesOption)
      .option('if-expiring-within', {
        type: 'string',
        describe:
          'Only refresh when the access token expires within this duration: 7d, 12h, 30m, 90s (a unit is required)',
      })
      .options(
        batchOptions({
          prefix: '',
          files: 'refreshed',
          requests: 'token requests',
          done: 'were refreshed successfully',
        }),
      )
      .option('json', { type: 'boolean', describe: 'Print a JSON summary instead of the table' })
      .epilog(
        'Exit code: the worst outcome. 0 refreshed or skipped, 2 bad file, 3 authorize again (refresh token ' +
          'rejected or expired: anaf-postman login), 4 ANAF unreachable after retries. A failed refresh leaves the file as it was. ' +
          'Proxies: HTTPS_PROXY/HTTP_PROXY/NO_PROXY are honoured; a proxy’s own CA via NODE_EXTRA_CA_CERTS.',
      )
      .example('$0 refresh -e env/prod.json', 'refresh one file now')
      .example("$0 refresh -e 'clients/*.json' --if-expiring-within 7d", 'a scheduled batch'),
  handler: async (args) => {
    const { refresh } = await import('../tokens/refresh');
    const { parseDuration } = await import('../duration');
    const { AnafPostmanError } = await import('../errors');
    const { listBelow, noteOf, table, withFile } = await import('./table');
    const { parseRate } = await import('../transport/rate');
    const rate = parseRate(args.rate);
    const within =
      args['if-expiring-within'] === undefined
        ? undefined
        : parseDuration(args['if-expiring-within'], '--if-expiring-within');
    const progress = !args.json && process.stderr.isTTY ? await startProgress() : undefined;
    const stop = new AbortController();
    const { onInterrupt } = await import('./signals');
    // After a signal no new attempt starts and each one under way ends within its 30 s deadline;
    // the shutdown deadline covers whatever is still stuck after that.
    const restoreSignals = onInterrupt(() => stop.abort(), { deadlineMs: SHUTDOWN_DEADLINE_MS });
    const summary = await refresh({
      signal: stop.signal,
      environments: args.environment,
      concurrency: args.concurrency,
      ifExpiringWithinMs: within,
      rate,
      resume: args.resume,
      progressFile: args['progress-file'],
      onWarning: (w) => process.stderr.write(`anaf-postman: warning: ${w}\n`),
      onResult: (_r, done, total) => progress?.update(done, total),
    });
    restoreSignals();
    progress?.stop();
    if (args.json) {
      const plain = (key: string, value: unknown) => (key === 'error' ? undefined : value);
      process.stdout.write(`${JSON.stringify(summary, plain, 2)}\n`);
    } else {
      const rows = summary.results.map((r) => [
        r.file,
        r.outcome,
        r.accessTokenExpiresAt ?? '',
        r.refreshTokenExpiresAt ?? '',
        noteOf(r.file, r.message ?? ''),
      ]);
      process.stdout.write(table(['file', 'outcome', 'access expires', 'refresh expires', 'note'], rows));
      const { refreshed, skipped, failed, interrupted } = summary.counts;
      const rest = interrupted ? `, ${interrupted} not started (interrupted)` : '';
      process.stdout.write(`${refreshed} refreshed, ${skipped} skipped, ${failed} failed${rest}\n`);
      const failures = summary.results.filter((r) => r.outcome === 'failed' && r.message);
      process.stdout.write(
        listBelow(
          'failures',
          failures.map((r) => withFile(r.file, r.message ?? '')),
        ),
      );
    }
    // A signal wins over what it cut short (a retry it prevented is no outage): exit 130, as documented.
    if (stop.signal.aborted || summary.counts.interrupted > 0) {
      const failed = summary.counts.failed ? `; ${summary.counts.failed} file(s) failed, listed above` : '';
      throw new AnafPostmanError(
        'INTERRUPTED',
        `interrupted: ${summary.counts.interrupted} file(s) not started; every file under way was saved${failed}`,
      );
    }
    if (summary.exitCode !== 0) {
      const worst = summary.results.find((r) => r.exitCode === summary.exitCode);
      const code = worst?.code ?? 'INTERNAL';
      const others = summary.counts.failed > 1 ? ` (and ${summary.counts.failed - 1} more failed)` : '';
      throw new AnafPostmanError(
        code,
        `${worst?.message ?? 'refresh failed'}${others}`,
        worst?.error?.details,
        {
          cause: worst?.error,
        },
      );
    }
  },
};

async function startProgress(): Promise<{ update(done: number, total: number): void; stop(): void }> {
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar(
    { stream: process.stderr, format: 'refresh [{bar}] {value}/{total}', clearOnComplete: true },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}
