/**
 * The Bruno export: the same requests, environments and script behaviour as the Postman
 * collection, as a folder of `.bru` files that `bru run` and the Bruno app read.
 */
import { STAGES } from '../generate/environment';
import { generatorValues } from '../generate/generator-values';
import type { GeneratedFile } from '../generate';
import { resolveOptions, type GenerateOptions } from '../generate/options';
import type { Lang } from '../templates/engine';
import { brunoJson, chosenFolders, collectionFile, folderFile } from './collection';
import { environmentFile } from './environment';
import { requestFile, requestFileName } from './request';

/** Folder of a language's Bruno collection, below the output folder (English is unsuffixed). */
export function brunoCollectionDir(lang: Lang): string {
  return lang === 'en' ? 'bruno/anaf' : `bruno/anaf.${lang}`;
}

/**
 * The files of one Bruno collection per language: `bruno.json`, `collection.bru`, a folder per
 * service with one `.bru` per request, and `environments/{prod,test,mock}.bru`. Nothing is written;
 * the same options always give identical text.
 * @throws AnafPostmanError `USAGE` for options `generate` refuses.
 */
export function generateBruno(options: GenerateOptions = {}): GeneratedFile[] {
  const resolved = resolveOptions(options);
  return resolved.langs.flatMap((lang) => {
    const dir = brunoCollectionDir(lang);
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
  });
}
