/**
 * The command line. The only place that turns errors into exit codes and sets `process.exitCode`.
 * Command modules are small; each loads its heavy dependencies inside its handler, so `--help`
 * stays close to a bare Node start.
 */
import type { Argv, CommandModule } from 'yargs';
import { AnafPostmanError, ExitCode, causeChain } from '../errors';
import { unknownMessage, type KnownFlags } from './unknown';

/** Every command, in `--help` order. Each file exports `command`. */
const COMMANDS = [
  'generate',
  'mock',
  'mock-env',
  'run',
  'download',
  'refresh',
  'status',
  'login',
  'docs',
  'demo',
] as const;

/** Library option names whose CLI flag is not simply their kebab-case form. */
const FLAG_OF_OPTION: Record<string, string> = {
  environments: 'environment',
  folders: 'folder',
  langs: 'lang',
  timeoutMs: 'timeout',
  mode: 'listen',
  ifExpiringWithinMs: 'if-expiring-within',
  iterationData: 'iteration-data',
  envVars: 'env-var',
  progressFile: 'progress-file',
};

/** The message as the CLI says it: a leading library option name becomes its flag. */
function forCli(err: AnafPostmanError): string {
  const option = err.details?.option;
  if (typeof option !== 'string' || !err.message.startsWith(`${option}: `)) return err.message;
  const flag = FLAG_OF_OPTION[option] ?? option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return `--${flag}: ${err.message.slice(option.length + 2)}`;
}

/** Prints one line for a failure (the whole cause chain with `ANAF_POSTMAN_DEBUG=1`) and returns the exit code. */
function failure(err: unknown): number {
  const known = err instanceof AnafPostmanError;
  const message = err instanceof Error ? err.message : String(err);
  // One line, whatever a message holds: a second line would read as another error.
  const line = (known ? forCli(err) : `internal error: ${message}`).replace(/\s*[\r\n]+\s*/g, ' ');
  process.stderr.write(`anaf-postman: ${line}\n`);
  if (process.env.ANAF_POSTMAN_DEBUG) {
    for (const [depth, e] of causeChain(err).entries()) {
      const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
      process.stderr.write(`${depth === 0 ? '' : 'caused by: '}${text}\n`);
    }
  }
  return known ? err.exitCode : ExitCode.internal;
}

/** Why the output could not be written (a full disk, a broken terminal), once it happened. */
let outputLost: string | undefined;

/**
 * A closed pipe (`… | head`) ends the output quietly instead of with a stack trace. Any other
 * write error (ENOSPC under a redirect to a full disk) must not replace the command's own outcome
 * (exit 5 with a recovery file becoming exit 1): the output is dropped and the exit code kept.
 */
function guardOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const onError = (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      outputLost ??= err.code ?? err.message;
    };
    stream.on('error', onError);
    // A file or a device is written synchronously: its error is thrown by write() itself.
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((...args: unknown[]) => {
      if (outputLost !== undefined) return false;
      try {
        return write(...args);
      } catch (err) {
        onError(err as NodeJS.ErrnoException);
        return false;
      }
    }) as typeof stream.write;
  }
}

/**
 * A single-value flag given twice would reach a command as an array: refuse it by name. Flags a
 * command declares `array: true` (and their aliases) may repeat.
 */
function refuseRepeatedFlags(argv: Record<string, unknown>, parser: Argv): void {
  // getOptions() is public at run time but missing from @types/yargs 17.
  const options = (
    parser as unknown as { getOptions(): { array: string[]; alias: Record<string, string[]> } }
  ).getOptions();
  const repeatable = new Set([
    '_',
    ...options.array.flatMap((name) => [name, ...(options.alias[name] ?? [])]),
  ]);
  // `alias` maps each declared (long) name to its short aliases.
  const declared = (key: string) =>
    Object.entries(options.alias).find(([, aliases]) => aliases.includes(key))?.[0] ?? key;
  for (const [key, value] of Object.entries(argv)) {
    // yargs also gives each dashed flag a camelCase twin: name the flag as it was declared.
    if (Array.isArray(value) && !repeatable.has(key) && !/[A-Z]/.test(key)) {
      throw new AnafPostmanError(
        'USAGE',
        `--${declared(key)} was given more than once; give it once (see --help)`,
      );
    }
  }
}

/**
 * The flags of the command being parsed, recorded before yargs validates: yargs checks required
 * flags before unknown ones, so `--env FILE` would otherwise read "Missing required argument".
 */
let knownFlags: KnownFlags | undefined;

function recordKnownFlags(_argv: unknown, parser: Argv): void {
  // getOptions() is public at run time but missing from @types/yargs 17.
  const options = (
    parser as unknown as { getOptions(): { key: Record<string, unknown>; boolean: string[] } }
  ).getOptions();
  knownFlags = { names: Object.keys(options.key), booleans: options.boolean };
}

/** Builds the yargs parser with every command. */
function buildCli(argv: string[]): Argv {
  const yargs = require('yargs/yargs') as (args: string[]) => Argv;
  let cli = yargs(argv)
    .scriptName('anaf-postman')
    .usage(
      '$0 <command> [options]\n\nPostman collections, a Newman harness and an offline mock for ANAF OAuth 2.0.',
    )
    .epilog(
      'Exit codes: 0 ok, 1 assertions failed or files stale, 2 bad input, 3 authorization needed ' +
        '(authorize again with the certificate), 4 ANAF or network unavailable, 5 new tokens not saved in the ' +
        'file (see the recovery file named), 70 internal error, ' +
        '130 interrupted (work under way saved first).',
    )
    .strict()
    .middleware(recordKnownFlags as unknown as Parameters<Argv['middleware']>[0], true)
    .middleware(refuseRepeatedFlags as unknown as Parameters<Argv['middleware']>[0])
    .demandCommand(1, 'name a command (see --help)')
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg: string | undefined, err: Error | undefined) => {
      if (err) throw err;
      const unknown = msg ? unknownMessage(msg, argv, COMMANDS, knownFlags) : undefined;
      throw new AnafPostmanError('USAGE', unknown ?? (msg?.includes('--help') ? msg : `${msg} (see --help)`));
    });
  for (const name of COMMANDS) {
    cli = cli.command((require(`./${name}`) as { command: CommandModule }).command);
  }
  return cli;
}

/** Runs the CLI with `argv` (without `node` and the script) and sets `process.exitCode`. */
export async function main(argv: string[]): Promise<void> {
  guardOutput();
  try {
    await buildCli(argv).parseAsync();
  } catch (err) {
    process.exitCode = failure(err);
  }
  // Work done but its report lost is not success: exit 70 rather than 0 (a failure keeps its code).
  if (outputLost !== undefined && !process.exitCode) process.exitCode = ExitCode.internal;
}
