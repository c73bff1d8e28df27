/** `anaf-postman generate`: writes (or checks) the collections and environments, and the OpenAPI document. */
import type { CommandModule } from 'yargs';

interface GenerateArgs {
  format?: string;
  'bruno-format'?: string;
  out?: string;
  services?: string;
  lang?: string;
  'client-auth'?: string;
  'redirect-uri'?: string;
  'client-id'?: string;
  check?: boolean;
  environments?: boolean;
  'overwrite-environments'?: boolean;
}

export const command: CommandModule<object, GenerateArgs> = {
  command: 'generate',
  describe:
    'Write the Postman collection(s) and the prod, test and mock environments (or the OpenAPI document)',
  builder: (y) =>
    y
      .option('format', {
        type: 'string',
        describe:
          'What to write, comma-separated: postman (collections/, environments/), openapi (openapi/), bruno ' +
          "(bruno/), postman-v3 (postman-v3/: Postman's collection format v3, YAML, as Postman keeps it in Git)",
        default: 'postman',
      })
      .option('bruno-format', {
        type: 'string',
        describe:
          "Files of the Bruno collection: yaml (OpenCollection YAML, Bruno's default) or bru (the .bru language)",
        default: 'yaml',
      })
      .option('out', {
        type: 'string',
        describe: 'Output folder (collections/ and environments/ inside); default: the current folder',
      })
      .option('services', {
        type: 'string',
        describe: 'Services, comma-separated: efactura,etransport (default both)',
      })
      .option('lang', {
        type: 'string',
        describe: 'Collection languages, comma-separated: en,ro (default both)',
      })
      .option('client-auth', {
        type: 'string',
        describe: 'Client authentication at the token endpoint: basic | body',
        default: 'basic',
      })
      .option('redirect-uri', {
        type: 'string',
        describe: "Callback URL registered on ANAF (default Postman's callback)",
      })
      .option('client-id', {
        type: 'string',
        describe: 'Client id to fill into the prod and test environments',
      })
      .option('check', {
        type: 'boolean',
        describe: 'Write nothing; exit 1 naming each file that differs from what would be generated',
      })
      .option('overwrite-environments', {
        type: 'boolean',
        describe:
          'Replace environment files even when they hold values generate did not write (tokens, a secret, ' +
          'a client id, a cif); without it such a file stops generate (exit 2) before anything is written',
      })
      .option('environments', {
        type: 'boolean',
        default: true,
        describe:
          'Write the environment files; --no-environments leaves them as they are and writes (or checks) the rest',
      })
      .example('$0 generate', 'write collections/ and environments/ into the current folder')
      .example('$0 generate --format postman,openapi', 'also write openapi/anaf.openapi.json and .yaml')
      .example('$0 generate --format bruno', 'write the Bruno collection into bruno/ (bru run --env mock)')
      .example('$0 generate --format bruno --bruno-format bru', 'the Bruno collection as .bru files')
      .example(
        '$0 generate --format postman-v3',
        'write postman-v3/anaf/ (postman collection run postman-v3/anaf)',
      )
      .example('$0 generate --out ./postman --services efactura --lang ro --client-id ABC', 'your own set')
      .example('$0 generate --no-environments', 'update the collections, keep your filled-in environments')
      .epilog(
        'An environment file that already holds a value generate does not write (tokens saved by login, a ' +
          'client secret, a client id or cif typed in, a variable of your own) is never replaced: generate ' +
          'stops with exit 2 before writing any file, naming it. Keep it with --no-environments, or replace ' +
          'it with --overwrite-environments. A file holding only what generate writes, or empty values, is ' +
          'regenerated. Values from --client-id, --redirect-uri and --client-auth count as generated only ' +
          'while the same flag is given again.',
      ),
  handler: async (args) => {
    const { generate, generatedFiles, isEnvironmentFile } = await import('../generate');
    const { AnafPostmanError } = await import('../errors');
    const { filledForCli } = await import('./filled-environments');
    if (args.environments === false && args['overwrite-environments']) {
      throw new AnafPostmanError(
        'USAGE',
        '--no-environments and --overwrite-environments exclude each other: give one',
      );
    }
    const { resolveOutDir } = await import('./out-dir');
    const { writeOrCheck } = await import('./write-or-check');
    const options = {
      services: args.services,
      langs: args.lang,
      clientAuth: args['client-auth'],
      redirectUri: args['redirect-uri'],
      clientId: args['client-id'],
    };
    // Bruno and v3 files come from their own generators (they build on src/generate, not the reverse).
    const requested = String(args.format ?? 'postman')
      .split(',')
      .map((f) => f.trim().toLowerCase());
    const own = ['bruno', 'postman-v3'];
    const bruno = requested.includes('bruno');
    const v3 = requested.includes('postman-v3');
    const others = requested.filter((f) => !own.includes(f)).join(',');
    const files = [];
    if ((!bruno && !v3) || others !== '')
      files.push(...generatedFiles(generate({ ...options, format: bruno || v3 ? others : args.format })));
    if (bruno) {
      const { generateBruno } = await import('../bruno');
      files.push(...generateBruno({ ...options, brunoFormat: args['bruno-format'] }));
    }
    if (v3) files.push(...(await import('../postman-v3')).generatePostmanV3(options));
    const outDir = resolveOutDir(args.out);
    const chosen = args.environments === false ? files.filter((f) => !isEnvironmentFile(f)) : files;
    const brunoFlag =
      bruno && args['bruno-format'] !== undefined && args['bruno-format'] !== 'yaml'
        ? ` --bruno-format ${args['bruno-format']}`
        : '';
    const command = args.format === 'postman' ? 'generate' : `generate --format ${args.format}${brunoFlag}`;
    try {
      await writeOrCheck(outDir, chosen, {
        check: args.check,
        what: 'generated files',
        command: args.environments === false ? `${command} --no-environments` : command,
        overwriteEnvironments: args['overwrite-environments'],
      });
    } catch (err) {
      throw filledForCli(err, outDir);
    }
  },
};
