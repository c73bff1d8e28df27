/**
 * `anaf-postman mock-env`: a ready environment for a running mock, tokens included, without a
 * browser (#27: CI against the mock had no documented way to get tokens). It writes the mock
 * environment pointed at the mock, approves the mock's consent page the way its button does (an
 * HTTP POST: only the mock has one; ANAF asks for the certificate), and exchanges the code with
 * `login`, so the tokens are saved exactly as a person's login saves them.
 */
import type { CommandModule } from 'yargs';

interface MockEnvArgs {
  out: string;
  'mock-url': string;
  wait: string;
}

export const command: CommandModule<object, MockEnvArgs> = {
  command: 'mock-env',
  describe:
    'Write an environment for a running mock with tokens in it, approved headlessly (CI: no browser, no certificate)',
  builder: (y) =>
    y
      .option('out', {
        alias: 'o',
        type: 'string',
        demandOption: true,
        describe: 'The environment file to write (a new file, or one mock-env wrote before)',
      })
      .option('mock-url', {
        type: 'string',
        default: 'http://127.0.0.1:3003',
        describe: 'Where the mock listens (anaf-postman mock; loopback only)',
      })
      .option('wait', {
        type: 'string',
        default: '10s',
        describe: 'How long to wait for the mock to answer (it may still be starting): 10s, 1m',
      })
      .epilog(
        'Only for the mock: the URL must be on this machine, and a file that points elsewhere (ANAF) is never ' +
          'overwritten. The file gets the mock’s demo client and a token pair, mode 0600. Exit codes: 0 written; ' +
          '2 bad input; 3 the mock refused the consent or the code; 4 no mock answered within --wait.',
      )
      .example(
        '$0 mock & $0 mock-env --out mock.json && $0 run -e mock.json --reporters cli,junit',
        'CI against the mock',
      ),
  handler: async (args) => {
    const { writeMockEnvironment } = await import('./mock-env-file');
    const { parseDuration } = await import('../duration');
    const waitMs = parseDuration(args.wait, '--wait', { examples: '10s or 1m' });
    const result = await writeMockEnvironment({ file: args.out, mockUrl: args['mock-url'], waitMs });
    process.stdout.write(
      `wrote ${result.shown}: the mock at ${result.origin}, tokens from its consent page approved headlessly ` +
        `(access token expires ${result.accessTokenExpiresAt ?? '(unknown)'})\n`,
    );
  },
};
