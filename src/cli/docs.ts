/** `anaf-postman docs`: writes (or checks) the step-by-step guide, in English and Romanian. */
import type { CommandModule } from 'yargs';

interface DocsArgs {
  lang?: string;
  out?: string;
  'client-id'?: string;
  'redirect-uri'?: string;
  stage?: string;
  templates?: string;
  'link-base'?: string;
  'product-name'?: string;
  check?: boolean;
}

export const command: CommandModule<object, DocsArgs> = {
  command: 'docs',
  describe:
    'Write the step-by-step guide (guide.md, guide.ro.md) into the current folder (or --out) with your values filled in',
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
      .option('stage', {
        type: 'string',
        describe: 'Whose URLs the guide shows: prod (default), test or mock',
      })
      .option('templates', {
        type: 'string',
        describe:
          "Folder of your own templates replacing the package's by path below templates/ (e.g. docs/_quickstart_en.md.hbs)",
      })
      .option('link-base', {
        type: 'string',
        describe:
          'https URL where the collections, environments, samples and openapi/ are published; links start with it',
      })
      .option('product-name', {
        type: 'string',
        describe: "Product name in the guide's title and quickstart (default anaf-postman)",
      })
      .option('check', {
        type: 'boolean',
        describe: 'Write nothing; exit 1 naming each guide that differs from what would be generated',
      })
      .example('$0 docs', 'write guide.md and guide.ro.md into the current folder')
      .example(
        '$0 docs --out ./handbook --lang ro --client-id 0a1b2c3d',
        'a Romanian guide with your client id',
      )
      .example(
        '$0 docs --out site --stage mock --link-base https://example.com/anaf-postman --templates my-templates',
        'a guide for the mock, with absolute links and your own partials',
      ),
  handler: async (args) => {
    const path = await import('node:path');
    const fs = await import('node:fs');
    const { renderGuides, guideFiles, changedTemplate, otherValues } = await import('../docs');
    const { shellWord } = await import('../docs/shell');
    const { AnafPostmanError } = await import('../errors');
    const { checkTargets, staleFiles } = await import('../generate/write');
    const { resolveOutDir, shownPath } = await import('./out-dir');
    const { writeOrCheck } = await import('./write-or-check');
    const outDir = resolveOutDir(args.out);
    const options = {
      langs: args.lang,
      clientId: args['client-id'],
      redirectUri: args['redirect-uri'],
      stage: args.stage,
      templates: args.templates,
      linkBase: args['link-base'],
      productName: args['product-name'],
      // The guide links to the collection where `generate` puts it by default: the current folder.
      linkRoot: path.relative(outDir, process.cwd()) || '.',
    };
    const files = guideFiles(renderGuides(options));
    // The command that writes these guides again, every value given included (#27).
    const given: [string, string | undefined][] = [
      ['--lang', args.lang],
      ['--client-id', args['client-id']],
      ['--redirect-uri', args['redirect-uri']],
      ['--stage', args.stage],
      ['--templates', args.templates],
      ['--link-base', args['link-base']],
      ['--product-name', args['product-name']],
    ];
    const rerun = [
      'anaf-postman docs',
      '--out',
      shellWord([{ text: shownPath(outDir) }]),
      ...given.flatMap(([flag, value]) => (value === undefined ? [] : [flag, shellWord([{ text: value }])])),
    ].join(' ');
    if (args.check) {
      checkTargets(outDir, files); // a guide path that is a folder: exit 2 before anything is read
      const existing = staleFiles(outDir, files).filter((rel) => fs.existsSync(path.join(outDir, rel)));
      const texts = existing.map((rel) => ({ rel, text: fs.readFileSync(path.join(outDir, rel), 'utf8') }));
      // A guide written with other values (--client-id …): say so, not that a template changed.
      const differing = texts.find(({ text }) => otherValues(options, text));
      const values = differing && otherValues(options, differing.text);
      if (differing && values) {
        throw new AnafPostmanError(
          'STALE',
          `stale guide: ${shownPath(path.join(outDir, differing.rel))} was written with other values ` +
            `(${values.was}), not these (${values.now}); to write it with these, run: ${rerun}`,
        );
      }
      // A guide edited by hand: name the template whose output was changed, not just the file.
      const edited = texts.map(({ rel, text }) => {
        const template = changedTemplate(options, rel, text);
        return `${shownPath(path.join(outDir, rel))}${template ? ` (edit ${template} instead)` : ''}`;
      });
      if (edited.length > 0) {
        throw new AnafPostmanError('STALE', `stale guide: ${edited.join(', ')}; then run: ${rerun}`);
      }
    }
    await writeOrCheck(outDir, files, { check: args.check, what: 'guide', command: 'docs', rerun });
  },
};
