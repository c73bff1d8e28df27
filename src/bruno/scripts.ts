/** Renders the Bruno scripts from `templates/bruno/`, with the Postman scripts' context. */
import type { EndpointSpec } from '../anaf';
import { scriptContext } from '../generate/scripts';
import type { Lang } from '../templates/engine';
import { renderTemplate } from '../templates/registry';

/** Pre-request templates that exist for one endpoint only (`pre-ID`). */
const OWN_PRE = new Set([
  'oauth.authorize',
  'oauth.refresh',
  'efactura.listaMesajePaginatieFactura',
  'received.list',
  'received.download',
]);

function render(name: string, lang: Lang, endpoint?: EndpointSpec): string {
  return renderTemplate(`bruno/${name}.js.hbs`, scriptContext(lang, endpoint));
}

/** The collection's pre-request script: the auto-refresh. */
export function collectionPreRequest(lang: Lang): string {
  return render('collection-prerequest', lang);
}

/** A request's pre-request script: its own, the filing guard, the `requires` skip, or none. */
export function requestPreRequest(lang: Lang, endpoint: EndpointSpec): string | undefined {
  if (OWN_PRE.has(endpoint.id)) return render(`pre-${endpoint.id}`, lang, endpoint);
  if (endpoint.files) return render('pre-filing', lang, endpoint);
  return endpoint.requires?.length ? render('pre-requires', lang, endpoint) : undefined;
}

/** A request's tests: the body-judging script of its `check` (the browser step is never sent). */
export function requestTests(lang: Lang, endpoint: EndpointSpec): string | undefined {
  return endpoint.check === 'authorize' ? undefined : render(`test-${endpoint.check}`, lang, endpoint);
}
