/** `anaf-postman docs`: writes (or checks) the step-by-step guide, in English and Romanian. */
import type { CommandModule } from 'yargs';

interface DocsArgs {
  lang?: string;
  out?: string;
  'client-id'?: string;
  'redirect-uri'?: string;
  check?: boolean;
}

export const command: CommandModule<object, DocsArgs> = {
  command: 'docs',
  describe: 'Write the step-by-step guide (docs/guide.md, docs/guide.ro.md) with your values filled in',
  builder: (y) =>
    y
      .option('lang', {
        type: 'string',
        describe: 'Guide languages, comma-separated: en,ro (default both)',
      })
      .option('out', {
        type: 'string',
        describe: 'Output folder for guide.md / guide.ro.md; default: the current folder',
      })
      .option('client-id', {
        type: 'string',
        describe: 'Your client id, shown in the authorize URL and the curl commands (default YOUR_CLIENT_ID)',
      })
      .option('redirect-uri', {
        type: 'string',
        describe: "Callback URL registered on ANAF (default Postman's callback)",
      })
      .option('check', {
        type: 'boolean',
        describe: 'Write nothing; exit 1 naming each guide that differs from what would be generated',
      })
      .example('$0 docs', 'write guide.md and guide.ro.md into the current folder')
      .example(
        '$0 docs --out ./handbook --lang ro --client-id 0a1b2c3d',
        'a Romanian guide with your client id',
      ),
  handler: async (args) => {
    const path = await import('node:path');
    const { renderGuides, guideFiles } = await import('../docs');
    const { resolveOutDir } = await import('./out-dir');
    const { writeOrCheck } = await import('./write-or-check');
    const outDir = resolveOutDir(args.out);
    const guides = renderGuides({
      langs: args.lang,
      clientId: args['client-id'],
      redirectUri: args['redirect-uri'],
      // The guide links to the collection where `generate` puts it by default: the current folder.
      linkRoot: path.relative(outDir, process.cwd()) || '.',
    });
    await writeOrCheck(outDir, guideFiles(guides), { check: args.check, what: 'guide', command: 'docs' });
  },
};
