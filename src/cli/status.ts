/** `anaf-postman status`: offline token status of environment files. */
import type { CommandModule } from 'yargs';
import { environmentFilesOption } from './options';

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
    const { table } = await import('./table');
    const summary = status({ environments: args.environment });
    if (args.json) {
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    } else {
      const day = (n: number | undefined) => (n === undefined ? '' : `${n}`);
      const rows = summary.entries.map((e) => [
        e.file,
        e.hasAccessToken ? 'yes' : 'no',
        e.accessTokenExpiresAt ?? '',
        day(e.accessDaysLeft),
        e.hasRefreshToken ? 'yes' : 'no',
        e.refreshTokenExpiresAt ?? '',
        day(e.refreshDaysLeft),
        e.warnings.join('; '),
      ]);
      process.stdout.write(
        table(
          ['file', 'access', 'access expires', 'days', 'refresh', 'refresh expires', 'days', 'warning'],
          rows,
        ),
      );
    }
    if (summary.exitCode !== 0) {
      const worst = summary.entries.find((e) => e.exitCode === summary.exitCode);
      const n = summary.entries.filter((e) => e.exitCode !== 0).length;
      throw new AnafPostmanError(
        worst?.code ?? 'AUTH_REQUIRED',
        `${n} of ${summary.entries.length} environment(s) need attention: ${named(worst?.file ?? '', worst?.warnings[0] ?? '')}`,
      );
    }
  },
};

/** `FILE: warning`, without naming the file twice when the warning already starts with it. */
function named(file: string, warning: string): string {
  return warning.startsWith(`${file}:`) ? warning : `${file}: ${warning}`;
}
