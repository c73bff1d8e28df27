/**
 * The guide's own Handlebars environment, used when a writer overrides templates (`templates`) or
 * when `--check` must name the template a hand-edited line came from. The package's templates are
 * compiled from source, then the writer's files replace them by path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { optionError } from '../errors';
import { installHelpers, type HandlebarsEnv } from '../templates/engine';
import { COMPILE_OPTIONS, partialName, readTemplateSources } from '../templates/sources';

/** Renders a template below `templates/` (`docs/guide.en.md.hbs`) with a context. */
export type Render = (relativePath: string, context: object) => string;

/** Marks put around each partial's output when rendering for attribution; never in a written guide. */
export const MARK = { open: '\u0001', close: '\u0002', end: '\u0003' } as const;

/** Where each template came from: `templates/…` in the package, or the writer's file. */
export type Origins = Map<string, string>;

function overrideFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return overrideFiles(dir, rel);
    return entry.name.endsWith('.hbs') ? [rel] : [];
  });
}

/**
 * A renderer over the package's templates with `overrides` (a folder, by the same relative paths)
 * replacing them. With `mark`, every partial's output is wrapped in {@link MARK} characters naming
 * its origin. @throws AnafPostmanError `USAGE` for an override that replaces nothing or does not compile.
 */
export function createRenderer(overrides?: string, mark = false): { render: Render; origins: Origins } {
  const hb = installHelpers((require('handlebars') as HandlebarsEnv).create());
  const sources = new Map(readTemplateSources().map((t) => [t.rel, t.source]));
  const origins: Origins = new Map([...sources.keys()].map((rel) => [rel, `templates/${rel}`]));
  if (overrides) {
    for (const rel of overrideFiles(overrides)) {
      if (!sources.has(rel)) {
        const known = [...sources.keys()].filter(
          (k) => k.startsWith('docs/') || k.startsWith('descriptions/'),
        );
        throw optionError(
          'USAGE',
          'templates',
          `${rel} replaces no template of the package (e.g. ${known.slice(0, 3).join(', ')})`,
        );
      }
      sources.set(rel, fs.readFileSync(path.join(overrides, rel), 'utf8'));
      origins.set(rel, path.join(overrides, rel));
    }
  }
  const compiled = new Map<string, (ctx: object, options?: object) => string>();
  for (const [rel, source] of sources) {
    let fn: (ctx: object, options?: object) => string;
    try {
      fn = hb.compile(source, COMPILE_OPTIONS);
      hb.precompile(source, COMPILE_OPTIONS); // compiles now, so a syntax error names its file
    } catch (err) {
      throw optionError(
        'USAGE',
        'templates',
        `${origins.get(rel)} does not compile: ${(err as Error).message.split('\n')[0]}`,
      );
    }
    compiled.set(rel, fn);
    const name = partialName(rel);
    if (!name) continue;
    const origin = origins.get(rel) ?? rel;
    hb.registerPartial(
      name,
      (mark
        ? (ctx: object, options?: object) =>
            `${MARK.open}${origin}${MARK.close}${fn(ctx, options)}${MARK.end}`
        : fn) as never,
    );
  }
  const render: Render = (rel, context) => {
    const fn = compiled.get(rel);
    if (!fn) throw new Error(`missing template templates/${rel}`);
    const text = fn(context);
    return mark ? `${MARK.open}${origins.get(rel) ?? rel}${MARK.close}${text}${MARK.end}` : text;
  };
  return { render, origins };
}
