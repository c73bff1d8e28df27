/** Options → one Postman collection per language. */
import {
  environmentVariables,
  foldersFor,
  serviceFolders,
  REQUIRED_VARS,
  SECRET_VARS,
  VAR_DESCRIPTIONS,
  type VarName,
} from '../anaf';
import { AnafPostmanError } from '../errors';
import { renderDescription, strings } from '../templates/registry';
import type { Lang } from '../templates/engine';
import { collectionAuth } from './auth';
import { stableId } from './ids';
import { requestItem } from './items';
import type { ResolvedOptions } from './options';
import { collectionEvents } from './scripts';
import { COLLECTION_SCHEMA_URL, type PostmanCollection, type PostmanCollectionVariable } from './types';

/** Every variable of the environments, the ones a user must fill in first, with its description. */
export function describedVariables(lang: Lang): { name: VarName; description: string; required: boolean }[] {
  const all = environmentVariables('prod', { clientAuth: 'basic' }).map((v) => v.key);
  const ordered = [...REQUIRED_VARS, ...all.filter((name) => !REQUIRED_VARS.includes(name))];
  return ordered.map((name) => ({
    name,
    description: VAR_DESCRIPTIONS[name][lang],
    required: REQUIRED_VARS.includes(name),
  }));
}

/**
 * The collection's variables: empty (values belong in an environment, which overrides them) and
 * there only so that Postman's Variables tab explains each one.
 */
function collectionVariables(lang: Lang): PostmanCollectionVariable[] {
  // No secret: a collection is shared and exported whole, so a user must not be invited to type one here.
  return describedVariables(lang)
    .filter((v) => !SECRET_VARS.includes(v.name))
    .map((v) => ({
      key: v.name,
      value: '',
      type: 'string',
      description: v.description,
    }));
}

/** Builds the collection in `lang` for already validated options. */
export function buildCollection(options: ResolvedOptions, lang: Lang): PostmanCollection {
  const ctx = {
    values: {},
    clientAuth: options.clientAuth,
    services: options.services,
    variables: describedVariables(lang),
  };
  const folders = foldersFor(options.services);
  const { collectionName, serviceJoin } = strings(lang);
  if (collectionName === undefined || serviceJoin === undefined) {
    throw new AnafPostmanError('INTERNAL', `templates/i18n/${lang}.json lacks collectionName or serviceJoin`);
  }
  const serviceNames = serviceFolders(folders).map((f) => f.name);
  return {
    info: {
      _postman_id: stableId('collection', lang, ...options.services),
      name: collectionName.replace('{services}', serviceNames.join(serviceJoin)),
      description: renderDescription(lang, 'collection', ctx),
      schema: COLLECTION_SCHEMA_URL,
    },
    auth: collectionAuth(options.clientAuth, options.redirectUri),
    event: collectionEvents(lang),
    item: folders.map((folder) => ({
      id: stableId('folder', folder.id),
      name: folder.name,
      description: renderDescription(lang, `folder.${folder.id}`, ctx),
      item: folder.endpoints.map((e) => requestItem(e, lang, options.clientAuth)),
    })),
    variable: collectionVariables(lang),
  };
}
