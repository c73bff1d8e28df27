/** The template files under `templates/`, with a hash of each so precompiled copies can be trusted. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { packagePath } from '../paths';

/** One template: its path below `templates/`, its text and the text's hash. */
export interface TemplateSource {
  rel: string;
  source: string;
  hash: string;
}

function walk(dir: string, prefix: string, out: string[]): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) walk(path.join(dir, entry.name), rel, out);
    else if (entry.name.endsWith('.hbs')) out.push(rel);
  }
  return out;
}

/** Every `*.hbs` below `templates/`, sorted. */
export function readTemplateSources(): TemplateSource[] {
  return walk(packagePath('templates'), '', [])
    .sort()
    .map((rel) => {
      const source = fs.readFileSync(packagePath('templates', rel), 'utf8');
      return { rel, source, hash: createHash('sha1').update(source).digest('hex') };
    });
}

/**
 * The partial name of a template, or undefined: descriptions are `LANG/ID`, and any file whose
 * name starts with `_` is its bare name (`_tokenStore`), so scripts, descriptions and the guide
 * share them.
 */
export function partialName(rel: string): string | undefined {
  const base = rel.slice(rel.lastIndexOf('/') + 1).replace(/\.[a-z]+\.hbs$/, '');
  const lang = /^descriptions\/([^/]+)\/[^/]+$/.exec(rel)?.[1];
  if (lang !== undefined) return `${lang}/${base}`;
  return base.startsWith('_') ? base : undefined;
}

/** Handlebars options every template is compiled with (Markdown and JS: no HTML escaping). */
export const COMPILE_OPTIONS = { noEscape: true } as const;
