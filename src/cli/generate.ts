/** `anaf-postman generate`: writes (or checks) the collections and environments. */
import type { CommandModule } from 'yargs';

interface GenerateArgs {
  out?: string;
  services?: string;
  lang?: string;
  'client-auth'?: string;
  'redirect-uri'?: string;
  'client-id'?: string;
  check?: boolean;
  format?: string;
}

export const command: CommandModule<object, GenerateArgs> = {
  command: 'generate',
  describe: 'Write the Postman collection(s) and the prod, test and mock environments',
  builder: (y) =>
    y
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
      .option('format', {
        type: 'string',
        describe: 'What to write: postman (collections/, environments/) | bruno (bruno/, a Bruno collection)',
        choices: ['postman', 'bruno'],
        default: 'postman',
      })
      .option('check', {
        type: 'boolean',
        describe: 'Write nothing; exit 1 naming each file that differs from what would be generated',
      })
      .example('$0 generate', 'write collections/ and environments/ into the current folder')
      .example('$0 generate --format bruno', 'write the Bruno collection into bruno/ (bru run --env mock)')
      .example('$0 generate --out ./postman --services efactura --lang ro --client-id ABC', 'your own set'),
  handler: async (args) => {
    const { generate, generatedFiles } = await import('../generate');
    const { resolveOutDir } = await import('./out-dir');
    const { writeOrCheck } = await import('./write-or-check');
    const options = {
      services: args.services,
      langs: args.lang,
      clientAuth: args['client-auth'],
      redirectUri: args['redirect-uri'],
      clientId: args['client-id'],
    };
    const files =
      args.format === 'bruno'
        ? (await import('../bruno')).generateBruno(options)
        : generatedFiles(generate(options));
    await writeOrCheck(resolveOutDir(args.out), files, {
      check: args.check,
      what: 'generated files',
      command: args.format === 'bruno' ? 'generate --format bruno' : 'generate',
    });
  },
};
