/**
 * The Bruno export: the same requests, environments and script behaviour as the Postman
 * collection, as a folder Bruno opens and `bru run` runs: OpenCollection YAML (Bruno's default for
 * new collections) or, with `brunoFormat: 'bru'`, the `.bru` language of older Bruno collections.
 */
import { STAGES } from '../generate/environment';
import { generatorValues } from '../generate/generator-values';
import type { GeneratedFile } from '../generate';
import { resolveOptions, type GenerateOptions, type ResolvedOptions } from '../generate/options';
import { optionError } from '../errors';
import type { Lang } from '../templates/engine';
import { brunoJson, chosenFolders, collectionFile, folderFile } from './collection';
import { environmentFile } from './environment';
import { environmentYml, folderYml, openCollectionFile, requestYml, requestYmlName } from './opencollection';
import { requestFile, requestFileName } from './request';

/** The file formats of a Bruno collection: OpenCollection YAML, or Bruno's `.bru` language. */
export type BrunoFormat = 'yaml' | 'bru';

/** What {@link generateBruno} accepts: `generate`'s options and the file format. */
export interface BrunoOptions extends GenerateOptions {
  /** `yaml` (default; `yml` is accepted too) or `bru`. */
  brunoFormat?: BrunoFormat | 'yml' | string;
}

/** Folder of a language's Bruno collection, below the output folder (English is unsuffixed). */
export function brunoCollectionDir(lang: Lang): string {
  return lang === 'en' ? 'bruno/anaf' : `bruno/anaf.${lang}`;
}

/** @throws AnafPostmanError `USAGE` about `brunoFormat` for a value other than yaml, yml or bru. */
export function resolveBrunoFormat(value: string | undefined): BrunoFormat {
  const v = (value ?? 'yaml').trim().toLowerCase();
  if (v === 'yaml' || v === 'yml') return 'yaml';
  if (v === 'bru') return 'bru';
  throw optionError('USAGE', 'brunoFormat', `"${value}" is not accepted; use yaml or bru`);
}

function bruFiles(resolved: ResolvedOptions, lang: Lang, dir: string): GeneratedFile[] {
  const files: GeneratedFile[] = [
    { relativePath: `${dir}/bruno.json`, text: brunoJson(resolved, lang) },
    { relativePath: `${dir}/collection.bru`, text: collectionFile(resolved, lang) },
  ];
  chosenFolders(resolved).forEach((folder, i) => {
    files.push({
      relativePath: `${dir}/${folder.id}/folder.bru`,
      text: folderFile(resolved, lang, folder.id, i + 1),
    });
    folder.endpoints.forEach((endpoint, j) => {
      files.push({
        relativePath: `${dir}/${folder.id}/${requestFileName(endpoint)}`,
        text: requestFile(endpoint, j + 1, lang, resolved.clientAuth),
      });
    });
  });
  for (const stage of STAGES) {
    files.push({
      relativePath: `${dir}/environments/${stage}.bru`,
      text: environmentFile(resolved, stage),
      generatorValues: generatorValues(resolved, stage),
    });
  }
  return files;
}

function yamlFiles(resolved: ResolvedOptions, lang: Lang, dir: string): GeneratedFile[] {
  const files: GeneratedFile[] = [
    { relativePath: `${dir}/opencollection.yml`, text: openCollectionFile(resolved, lang) },
  ];
  chosenFolders(resolved).forEach((folder, i) => {
    files.push({
      relativePath: `${dir}/${folder.id}/folder.yml`,
      text: folderYml(resolved, lang, folder.id, i + 1),
    });
    folder.endpoints.forEach((endpoint, j) => {
      files.push({
        relativePath: `${dir}/${folder.id}/${requestYmlName(endpoint)}`,
        text: requestYml(endpoint, j + 1, lang, resolved.clientAuth),
      });
    });
  });
  for (const stage of STAGES) {
    files.push({
      relativePath: `${dir}/environments/${stage}.yml`,
      text: environmentYml(resolved, stage),
      generatorValues: generatorValues(resolved, stage),
    });
  }
  return files;
}

/**
 * The files of one Bruno collection per language: the collection file, a folder per service with
 * one file per request, and `environments/{prod,test,mock}`, as OpenCollection YAML
 * (`opencollection.yml`, `folder.yml`, `*.yml`) or `.bru` (`bruno.json`, `collection.bru`,
 * `folder.bru`, `*.bru`). Nothing is written; the same options always give identical text.
 * @throws AnafPostmanError `USAGE` for options `generate` refuses, or another `brunoFormat`.
 */
export function generateBruno(options: BrunoOptions = {}): GeneratedFile[] {
  const { brunoFormat, ...rest } = options;
  const format = resolveBrunoFormat(brunoFormat);
  const resolved = resolveOptions(rest);
  return resolved.langs.flatMap((lang) => {
    const dir = brunoCollectionDir(lang);
    return format === 'bru' ? bruFiles(resolved, lang, dir) : yamlFiles(resolved, lang, dir);
  });
}
