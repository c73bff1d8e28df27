/**
 * The Bruno export: the same requests, environments and script behaviour as the Postman
 * collection, as a folder Bruno opens and `bru run` runs: OpenCollection YAML (Bruno's default for
 * new collections) or, with `brunoFormat: 'bru'`, the `.bru` language of older Bruno collections.
 */
import { STAGES } from '../generate/environment';
import { generatorValues } from '../generate/generator-values';
import type { GeneratedFile } from '../generate';
import { resolveOptions, type GenerateOptions, type ResolvedOptions } from '../generate/options';
import type { EndpointSpec } from '../anaf';
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

/** How one file format writes each piece of the collection; the layout is the same for both. */
interface FormatWriter {
  ext: 'bru' | 'yml';
  /** The collection's own files (names relative to its folder) and their text. */
  root(resolved: ResolvedOptions, lang: Lang): [name: string, text: string][];
  folder(resolved: ResolvedOptions, lang: Lang, folderId: string, seq: number): string;
  requestName(endpoint: EndpointSpec): string;
  request(endpoint: EndpointSpec, seq: number, lang: Lang, clientAuth: ResolvedOptions['clientAuth']): string;
  environment(resolved: ResolvedOptions, stage: (typeof STAGES)[number]): string;
}

const WRITERS: Record<BrunoFormat, FormatWriter> = {
  bru: {
    ext: 'bru',
    root: (resolved, lang) => [
      ['bruno.json', brunoJson(resolved, lang)],
      ['collection.bru', collectionFile(resolved, lang)],
    ],
    folder: folderFile,
    requestName: requestFileName,
    request: requestFile,
    environment: environmentFile,
  },
  yaml: {
    ext: 'yml',
    root: (resolved, lang) => [['opencollection.yml', openCollectionFile(resolved, lang)]],
    folder: folderYml,
    requestName: requestYmlName,
    request: requestYml,
    environment: environmentYml,
  },
};

function collectionFiles(
  writer: FormatWriter,
  resolved: ResolvedOptions,
  lang: Lang,
  dir: string,
): GeneratedFile[] {
  const files: GeneratedFile[] = writer
    .root(resolved, lang)
    .map(([name, text]) => ({ relativePath: `${dir}/${name}`, text }));
  chosenFolders(resolved).forEach((folder, i) => {
    files.push({
      relativePath: `${dir}/${folder.id}/folder.${writer.ext}`,
      text: writer.folder(resolved, lang, folder.id, i + 1),
    });
    folder.endpoints.forEach((endpoint, j) => {
      files.push({
        relativePath: `${dir}/${folder.id}/${writer.requestName(endpoint)}`,
        text: writer.request(endpoint, j + 1, lang, resolved.clientAuth),
      });
    });
  });
  for (const stage of STAGES) {
    files.push({
      relativePath: `${dir}/environments/${stage}.${writer.ext}`,
      text: writer.environment(resolved, stage),
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
  return resolved.langs.flatMap((lang) =>
    collectionFiles(WRITERS[format], resolved, lang, brunoCollectionDir(lang)),
  );
}
