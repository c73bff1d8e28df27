/** The generator: options → collections and environments, as objects and as file texts. */
import type { Stage } from '../anaf';
import { buildOpenApi, openApiFiles, type OpenApiDocument } from '../openapi';
import type { Lang } from '../templates/engine';
import { buildCollection } from './collection';
import { buildEnvironment, STAGES } from './environment';
import { generatorValues } from './generator-values';
import { resolveOptions, type GenerateOptions, type ResolvedOptions } from './options';
import type { PostmanCollection, PostmanEnvironment } from './types';

export type { GenerateOptions, OutputFormat, ResolvedOptions } from './options';
export * from './types';

/** What {@link generate} returns: nothing is written. */
export interface GenerateResult {
  options: ResolvedOptions;
  collections: { lang: Lang; fileName: string; collection: PostmanCollection }[];
  environments: { stage: Stage; fileName: string; environment: PostmanEnvironment }[];
  /** The OpenAPI 3.1 document, when `format` includes `openapi`. */
  openapi?: OpenApiDocument;
}

/** A generated file, relative to the output folder, with its exact text. */
export interface GeneratedFile {
  relativePath: string;
  text: string;
  /**
   * Set on environment files only: for each variable, the non-empty values the generator writes
   * (see `generatorValues`). A file already at this path holding any other non-empty value was
   * filled in (a secret, tokens, a client id) and is not replaced unless asked.
   */
  generatorValues?: Record<string, string[]>;
}

/** True for an environment file (Postman or Bruno): the files people fill in. */
export function isEnvironmentFile(file: GeneratedFile): boolean {
  return file.generatorValues !== undefined;
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
 * Builds the Postman collections (one per language) and the prod, test and mock environments, and
 * with `format: 'openapi'` the OpenAPI 3.1 document. The same options always give identical output.
 * @throws AnafPostmanError `USAGE` for an unknown service, language or format, a bad redirect URI or client auth.
 */
export function generate(options: GenerateOptions = {}): GenerateResult {
  const resolved = resolveOptions(options);
  const postman = resolved.formats.includes('postman');
  const openapi = resolved.formats.includes('openapi')
    ? buildOpenApi({ services: resolved.services, redirectUri: resolved.redirectUri })
    : undefined;
  return {
    options: resolved,
    ...(openapi ? { openapi } : {}),
    collections: (postman ? resolved.langs : []).map((lang) => ({
      lang,
      fileName: collectionFileName(lang),
      collection: buildCollection(resolved, lang),
    })),
    environments: (postman ? STAGES : []).map((stage) => ({
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
      generatorValues: generatorValues(result.options, e.stage),
    })),
    ...(result.openapi ? openApiFiles(result.openapi) : []),
  ];
}
