/** Finds, compiles and caches the templates under `templates/`. */
import fs from 'node:fs';
import path from 'node:path';
import { packagePath } from '../paths';
import { createEngine, type Lang } from './engine';

type Compiled = (context: object) => string;

const hb = createEngine();
const cache = new Map<string, Compiled | null>();
let partialsLoaded = false;

function templatesDir(...parts: string[]): string {
  return packagePath('templates', ...parts);
}

function compileFile(file: string): Compiled | null {
  const cached = cache.get(file);
  if (cached !== undefined) return cached;
  const compiled = fs.existsSync(file)
    ? hb.compile(fs.readFileSync(file, 'utf8'), { noEscape: true, strict: false })
    : null;
  cache.set(file, compiled);
  return compiled;
}

/**
 * Registers every description as a partial named `LANG/ID` and every script partial (files
 * starting with `_`) by its bare name, so scripts, descriptions and the guide share them.
 */
function loadPartials(): void {
  if (partialsLoaded) return;
  for (const lang of fs.readdirSync(templatesDir('descriptions'))) {
    for (const file of fs.readdirSync(templatesDir('descriptions', lang))) {
      const name = `${lang}/${file.replace(/\.md\.hbs$/, '')}`;
      hb.registerPartial(name, fs.readFileSync(templatesDir('descriptions', lang, file), 'utf8'));
    }
  }
  for (const file of fs.readdirSync(templatesDir('scripts'))) {
    if (file.startsWith('_')) {
      hb.registerPartial(
        file.replace(/\.js\.hbs$/, ''),
        fs.readFileSync(templatesDir('scripts', file), 'utf8'),
      );
    }
  }
  partialsLoaded = true;
}

/** Renders `templates/scripts/NAME.js.hbs`, or returns undefined when there is no such script. */
export function renderScript(name: string, context: object): string | undefined {
  loadPartials();
  return compileFile(templatesDir('scripts', `${name}.js.hbs`))?.(context);
}

/** Renders the description of item `id` in `lang`; throws when the partial is missing. */
export function renderDescription(lang: Lang, id: string, context: object): string {
  loadPartials();
  const file = templatesDir('descriptions', lang, `${id}.md.hbs`);
  const compiled = compileFile(file);
  if (!compiled) throw new Error(`missing description template ${path.relative(packagePath(), file)}`);
  return compiled(context).trim();
}

/** Renders any template file below `templates/` (the guide). */
export function renderTemplate(relativePath: string, context: object): string {
  loadPartials();
  const compiled = compileFile(templatesDir(relativePath));
  if (!compiled) throw new Error(`missing template templates/${relativePath}`);
  return compiled(context);
}

/** Translated strings of `templates/i18n/LANG.json`. */
export function strings(lang: Lang): Record<string, string> {
  return JSON.parse(fs.readFileSync(templatesDir('i18n', `${lang}.json`), 'utf8')) as Record<string, string>;
}
