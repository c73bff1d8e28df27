/**
 * The one collection-level pre-request script of the v3 collection: the Postman collection's own
 * auto-refresh, then the pre-request script of the request being sent, looked up by its id.
 *
 * Why one script: the Postman CLI (1.34) runs a v3 collection on its new runtime, where
 * `pm.execution.skipRequest()` called from a request's own script, after a collection or folder
 * script has run for that request, crashes the CLI (`TypeError: Cannot read properties of undefined
 * (reading 'findIndex')` in `Execution.removeEventListener`) and ends the whole run. Called from the
 * first script that runs for a request, it skips the request as Newman does. Our requests skip
 * themselves (the browser step, a refresh not due, an upload production must not get, a missing id),
 * so every pre-request script lives here, run after the refresh as the v2.1 collection runs them.
 */
import type { PostmanCollection, PostmanEvent } from '../generate';

/** A request's pre-request script, with what names it in the comment above it. */
export interface OwnScript {
  id: string;
  label: string;
  lines: readonly string[];
}

function prerequestLines(events: readonly PostmanEvent[] | undefined): string[] | undefined {
  return events?.find((e) => e.listen === 'prerequest')?.script.exec;
}

/**
 * Lines indented by `pad`, unless a line holds an odd number of backticks: a template literal may
 * then span lines, and indenting would change its text.
 */
function indented(lines: readonly string[], pad: string): string[] {
  if (lines.some((l) => (l.match(/`/g) ?? []).length % 2 === 1)) return [...lines];
  return lines.map((l) => (l === '' ? '' : `${pad}${l}`));
}

/** The pre-request scripts of the collection's requests, in collection order. */
export function ownScripts(collection: PostmanCollection): OwnScript[] {
  return collection.item.flatMap((folder) =>
    folder.item.flatMap((request) => {
      const lines = prerequestLines(request.event);
      return lines ? [{ id: request.id, label: `${folder.name} / ${request.name}`, lines }] : [];
    }),
  );
}

/**
 * The text of the collection-level script: `refresh` (the v2.1 collection's pre-request script)
 * runs first, for a request that sends the bearer, with a `pm` whose `sendRequest` and
 * `execution.skipRequest` are watched; once it has neither skipped the request nor left a token
 * request in flight, the request's own script runs. (The Postman CLI gives a collection script no
 * `pm.request.auth` for a request without auth, where Newman gives `noauth`: hence the explicit test.)
 */
export function collectionScript(refresh: readonly string[], own: readonly OwnScript[]): string {
  const table = own.flatMap((s, i) => [
    `    // ${s.label}`,
    `    ${JSON.stringify(s.id)}: function (pm) {`,
    ...indented(s.lines, '      '),
    `    }${i < own.length - 1 ? ',' : ''}`,
  ]);
  return [
    '// anaf-postman (collection format v3): the collection pre-request script (the automatic refresh), then',
    '// the pre-request script of the request being sent. They live here, keyed by request id, because the',
    '// Postman CLI crashes when a request skips itself from its own script after a collection script ran;',
    '// from this one, the first to run, pm.execution.skipRequest() skips the request as Newman does.',
    '(function anafPreRequest() {',
    '  var anafOwnScripts = {',
    ...table,
    '  };',
    '  var anafSkipped = false;',
    '  var anafPending = 0;',
    '  var anafOwnDone = false;',
    '  var anafPm = Object.create(pm, {',
    '    execution: {',
    '      value: Object.create(pm.execution, {',
    '        skipRequest: {',
    '          value: function () {',
    '            anafSkipped = true;',
    '            return pm.execution.skipRequest();',
    '          },',
    '        },',
    '      }),',
    '    },',
    '    sendRequest: {',
    '      value: function (request, callback) {',
    '        anafPending += 1;',
    '        return pm.sendRequest(request, function (err, res) {',
    '          try {',
    '            if (typeof callback === "function") callback(err, res);',
    '          } finally {',
    '            anafPending -= 1;',
    '            anafRunOwn();',
    '          }',
    '        });',
    '      },',
    '    },',
    '  });',
    "  /** The request's own script, once, after the refresh, unless the request was skipped. */",
    '  function anafRunOwn() {',
    '    if (anafOwnDone || anafSkipped || anafPending > 0) return;',
    '    anafOwnDone = true;',
    '    var own = anafOwnScripts[pm.info.requestId];',
    '    if (own) own(anafPm);',
    '  }',
    '  // Only a request that sends the bearer needs a fresh token. In a v3 collection those carry the',
    '  // OAuth 2.0 auth themselves; the token requests (Basic) and the browser step (none) do not.',
    '  var anafAuth = pm.request.auth;',
    "  if (anafAuth && (anafAuth.type === 'oauth2' || anafAuth.type === 'bearer')) {",
    '    (function (pm) {',
    ...indented(refresh, '      '),
    '    })(anafPm);',
    '  }',
    '  anafRunOwn();',
    '})();',
  ].join('\n');
}

export { prerequestLines };
