/** Renders the Postman scripts of the collection and of each request from `templates/scripts/`. */
import { TOKEN_CONTENT_TYPE, Var, REFRESH_WARNING_DAYS, type EndpointSpec } from '../anaf';
import { renderScript, strings } from '../templates/registry';
import type { Lang } from '../templates/engine';
import { stableId } from './ids';
import type { PostmanEvent } from './types';

/**
 * What a script template may see: variable names, translated strings and fixed protocol
 * constants. Never a user value: scripts read those from variables at run time.
 */
function scriptContext(lang: Lang, endpoint?: EndpointSpec): object {
  return {
    vars: Var,
    t: strings(lang),
    tokenContentType: TOKEN_CONTENT_TYPE,
    refreshWarningDays: REFRESH_WARNING_DAYS,
    endpoint: endpoint && { id: endpoint.id, name: endpoint.name, requires: endpoint.requires ?? [] },
  };
}

function event(listen: PostmanEvent['listen'], owner: string, source: string | undefined): PostmanEvent[] {
  if (source === undefined || source.trim() === '') return [];
  const exec = source.replace(/\s+$/, '').split('\n');
  return [{ listen, script: { id: stableId('script', owner, listen), type: 'text/javascript', exec } }];
}

/** The collection-level events: the auto-refresh pre-request script. */
export function collectionEvents(lang: Lang): PostmanEvent[] {
  return event('prerequest', 'collection', renderScript('collection-prerequest', scriptContext(lang)));
}

/**
 * A request's events: `pre-ID` or `pre-requires` before it, `test-CHECK` after it. A template that
 * does not exist simply adds no script.
 */
export function requestEvents(lang: Lang, endpoint: EndpointSpec): PostmanEvent[] {
  const ctx = scriptContext(lang, endpoint);
  const pre =
    renderScript(`pre-${endpoint.id}`, ctx) ??
    (endpoint.requires?.length ? renderScript('pre-requires', ctx) : undefined);
  return [
    ...event('prerequest', endpoint.id, pre),
    ...event('test', endpoint.id, renderScript(`test-${endpoint.check}`, ctx)),
  ];
}
