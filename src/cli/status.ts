/** `anaf-postman status`: offline token status of environment files. */
import type { CommandModule } from 'yargs';
import { environmentFilesOption } from './options';
import type { StatusEntry } from '../tokens/status';

interface StatusArgs {
  environment: string[];
  json?: boolean;
}

export const command: CommandModule<object, StatusArgs> = {
  command: 'status',
  describe: 'Show, offline, which tokens each environment holds and when they expire',
  builder: (y) =>
    y
      .option('environment', environmentFilesOption)
      .option('json', { type: 'boolean', describe: 'Print JSON' })
      .epilog(
        'Exit code: 0 all usable, 2 a file is unusable, 3 a file needs a new authorization (no or expired refresh token).',
      ),
  handler: async (args) => {
    const { status } = await import('../tokens/status');
    const { AnafPostmanError } = await import('../errors');
    const tables = await import('./table');
    const summary = status({ environments: args.environment });
    const { exposedWarning } = await import('../store/exposure');
    for (const e of summary.entries) {
      if (e.exposedMode !== undefined) {
        process.stderr.write(`anaf-postman: warning: ${exposedWarning(e.file, e.exposedMode)}\n`);
      }
    }
    if (args.json) {
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    } else {
      process.stdout.write(statusText(summary.entries, tables));
    }
    if (summary.exitCode !== 0) {
      const worst = summary.entries.find((e) => e.exitCode === summary.exitCode);
      const n = summary.entries.filter((e) => e.exitCode !== 0).length;
      throw new AnafPostmanError(
        worst?.code ?? 'AUTH_REQUIRED',
        `${n} of ${summary.entries.length} environment(s) need attention: ${tables.withFile(worst?.file ?? '', worst?.warnings[0] ?? '')}`,
      );
    }
  },
};

/**
 * The table (a row per file: when each token expires, days left) then the warnings, a line each
 * with the whole file name: a table cell would have to cut them to stay within 100 columns.
 */
function statusText(
  entries: StatusEntry[],
  { table, listBelow, withFile }: typeof import('./table'),
): string {
  const day = (n: number | undefined) => (n === undefined ? '' : `${n}`);
  const when = (has: boolean, iso: string | undefined) => (!has ? 'none' : iso ? shortDate(iso) : 'unknown');
  const rows = entries.map((e) => [
    e.file,
    when(e.hasAccessToken, e.accessTokenExpiresAt),
    day(e.accessDaysLeft),
    when(e.hasRefreshToken, e.refreshTokenExpiresAt),
    day(e.refreshDaysLeft),
  ]);
  const text = table(['file', 'access expires', 'days', 'refresh expires', 'days'], rows);
  return (
    text +
    listBelow(
      'warnings',
      entries.flatMap((e) => e.warnings.map((w) => withFile(e.file, w))),
    )
  );
}

/** `2026-12-01T10:00:00.000Z` as `2026-12-01 10:00Z`; anything else as it is. */
function shortDate(iso: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)[\d:.]*Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]}Z` : iso;
}
