/** The generator: options → collections and environments, as objects and as file texts. */
import type { Stage } from '../anaf';
import type { Lang } from '../templates/engine';
import { buildCollection } from './collection';
import { buildEnvironment, STAGES } from './environment';
import { resolveOptions, type GenerateOptions, type ResolvedOptions } from './options';
import type { PostmanCollection, PostmanEnvironment } from './types';

export type { GenerateOptions, ResolvedOptions } from './options';
export * from './types';

/** What {@link generate} returns: nothing is written. */
export interface GenerateResult {
  options: ResolvedOptions;
  collections: { lang: Lang; fileName: string; collection: PostmanCollection }[];
  environments: { stage: Stage; fileName: string; environment: PostmanEnvironment }[];
}

/** A generated file, relative to the output folder, with its exact text. */
export interface GeneratedFile {
  relativePath: string;
  text: string;
}

/** `collections/` file name of a language (English is the unsuffixed default). */
export function collectionFileName(lang: Lang): string {
  return lang === 'en' ? 'anaf.postman_collection.json' : `anaf.${lang}.postman_collection.json`;
}

/** `environments/` file name of a stage. */
export function environmentFileName(stage: Stage): string {
  return `anaf-${stage}.postman_environment.json`;
}

/**
 * Builds the Postman collections (one per language) and the prod, test and mock environments.
 * The same options always give identical output.
 * @throws AnafPostmanError `USAGE` for an unknown service or language, a bad redirect URI or client auth.
 */
export function generate(options: GenerateOptions = {}): GenerateResult {
  const resolved = resolveOptions(options);
  return {
    options: resolved,
    collections: resolved.langs.map((lang) => ({
      lang,
      fileName: collectionFileName(lang),
      collection: buildCollection(resolved, lang),
    })),
    environments: STAGES.map((stage) => ({
      stage,
      fileName: environmentFileName(stage),
      environment: buildEnvironment(resolved, stage),
    })),
  };
}

/** The files of a result, with the exact text to write (2-space JSON and a final newline). */
export function generatedFiles(result: GenerateResult): GeneratedFile[] {
  const text = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return [
    ...result.collections.map((c) => ({
      relativePath: `collections/${c.fileName}`,
      text: text(c.collection),
    })),
    ...result.environments.map((e) => ({
      relativePath: `environments/${e.fileName}`,
      text: text(e.environment),
    })),
  ];
}
