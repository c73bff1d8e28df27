/** Renders the Postman scripts of the collection and of each request from `templates/scripts/`. */
import {
  DEFAULT_REFRESH_SKEW_SECONDS,
  EMPTY_LIST_PATTERN,
  FILING_RULES_SOURCE,
  FIREWALL_PATTERN,
  FLAG_RULES_SOURCE,
  ANSWER_RULES_SOURCE,
  FLAG_SPELLINGS,
  NOT_FILED_TAG,
  GrantType,
  NO_TRANSPORT_DATA,
  QUOTA_PATTERN,
  LIST_DAYS,
  LIST_FILTERS,
  DEFAULT_RECEIVED_FILTER,
  DOWNLOAD_EXPIRED_PATTERN,
  MESSAGE_RETENTION_DAYS,
  OAUTH_ENDPOINTS,
  ReceivedVar,
  REFRESH_WARNING_DAYS,
  RunVar,
  TOKEN_RULES_SOURCE,
  TOKEN_CONTENT_TYPE,
  Var,
  type EndpointSpec,
} from '../anaf';
import { renderScript, strings } from '../templates/registry';
import type { Lang } from '../templates/engine';
import { stableId } from './ids';
import type { PostmanEvent } from './types';

/** A query parameter of a URL a script builds: a variable to read at run time, or a fixed value. */
interface ScriptQueryParam {
  key: string;
  variable?: string;
  value?: string;
}

function endpointById(id: string): EndpointSpec {
  const found = OAUTH_ENDPOINTS.find((e) => e.id === id);
  if (!found) throw new Error(`scripts: no endpoint ${id} in src/anaf`);
  return found;
}

/** Query of an endpoint with `{{name}}` references turned into variable names. */
function scriptQuery(endpoint: EndpointSpec): ScriptQueryParam[] {
  return endpoint.query
    .filter((q) => !q.optional)
    .map((q) => {
      const ref = /^\{\{(\w+)\}\}$/.exec(q.value);
      return ref ? { key: q.key, variable: ref[1] } : { key: q.key, value: q.value };
    });
}

/**
 * The Visualize tab of *Authorize (browser step)*: fixed HTML that reads the URL through
 * `pm.getData`, so no value ever becomes part of the template Postman compiles.
 */
const AUTHORIZE_VISUALIZER = [
  '<p><a id="anaf-authorize" target="_blank" rel="noopener"></a></p><p id="anaf-hint"></p>',
  '<script>pm.getData(function (err, data) {',
  "  var a = document.getElementById('anaf-authorize');",
  '  a.href = data.url; a.textContent = data.url;',
  "  document.getElementById('anaf-hint').textContent = data.hint;",
  '});</script>',
].join('\n');

/**
 * The Visualize tab of *List received messages*: a fixed table that reads its rows through
 * `pm.getData` and writes them as text, so no value ever becomes markup or template.
 */
const RECEIVED_VISUALIZER = [
  '<h3 id="anaf-title"></h3>',
  '<table id="anaf-received" style="border-collapse:collapse"><thead><tr></tr></thead><tbody></tbody></table>',
  '<script>pm.getData(function (err, data) {',
  "  document.getElementById('anaf-title').textContent = data.title;",
  "  var head = document.querySelector('#anaf-received thead tr');",
  '  data.columns.forEach(function (name) {',
  "    var th = document.createElement('th'); th.textContent = name; head.appendChild(th);",
  '  });',
  "  var body = document.querySelector('#anaf-received tbody');",
  '  data.rows.forEach(function (row) {',
  "    var tr = document.createElement('tr');",
  '    row.forEach(function (cell) {',
  "      var td = document.createElement('td'); td.textContent = cell;",
  "      td.style.padding = '2px 8px'; tr.appendChild(td);",
  '    });',
  '    body.appendChild(tr);',
  '  });',
  '});</script>',
].join('\n');

/** The received folder's window: ANAF's 60 days, 15 minutes inside them for clock skew and a long walk. */
const RECEIVED_WINDOW_MS = MESSAGE_RETENTION_DAYS * 86_400_000 - 15 * 60_000;

/**
 * Fixed protocol values the scripts use, derived from `src/anaf` so the collection's requests and
 * the scripts' own requests can never disagree.
 */
const PROTOCOL = {
  tokenContentType: TOKEN_CONTENT_TYPE,
  grantType: GrantType,
  tokenPath: `/${endpointById('oauth.refresh').path.join('/')}`,
  authorizePath: `/${endpointById('oauth.authorize').path.join('/')}`,
  authorizeQuery: scriptQuery(endpointById('oauth.authorize')),
  defaultSkewSeconds: DEFAULT_REFRESH_SKEW_SECONDS,
  refreshWarningDays: REFRESH_WARNING_DAYS,
  // Our own source text (src/anaf/token-rules.ts), inlined as is: no user value.
  tokenRules: TOKEN_RULES_SOURCE,
  filingRules: FILING_RULES_SOURCE,
  flagRules: FLAG_RULES_SOURCE,
  answerRules: ANSWER_RULES_SOURCE,
  flagSpellings: FLAG_SPELLINGS,
  notFiledTag: NOT_FILED_TAG,
  // One day short of ANAF's 60-day limit, so a slow clock can never push the start past it.
  listWindowDays: LIST_DAYS.max - 1,
  // ANAF refuses an endTime even a second ahead of its clock: end the default window a minute back.
  listEndMarginMs: 60_000,
  quotaPattern: QUOTA_PATTERN.source,
  firewallPattern: FIREWALL_PATTERN.source,
  emptyListPattern: EMPTY_LIST_PATTERN.source,
  noTransportData: NO_TRANSPORT_DATA,
  authorizeVisualizer: AUTHORIZE_VISUALIZER,
  receivedVars: ReceivedVar,
  receivedVisualizer: RECEIVED_VISUALIZER,
  receivedWindowMs: RECEIVED_WINDOW_MS,
  // A list of 500,000 messages: past it, the walk stops rather than loop on an answer gone wrong.
  receivedMaxPages: 1000,
  defaultReceivedFilter: DEFAULT_RECEIVED_FILTER,
  listFilters: LIST_FILTERS,
  downloadExpiredPattern: DOWNLOAD_EXPIRED_PATTERN.source,
  pagePastEndPattern: 'Pagina solicitata \\d+ este mai mare',
} as const;

/**
 * What a script template may see: variable names, translated strings and fixed protocol
 * constants. Never a user value: scripts read those from variables at run time.
 */
export function scriptContext(lang: Lang, endpoint?: EndpointSpec): object {
  return {
    vars: Var,
    runVars: RunVar,
    t: strings(lang),
    ...PROTOCOL,
    endpoint: endpoint && {
      id: endpoint.id,
      name: endpoint.name,
      requires: endpoint.requires ?? [],
      files: endpoint.files,
    },
  };
}

function event(listen: PostmanEvent['listen'], owner: string, source: string | undefined): PostmanEvent[] {
  if (source === undefined || source.trim() === '') return [];
  const exec = source
    .replace(/\s+$/, '')
    .split('\n')
    .map((line) => line.replace(/\s+$/, ''));
  return [{ listen, script: { id: stableId('script', owner, listen), type: 'text/javascript', exec } }];
}

/** The collection-level events: the auto-refresh pre-request script. */
export function collectionEvents(lang: Lang): PostmanEvent[] {
  return event('prerequest', 'collection', renderScript('collection-prerequest', scriptContext(lang)));
}

/**
 * A request's events: `pre-ID`, `pre-filing` (a request that files) or `pre-requires` before it,
 * `test-CHECK` after it. A template that does not exist simply adds no script.
 */
export function requestEvents(lang: Lang, endpoint: EndpointSpec): PostmanEvent[] {
  const ctx = scriptContext(lang, endpoint);
  const pre =
    renderScript(`pre-${endpoint.id}`, ctx) ??
    (endpoint.files ? renderScript('pre-filing', ctx) : undefined) ??
    (endpoint.requires?.length ? renderScript('pre-requires', ctx) : undefined);
  return [
    ...event('prerequest', endpoint.id, pre),
    ...event('test', endpoint.id, renderScript(`test-${endpoint.check}`, ctx)),
  ];
}
