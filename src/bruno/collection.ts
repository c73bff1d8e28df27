/** The collection's own files: `bruno.json`, `collection.bru` and one `folder.bru` per folder. */
import { FOLDERS, foldersFor, ref, serviceFolders, Var, type FolderSpec } from '../anaf';
import { AnafPostmanError } from '../errors';
import type { ResolvedOptions } from '../generate/options';
import type { Lang } from '../templates/engine';
import { renderDescription, strings } from '../templates/registry';
import { bruFile, dictBlock, textBlock } from './bru';
import { collectionPreRequest } from './scripts';

/** The folders of the chosen services, in collection order. */
export function chosenFolders(options: ResolvedOptions): FolderSpec[] {
  return foldersFor(options.services);
}

/** `bruno.json`: what makes a folder a Bruno collection. */
export function brunoJson(options: ResolvedOptions, lang: Lang): string {
  const { collectionName, serviceJoin } = strings(lang);
  if (collectionName === undefined || serviceJoin === undefined) {
    throw new AnafPostmanError('INTERNAL', `templates/i18n/${lang}.json lacks collectionName or serviceJoin`);
  }
  const names = serviceFolders(chosenFolders(options)).map((f) => f.name);
  const config = {
    version: '1',
    name: collectionName.replace('{services}', names.join(serviceJoin)),
    type: 'collection',
    ignore: ['node_modules', '.git'],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/**
 * `collection.bru`: the bearer every `inherit` request sends, from `{{accessToken}}` (Bruno's CLI
 * runs collection-level OAuth 2.0 only for client-credentials and password grants), and the
 * auto-refresh that keeps that variable fresh.
 */
export function collectionFile(options: ResolvedOptions, lang: Lang): string {
  const ctx = { values: {}, clientAuth: options.clientAuth, services: options.services };
  return bruFile([
    dictBlock('auth', [{ key: 'mode', value: 'bearer' }]),
    dictBlock('auth:bearer', [{ key: 'token', value: ref(Var.accessToken) }]),
    textBlock('script:pre-request', collectionPreRequest(lang)),
    textBlock('docs', renderDescription(lang, 'collection', ctx)),
  ]);
}

/** `folder.bru` of a folder: its name, position and description. */
export function folderFile(options: ResolvedOptions, lang: Lang, folderId: string, seq: number): string {
  const folder = FOLDERS.find((f) => f.id === folderId);
  if (!folder) throw new Error(`bruno: no folder ${folderId} in src/anaf`);
  const ctx = { values: {}, clientAuth: options.clientAuth, services: options.services };
  return bruFile([
    dictBlock('meta', [
      { key: 'name', value: folder.name },
      { key: 'seq', value: String(seq) },
    ]),
    dictBlock('auth', [{ key: 'mode', value: 'inherit' }]),
    textBlock('docs', renderDescription(lang, `folder.${folder.id}`, ctx)),
  ]);
}
