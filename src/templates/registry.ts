/**
 * Loads every template under `templates/` once. When the build's precompiled bundle matches the
 * sources, only Handlebars' runtime is loaded; when a template was edited since (or there is no
 * build), everything is compiled from source, so output always follows the files on disk.
 */
import fs from 'node:fs';
import { packagePath } from '../paths';
import { freshBundle, loadBundle } from './bundle';
import { installHelpers, type HandlebarsEnv, type Lang } from './engine';
import { COMPILE_OPTIONS, partialName, readTemplateSources } from './sources';

type Compiled = (context: object) => string;

let templates: Map<string, Compiled> | undefined;

function load(): Map<string, Compiled> {
  if (templates) return templates;
  const sources = readTemplateSources();
  const bundle = freshBundle(sources, loadBundle());
  const fresh = bundle !== undefined;
  const hb = installHelpers(
    (fresh ? require('handlebars/runtime') : require('handlebars')).create() as HandlebarsEnv,
  );
  templates = new Map();
  for (const t of sources) {
    const precompiled = bundle?.[t.rel];
    // A fresh bundle holds every source (only the runtime is loaded then: nothing could compile).
    if (bundle && !precompiled) throw new Error(`the template bundle lacks ${t.rel}`);
    const fn = (
      precompiled ? hb.template(precompiled.spec as never) : hb.compile(t.source, COMPILE_OPTIONS)
    ) as Compiled;
    templates.set(t.rel, fn);
    const partial = partialName(t.rel);
    if (partial) hb.registerPartial(partial, fn as never);
  }
  return templates;
}

/** Renders `templates/scripts/NAME.js.hbs`, or returns undefined when there is no such script. */
export function renderScript(name: string, context: object): string | undefined {
  return load().get(`scripts/${name}.js.hbs`)?.(context);
}

/** Renders the description of item `id` in `lang`; throws when the template is missing. */
export function renderDescription(lang: Lang, id: string, context: object): string {
  return renderTemplate(`descriptions/${lang}/${id}.md.hbs`, context).trim();
}

/** Renders any template below `templates/` (e.g. `docs/guide.md.hbs`). */
export function renderTemplate(relativePath: string, context: object): string {
  const fn = load().get(relativePath);
  if (!fn) throw new Error(`missing template templates/${relativePath}`);
  return fn(context);
}

/** Translated strings of `templates/i18n/LANG.json`. */
export function strings(lang: Lang): Record<string, string> {
  return JSON.parse(fs.readFileSync(packagePath('templates', 'i18n', `${lang}.json`), 'utf8')) as Record<
    string,
    string
  >;
}
