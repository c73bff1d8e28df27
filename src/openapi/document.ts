/**
 * The whole OpenAPI 3.1 document, assembled from `src/anaf/` in collection order: the same
 * options always give the same document.
 */
import { foldersFor, serviceFolders, type EndpointSpec, type FolderId, type ServiceId } from '../anaf';
import { buildOperation, TAG_OF } from './operations';
import { pathTemplate } from './parameters';
import { SCHEMAS } from './schemas';
import { OAUTH_SCHEME, securitySchemes } from './security';
import { ROOT_SERVERS, serversOf } from './servers';
import { DOCUMENT_TEXT } from './texts';
import type { OpenApiDocument, OpenApiObject } from './types';

/** What the document depends on. */
export interface OpenApiOptions {
  /** Services to describe (OAuth 2.0 is always in). */
  services: readonly ServiceId[];
  /** Redirect URI shown in the token request examples. */
  redirectUri: string;
}

const TAG_TEXT: Record<Exclude<FolderId, 'received'>, { en: string; ro: string }> = {
  oauth: {
    en: 'Authorization code flow, token refresh and ANAF’s token smoke test.',
    ro: 'Fluxul authorization code, reîmprospătarea token-urilor și testul ANAF pentru token.',
  },
  efactura: {
    en: 'RO e-Factura: upload, state, lists, download, validation, PDF and signature check.',
    ro: 'RO e-Factura: încărcare, stare, liste, descărcare, validare, PDF și verificarea semnăturii.',
  },
  etransport: {
    en: 'RO e-Transport: declarations, their state and lists, and carriers’ information.',
    ro: 'RO e-Transport: declarații, starea și lista lor, informații pentru transportatori.',
  },
};

/** Builds the document. */
export function buildOpenApi(options: OpenApiOptions): OpenApiDocument {
  const folders = foldersFor(options.services);
  // A folder of a service's own (the received invoices) calls that service's operations: its
  // requests join them (listed in `x-postman-requests`), they add none.
  const tagged = folders.filter((f) => f.id === 'oauth' || serviceFolders(folders).includes(f));
  const paths: Record<string, OpenApiObject> = {};
  // Endpoints sharing method and path make one operation (exchange and refresh).
  const groups = new Map<string, [EndpointSpec, ...EndpointSpec[]]>();
  for (const spec of folders.flatMap((f) => f.endpoints)) {
    const key = `${spec.method} ${pathTemplate(spec)}`;
    const group = groups.get(key);
    if (group) group.push(spec);
    else groups.set(key, [spec]);
  }
  for (const specs of groups.values()) {
    const [spec] = specs;
    const template = pathTemplate(spec);
    const method = spec.method.toLowerCase();
    if (paths[template]?.[method]) {
      throw new Error(`openapi: two operations on ${spec.method} ${template}`);
    }
    const item = (paths[template] ??= { servers: serversOf(spec) });
    item[method] = buildOperation(specs, options.redirectUri);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: DOCUMENT_TEXT.title,
      version: '1',
      summary: 'OAuth 2.0, e-Factura and e-Transport of ANAF in one document',
      description: DOCUMENT_TEXT.en,
      'x-description-ro': DOCUMENT_TEXT.ro,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: ROOT_SERVERS,
    security: [{ [OAUTH_SCHEME]: [] }],
    tags: tagged.map((f) => {
      const id = f.id as Exclude<FolderId, 'received'>;
      return { name: TAG_OF[id], description: TAG_TEXT[id].en, 'x-description-ro': TAG_TEXT[id].ro };
    }),
    paths,
    components: { securitySchemes: securitySchemes(), schemas: SCHEMAS },
    'x-generator': 'anaf-postman',
  };
}
