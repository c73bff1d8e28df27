/**
 * Runs chosen requests of the committed collection through Newman in-process and reports, per
 * request, what happened: sent or skipped, status, timing, assertions, and the requests its
 * scripts sent (the auto-refresh). Newman is loaded only when a run starts.
 */
import fs from 'node:fs';
import { newmanVariables, startNewman } from '../run/newman';
import { collectionFileName, type PostmanCollection } from '../generate';
import { stableId } from '../generate/ids';
import { packagePath } from '../paths';
import { toEnvironment, type Values } from './environment';

/** A request a script sent (`pm.sendRequest`) before its item's own request. */
export interface ScriptRequest {
  method: string;
  path: string;
  status?: number;
  ms: number;
  /** Network error code, when there was no answer. */
  error?: string;
}

/** What happened to one request of the collection. */
export interface ItemOutcome {
  /** Endpoint id of `src/anaf` (`oauth.exchange`). */
  endpoint: string;
  name: string;
  /** False when a script skipped it. */
  sent: boolean;
  status?: number;
  /** Wall time from its first script to its last. */
  ms: number;
  /** Network error code of its own request. */
  error?: string;
  assertions: { name: string; passed: boolean; message?: string }[];
  scriptRequests: ScriptRequest[];
  console: string[];
}

/** A run's outcome: the requests in collection order and the variables afterwards. */
export interface ItemsRun {
  items: ItemOutcome[];
  values: Values;
}

/** The committed English collection. */
export function loadCommittedCollection(): PostmanCollection {
  return JSON.parse(
    fs.readFileSync(packagePath('collections', collectionFileName('en')), 'utf8'),
  ) as PostmanCollection;
}

interface Cursor {
  ref?: string;
}
interface RunEvents {
  on(event: string, listener: (err: Error | null, args: never) => void): RunEvents;
}

/**
 * Runs the requests of `endpoints` (ids of `src/anaf`, run in collection order) with `values`.
 * @throws Error only when Newman itself cannot run (a bug); failed assertions are in the outcome.
 */
export async function runItems(
  collection: PostmanCollection,
  endpoints: string[],
  values: Values,
  timeoutRequestMs: number,
  /** Variables for this run only (Newman's globals: never part of the values returned). */
  runOnly: Record<string, string> = {},
): Promise<ItemsRun> {
  const byRequestId = new Map(endpoints.map((e) => [stableId('request', e), e]));
  const items: ItemOutcome[] = [];
  const byRef = new Map<string, { item: ItemOutcome; started: number }>();
  const current = (cursor: Cursor | undefined) => (cursor?.ref ? byRef.get(cursor.ref)?.item : undefined);

  const { emitter, done } = startNewman({
    collection,
    environment: toEnvironment(values),
    globals: { values: Object.entries(runOnly).map(([key, value]) => ({ key, value })) },
    folder: [...byRequestId.keys()],
    reporters: [],
    timeoutRequest: timeoutRequestMs,
  });
  const events = emitter as unknown as RunEvents | undefined;
  if (events) {
    events
      .on('beforeItem', (_err, args: { cursor: Cursor; item: { id: string; name: string } }) => {
        const item: ItemOutcome = {
          endpoint: byRequestId.get(args.item.id) ?? args.item.id,
          name: args.item.name,
          sent: false,
          ms: 0,
          assertions: [],
          scriptRequests: [],
          console: [],
        };
        items.push(item);
        if (args.cursor.ref) byRef.set(args.cursor.ref, { item, started: Date.now() });
      })
      .on('item', (_err, args: { cursor: Cursor }) => {
        const entry = args.cursor.ref ? byRef.get(args.cursor.ref) : undefined;
        if (entry) entry.item.ms = Date.now() - entry.started;
      })
      .on(
        'request',
        (
          err,
          args: {
            cursor: Cursor & { scriptId?: string };
            item?: unknown;
            request: { method: string; url: { getPath(): string } };
            response?: { code: number; responseTime: number };
          },
        ) => {
          const item = current(args.cursor);
          if (!item) return;
          const code = (err as NodeJS.ErrnoException | null)?.code ?? err?.message;
          // Requests sent by a script carry its id in the cursor; the item's own request does not.
          if (args.cursor.scriptId) {
            item.scriptRequests.push({
              method: args.request.method,
              path: args.request.url.getPath(),
              status: args.response?.code,
              ms: args.response?.responseTime ?? 0,
              error: code,
            });
            return;
          }
          item.sent = true;
          item.status = args.response?.code;
          item.error = code;
        },
      )
      .on('assertion', (err, args: { cursor: Cursor; assertion: string }) => {
        current(args.cursor)?.assertions.push({ name: args.assertion, passed: !err, message: err?.message });
      })
      .on('console', (_err, args: { cursor: Cursor; messages: unknown[] }) => {
        current(args.cursor)?.console.push(args.messages.map(String).join(' '));
      });
  }
  const outcome = await done;
  const vars = emitter ? newmanVariables(outcome, emitter) : undefined;
  if (outcome.err || !vars) throw outcome.err ?? new Error('Newman ended without its variables');
  return { items, values: Object.fromEntries(vars.map((v) => [v.key, String(v.value ?? '')])) };
}
