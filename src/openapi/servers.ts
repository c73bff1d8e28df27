/**
 * Where each operation lives. Paths of the document are relative to the service base (as in ANAF's
 * own documents), so every path item carries its servers: prod, then test where ANAF has a test
 * stage, then the unauthenticated host for the tools it also serves.
 */
import { AnafHosts, Paths, Var, type EndpointSpec } from '../anaf';
import type { OpenApiServer } from './types';

const { api, oauth, publicTools } = AnafHosts;

/** Servers of an endpoint, from its base variable. */
export function serversOf(spec: EndpointSpec): OpenApiServer[] {
  switch (spec.base) {
    case Var.oauthBaseUrl:
      return [{ url: `${oauth}${Paths.oauth}`, description: 'ANAF OAuth 2.0 (the same for prod and test)' }];
    case Var.efacturaBaseUrl:
      return [
        { url: `${api}${Paths.efactura('prod')}`, description: 'e-Factura, production' },
        { url: `${api}${Paths.efactura('test')}`, description: 'e-Factura, test' },
      ];
    case Var.efacturaToolsBaseUrl:
      return [
        {
          url: `${api}${Paths.efactura('prod')}`,
          description: 'e-Factura tools, with OAuth (production only)',
        },
        { url: `${publicTools}${Paths.efactura('prod')}`, description: 'e-Factura tools, without OAuth' },
      ];
    case Var.etransportBaseUrl:
      return [
        { url: `${api}${Paths.etransport('prod')}`, description: 'e-Transport, production' },
        { url: `${api}${Paths.etransport('test')}`, description: 'e-Transport, test' },
      ];
    case Var.apiBaseUrl:
      // The signature check is also served without OAuth; the hello test is not.
      return spec.body?.mode === 'formdata'
        ? [
            { url: api, description: 'ANAF API host, with OAuth (production only)' },
            { url: publicTools, description: 'ANAF public web services, without OAuth' },
          ]
        : [{ url: api, description: 'ANAF API host' }];
    default:
      throw new Error(`openapi: no servers for base ${spec.base}`);
  }
}

/** True when the operation is also served by the unauthenticated host. */
export function hasPublicServer(spec: EndpointSpec): boolean {
  return serversOf(spec).some((s) => s.url.startsWith(publicTools));
}

/** The servers of the whole document: the API host (every path item names its own). */
export const ROOT_SERVERS: OpenApiServer[] = [{ url: api, description: 'ANAF API host' }];
