/** `anaf-postman run`: the collection through Newman, tokens saved back into the environment. */
import type { CommandModule } from 'yargs';

interface RunArgs {
  environment: string;
  collection?: string;
  folder?: string[];
  reporters: string;
  'report-dir': string;
  bail?: boolean;
}

export const command: CommandModule<object, RunArgs> = {
  command: 'run',
  describe: 'Run the collection (or some folders) with Newman and save the changed variables back',
  builder: (y) =>
    y
      .option('environment', { alias: 'e', type: 'string', demandOption: true, describe: 'Environment file' })
      .option('collection', {
        alias: 'c',
        type: 'string',
        describe: 'Collection file (default: the committed English one)',
      })
      .option('folder', {
        type: 'string',
        array: true,
        describe: 'Folder or request name to run (repeatable)',
      })
      .option('reporters', {
        type: 'string',
        default: 'cli',
        describe: 'Comma-separated: cli,junit,json,html',
      })
      .option('report-dir', {
        type: 'string',
        default: 'reports',
        describe: 'Folder for junit.xml, report.json, report.html',
      })
      .option('bail', { type: 'boolean', describe: 'Stop at the first failure' })
      .epilog(
        'Exit code: 0 passed, 1 assertions failed, 2 bad input, 3 authorize again (anaf-postman login), ' +
          '4 ANAF unreachable. Reports and output never hold tokens, codes or the client secret.',
      )
      .example('$0 run -e environments/my-prod.json --folder e-Factura --reporters cli,junit', 'a CI suite'),
  handler: async (args) => {
    const { run } = await import('../run/run');
    const { REPORTERS } = await import('../run/reports');
    const { AnafPostmanError } = await import('../errors');
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
    // A run in flight may hold rotated tokens: the first Ctrl-C lets it finish and save them.
    let interrupted = false;
    const { onInterrupt } = await import('./signals');
    const restoreSignals = onInterrupt(() => {
      interrupted = true;
    });
    const summary = await run({
      environment: args.environment,
      collection: args.collection,
      folders: args.folder,
      reporters: reporters as import('../run/reports').ReporterName[],
      reportDir: args['report-dir'],
      bail: args.bail,
      onLine: (line) => process.stdout.write(`${line}\n`),
    }).finally(restoreSignals);
    process.stdout.write(
      `${summary.requests} requests, ${summary.assertions} assertions, ${summary.failures.length} failed; ` +
        `saved: ${summary.changed.length ? summary.changed.join(', ') : 'nothing changed'}\n`,
    );
    for (const file of summary.reports) process.stdout.write(`report: ${file}\n`);
    if (interrupted)
      throw new AnafPostmanError('INTERRUPTED', 'interrupted: the run finished and its variables were saved');
    if (summary.code) {
      const first = summary.failures.find((f) => f.code === summary.code) ?? summary.failures[0];
      throw new AnafPostmanError(
        summary.code,
        `${summary.failures.length} failure(s); first: ${first.item}: ${first.test}: ${first.message}`,
      );
    }
  },
};
