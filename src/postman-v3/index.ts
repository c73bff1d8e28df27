/**
 * The Postman collection in Postman's collection format v3 (`generate --format postman-v3`): the
 * format the Postman app keeps in Git, a folder of YAML files per collection, one file per request.
 * The same requests, scripts, descriptions, variables and auth as the v2.1 JSON collection, built
 * from the same objects; the environments stay the JSON files of `environments/`, which the Postman
 * CLI (`postman collection run <folder> -e …`) and the app read.
 */
import { buildCollection } from '../generate/collection';
import type { GeneratedFile } from '../generate';
import { resolveOptions, type GenerateOptions } from '../generate/options';
import type { Lang } from '../templates/engine';
import { v3Files } from './collection';

/** Folder of a language's v3 collection, below the output folder (English is unsuffixed). */
export function postmanV3CollectionDir(lang: Lang): string {
  return lang === 'en' ? 'postman-v3/anaf' : `postman-v3/anaf.${lang}`;
}

/**
 * The files of one v3 collection per language. Nothing is written; the same options always give
 * identical text.
 * @throws AnafPostmanError `USAGE` for options `generate` refuses.
 */
export function generatePostmanV3(options: GenerateOptions = {}): GeneratedFile[] {
  const resolved = resolveOptions({ ...options, format: undefined });
  return resolved.langs.flatMap((lang) => {
    const dir = postmanV3CollectionDir(lang);
    return v3Files(buildCollection(resolved, lang)).map((f) => ({
      relativePath: `${dir}/${f.path}`,
      text: f.text,
    }));
  });
}
