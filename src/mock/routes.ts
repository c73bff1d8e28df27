/**
 * The route table, derived from the endpoint specs in `src/anaf` so the mock serves exactly the
 * paths the collection calls. Each spec id maps to a handler; a spec without one fails loudly.
 */
import { ALL_ENDPOINTS, Paths, SIZE_LIMITS, Var, type EndpointSpec, type VarName } from '../anaf';
import { authorizeEndpoint } from './authorize';
import type { ApiStage, Handler } from './context';
import { descarcare, stareMesaj, transformare, upload, validare } from './efactura';
import { validateSignature } from './efactura-signature';
import { listaMesajeFactura, listaMesajePaginatieFactura } from './efactura-list';
import { etransportInfo, etransportLista, etransportStareMesaj, etransportUpload } from './etransport';
import { text } from './http';
import { FORM_LIMIT, tokenEndpoint } from './token-endpoint';

/** `GET /TestOauth/jaxrs/hello?name=X`: ANAF's token smoke test. */
const hello: Handler = (req) => text(200, `Hello, "${req.query.get('name') ?? ''}"`);

const HANDLERS: Record<string, Handler> = {
  'oauth.authorize': authorizeEndpoint,
  'oauth.exchange': tokenEndpoint,
  'oauth.refresh': tokenEndpoint,
  'oauth.hello': hello,
  'efactura.upload': upload(false),
  'efactura.uploadb2c': upload(true),
  'efactura.stareMesaj': stareMesaj,
  'efactura.listaMesajeFactura': listaMesajeFactura,
  'efactura.listaMesajePaginatieFactura': listaMesajePaginatieFactura,
  'efactura.descarcare': descarcare,
  'efactura.validare': validare,
  'efactura.transformare': transformare(false),
  'efactura.transformareFaraValidare': transformare(true),
  'efactura.validareSemnatura': validateSignature,
  // The received folder calls the same two operations.
  'received.list': listaMesajePaginatieFactura,
  'received.download': descarcare,
  'etransport.upload': etransportUpload,
  'etransport.stareMesaj': etransportStareMesaj,
  'etransport.lista': etransportLista,
  'etransport.info': etransportInfo,
};

/** One route: a path pattern on one stage. */
export interface Route {
  /** Spec id (`efactura.upload`). */
  id: string;
  /** Literal segments, or `{name}` for a parameter. */
  segments: string[];
  /** Accepted methods; `*` lets the handler answer every method itself (RFC bodies for the token endpoint). */
  methods: string[] | '*';
  /** Bytes of body the handler may see; more is only counted. */
  limit: number;
  /** Needs a bearer access token. */
  auth: boolean;
  stage: ApiStage;
  handler: Handler;
}

function prefix(base: VarName, stage: ApiStage): string {
  if (base === Var.oauthBaseUrl) return Paths.oauth;
  if (base === Var.apiBaseUrl) return '';
  if (base === Var.efacturaBaseUrl) return Paths.efactura(stage);
  if (base === Var.efacturaToolsBaseUrl) return Paths.efactura('prod');
  if (base === Var.etransportBaseUrl) return Paths.etransport(stage);
  throw new Error(`mock: no path prefix for base ${base}`);
}

/**
 * Paths the mock matches more widely than the collection sends them, so that it can answer a wrong
 * value in ANAF's words instead of a 404: e-Transport's `upload/{standard}/…` refuses a standard
 * other than ETRANSP with ExecutionStatus 1.
 */
const WIDER_PATHS: Readonly<Record<string, readonly string[]>> = {
  'etransport.upload': ['upload', '{standard}', `{${Var.cif}}`, '2'],
};

function segmentsOf(spec: EndpointSpec, stage: ApiStage): string[] {
  const path = WIDER_PATHS[spec.id] ?? spec.path.map((s) => s.replace(/^\{\{(\w+)\}\}$/, '{$1}'));
  return [...prefix(spec.base, stage).split('/').filter(Boolean), ...path];
}

function routesOf(spec: EndpointSpec): Route[] {
  const handler = HANDLERS[spec.id];
  if (!handler) throw new Error(`mock: no handler for endpoint ${spec.id}`);
  const staged = spec.base === Var.efacturaBaseUrl || spec.base === Var.etransportBaseUrl;
  const stages: ApiStage[] = staged ? ['prod', 'test'] : ['prod'];
  let methods: Route['methods'] = [spec.method];
  if (spec.id === 'oauth.authorize') methods = ['GET', 'POST'];
  if (spec.base === Var.oauthBaseUrl && spec.method === 'POST') methods = '*';
  const limit = bodyLimit(spec);
  return stages.map((stage) => ({
    id: spec.id,
    segments: segmentsOf(spec, stage),
    methods,
    limit,
    auth: spec.auth === 'inherit',
    stage,
    handler,
  }));
}

/**
 * Bytes of body a handler sees, one past ANAF's size limit so it can refuse the file in ANAF's
 * words; the rest is drained, never held.
 */
function bodyLimit(spec: EndpointSpec): number {
  if (spec.base === Var.etransportBaseUrl) return SIZE_LIMITS.etransportUpload;
  if (spec.base === Var.efacturaToolsBaseUrl) return SIZE_LIMITS.efacturaTools;
  if (spec.body?.mode === 'formdata') return 2 * SIZE_LIMITS.efacturaTools;
  if (spec.body?.mode === 'raw') return SIZE_LIMITS.efacturaUpload;
  return FORM_LIMIT;
}

/** Every route, once per pattern (exchange and refresh share the token endpoint). */
export function buildRoutes(): Route[] {
  const byPattern = new Map<string, Route>();
  for (const route of ALL_ENDPOINTS.flatMap(routesOf)) {
    const key = route.segments.join('/');
    if (!byPattern.has(key)) byPattern.set(key, route);
  }
  return [...byPattern.values()];
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The route whose pattern matches `pathname`, with its decoded path parameters. */
export function matchRoute(routes: Route[], pathname: string) {
  const parts = pathname.split('/').slice(1);
  for (const route of routes) {
    if (route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = route.segments.every((seg, i) => {
      const part = parts[i] ?? ''; // the lengths are equal: there is always a part
      const name = /^\{(\w+)\}$/.exec(seg)?.[1];
      if (name === undefined) return seg === part;
      params[name] = decodeSegment(part);
      return part !== '';
    });
    if (ok) return { route, params };
  }
  return undefined;
}
