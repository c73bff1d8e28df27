/**
 * One collection run in two engines: postman-runtime (the Postman app's engine, with its sandbox)
 * and Newman, each reduced to the same outcome so the two can be compared request by request.
 */
import { Collection, VariableScope } from 'postman-collection';
import type { PostmanCollection, PostmanEnvironment } from '../../../src/generate';

/** What happened to one request. */
export interface ItemResult {
  name: string;
  skipped: boolean;
  assertions: { name: string; passed: boolean }[];
}

/** A run's outcome: per request in run order, the variables after it, and anything the scripts visualized. */
export interface RunResult {
  items: ItemResult[];
  values: Record<string, string>;
  visualized: { template: string; data: Record<string, unknown> }[];
}

function valuesOf(scope: { toJSON(): unknown }): Record<string, string> {
  const json = scope.toJSON() as { values?: { key: string; value: unknown }[] };
  return Object.fromEntries((json.values ?? []).map((v) => [v.key, String(v.value ?? '')]));
}

interface RuntimeRun {
  start(callbacks: Record<string, (...args: never[]) => void>): void;
}
interface RuntimeModule {
  Runner: new () => {
    run(collection: unknown, options: object, cb: (err: Error | null, run: RuntimeRun) => void): void;
  };
}

/** Runs the requests `ids` (in collection order) with postman-runtime. */
export function runInPostmanRuntime(
  collection: PostmanCollection,
  environment: PostmanEnvironment,
  ids: string[],
): Promise<RunResult> {
  const runtime = require('postman-runtime') as RuntimeModule;
  const env = new VariableScope(environment as never);
  const items: ItemResult[] = [];
  const byRef = new Map<string, ItemResult>();
  const visualized: RunResult['visualized'] = [];
  return new Promise((resolve, reject) => {
    new runtime.Runner().run(
      new Collection(collection as never),
      {
        environment: env,
        entrypoint: { execute: ids, lookupStrategy: 'multipleIdOrName' },
        timeout: { request: 10_000 },
        requester: { followRedirects: false },
      },
      (err, run) => {
        if (err) return reject(err);
        run.start({
          beforeItem: ((_e: Error | null, cursor: { ref: string }, item: { name: string }) => {
            const result: ItemResult = { name: item.name, skipped: false, assertions: [] };
            items.push(result);
            byRef.set(cursor.ref, result);
          }) as never,
          item: ((
            _e: Error | null,
            cursor: { ref: string },
            _item: unknown,
            _v: unknown,
            opts?: { isSkipped?: boolean },
          ) => {
            const result = byRef.get(cursor.ref);
            if (result && opts?.isSkipped) result.skipped = true;
          }) as never,
          prerequest: ((
            _e: Error | null,
            _c: unknown,
            executions: {
              result?: { return?: { visualizer?: { template: string; data: Record<string, unknown> } } };
            }[],
          ) => {
            for (const x of executions ?? []) {
              const v = x.result?.return?.visualizer;
              if (v) visualized.push({ template: v.template, data: v.data });
            }
          }) as never,
          assertion: ((
            cursor: { ref: string },
            assertions: { name: string; passed?: boolean; error?: unknown }[],
          ) => {
            for (const a of assertions) {
              byRef
                .get(cursor.ref)
                ?.assertions.push({ name: a.name, passed: a.passed !== false && !a.error });
            }
          }) as never,
          done: ((e: Error | null) =>
            e ? reject(e) : resolve({ items, values: valuesOf(env), visualized })) as never,
        });
      },
    );
  });
}

/** Runs the requests `ids` with Newman (the project's pinned version, with its own runtime). */
export function runInNewman(
  collection: PostmanCollection,
  environment: PostmanEnvironment,
  ids: string[],
): Promise<RunResult> {
  const newman = require('newman') as typeof import('newman');
  const items: ItemResult[] = [];
  const byRef = new Map<string, ItemResult>();
  return new Promise((resolve, reject) => {
    const emitter = newman.run(
      {
        collection: collection as never,
        environment: environment as never,
        folder: ids,
        reporters: [],
        timeoutRequest: 10_000,
        ignoreRedirects: true,
      },
      (err, summary) => {
        if (err) return reject(err);
        resolve({ items, values: valuesOf(summary.environment as never), visualized: [] });
      },
    );
    emitter
      .on('beforeItem', (_e, args: { cursor: { ref: string }; item: { name: string } }) => {
        const result: ItemResult = { name: args.item.name, skipped: true, assertions: [] };
        items.push(result);
        byRef.set(args.cursor.ref, result);
      })
      .on('request', (_e, args: { cursor: { ref: string; scriptId?: string } }) => {
        const result = byRef.get(args.cursor.ref);
        if (result && !args.cursor.scriptId) result.skipped = false;
      })
      .on('assertion', (e, args: { cursor: { ref: string }; assertion: string }) => {
        byRef.get(args.cursor.ref)?.assertions.push({ name: args.assertion, passed: !e });
      });
  });
}
