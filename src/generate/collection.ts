/** Options → one Postman collection per language. */
import { FOLDERS } from '../anaf';
import { AnafPostmanError } from '../errors';
import { renderDescription, strings } from '../templates/registry';
import type { Lang } from '../templates/engine';
import { collectionAuth } from './auth';
import { stableId } from './ids';
import { requestItem } from './items';
import type { ResolvedOptions } from './options';
import { collectionEvents } from './scripts';
import { COLLECTION_SCHEMA_URL, type PostmanCollection } from './types';

/** Builds the collection in `lang` for already validated options. */
export function buildCollection(options: ResolvedOptions, lang: Lang): PostmanCollection {
  const ctx = { values: {}, clientAuth: options.clientAuth, services: options.services };
  const folders = FOLDERS.filter((f) => f.id === 'oauth' || options.services.includes(f.id));
  const { collectionName, serviceJoin } = strings(lang);
  if (collectionName === undefined || serviceJoin === undefined) {
    throw new AnafPostmanError('INTERNAL', `templates/i18n/${lang}.json lacks collectionName or serviceJoin`);
  }
  const serviceNames = folders.filter((f) => f.id !== 'oauth').map((f) => f.name);
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
  };
}
