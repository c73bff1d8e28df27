/**
 * Script sandboxes reused across the runs of a batch. Newman builds a sandbox for each run (a fresh
 * VM context booting Postman's script library), which costs more CPU than the run's requests: at
 * thousands of files that, not ANAF, would bound a batch. postman-runtime accepts an external host
 * (the Postman app reuses its sandbox); Newman does not pass that option, so while a batch shares,
 * the runner Newman loads is given, for each run, a sandbox from a pool: one per run in flight,
 * each serving one run at a time.
 *
 * Companies must not see each other: a sandbox serves one run at a time, and before the next run
 * it loses every global a script added and gets back every global a script replaced (a
 * forgotten `let` must not carry one company's token into the next company's requests).
 *
 * This leans on internals of Newman's own postman-runtime, postman-sandbox and uvm (the `host` run
 * option, the script events, uvm's `_sandbox` context option and its timer set-up), checked when
 * sharing starts: when their shape is not the expected one, sharing stays off and every run
 * builds its own sandbox, as before.
 */
import path from 'node:path';
import vm from 'node:vm';
import { RealmNotRestored, snapshotRealm } from './realm-snapshot';

/** The sandbox postman-sandbox creates (a uvm event emitter bridged to a VM context). */
interface SandboxContext {
  execute(event: unknown, options: object, callback: (...args: unknown[]) => void): void;
  dispatch(...args: unknown[]): void;
  on(name: string, listener: (...args: unknown[]) => void): unknown;
  once(name: string, listener: (...args: unknown[]) => void): unknown;
  off(name: string, listener: (...args: unknown[]) => void): unknown;
  removeAllListeners(name?: string): unknown;
  dispose?(): void;
}

interface SandboxModule {
  createContext(options: object, callback: (err: Error | null, context: SandboxContext) => void): void;
}

/** The part of postman-runtime's Run the events are handed to. */
interface RuntimeRun {
  triggers?: Record<string, ((...args: unknown[]) => void) | undefined>;
  start?: (callbacks: Record<string, unknown>) => unknown;
}

type RunCallback = (err: Error | null, run?: RuntimeRun) => void;

interface RunnerPrototype {
  run(this: unknown, collection: unknown, options: Record<string, unknown>, callback: RunCallback): void;
}

interface Internals {
  proto: RunnerPrototype;
  sandbox: SandboxModule;
  /** uvm's set-up of a VM context's timers, which uvm skips for a context it is given. */
  delegateTimers: (context: vm.Context) => void;
}

/** The sandbox's events a run's script extension would listen to, and the trigger each feeds. */
const ROUTED: Record<string, string> = {
  console: 'console',
  error: 'error',
  'execution.error': 'exception',
  'execution.assertion': 'assertion',
};
const SKIP_EVENT = 'execution.skipRequest.';

/** The modules Newman itself loads (its own copies, not the project's top-level ones). */
function newmanInternals(): Internals | undefined {
  try {
    const newmanDir = path.dirname(require.resolve('newman/package.json'));
    const runtimePath = require.resolve('postman-runtime', { paths: [newmanDir] });
    const sandboxPath = require.resolve('postman-sandbox', { paths: [path.dirname(runtimePath)] });
    const timersPath = require.resolve('uvm/lib/vm-delegate-timers', { paths: [path.dirname(sandboxPath)] });
    const runtime = require(runtimePath) as { Runner?: { prototype?: Partial<RunnerPrototype> } };
    const sandbox = require(sandboxPath) as Partial<SandboxModule>;
    const delegateTimers = require(timersPath) as unknown;
    const proto = runtime.Runner?.prototype;
    if (
      typeof proto?.run !== 'function' ||
      typeof sandbox.createContext !== 'function' ||
      typeof delegateTimers !== 'function'
    ) {
      return undefined;
    }
    return {
      proto: proto as RunnerPrototype,
      sandbox: sandbox as SandboxModule,
      delegateTimers: delegateTimers as Internals['delegateTimers'],
    };
  } catch {
    return undefined;
  }
}

/** The libraries a script reaches by name (Postman's legacy globals) and through `require`. */
const SCRIPT_GLOBALS = ['JSON', '_', 'CryptoJS', 'atob', 'btoa', 'tv4', 'xml2Json', 'Backbone', 'cheerio'];
const SCRIPT_MODULES = [
  'lodash',
  'moment',
  'crypto-js',
  'uuid',
  'chai',
  'ajv',
  'xml2js',
  'cheerio',
  'tv4',
  'csv-parse/lib/sync',
  'postman-collection',
  'buffer',
  'assert',
  'url',
  'querystring',
  'util',
  'events',
  'path',
];
const TARGETS_GLOBAL = '__anafPostmanTargets';
const SELF_CHECK = 'anaf-postman sandbox self-check';

/**
 * A script run once in a new sandbox: much of what scripts reach is not on the realm's global (the
 * legacy `JSON` is a library of the sandbox's own, `pm`'s classes live in its bundle, iterators'
 * prototypes hang off no property), so it hands those objects to the snapshot through a global
 * the snapshot deletes at once.
 */
const COLLECT_TARGETS = [
  `${TARGETS_GLOBAL} = [${SCRIPT_GLOBALS.map((n) => `typeof ${n} === 'undefined' ? null : ${n}`).join(', ')}];`,
  `${TARGETS_GLOBAL}.push(typeof Buffer === 'undefined' ? null : Buffer, pm, pm.environment, pm.variables,`,
  '  pm.globals, pm.collectionVariables, pm.iterationData, pm.request, pm.info, pm.expect, pm.test,',
  '  [].values(), new Map().entries(), new Set().values(), ""[Symbol.iterator](), /x/[Symbol.matchAll]("x"),',
  '  (function* () {})(), (async function () {})(), Promise.resolve());',
  `${JSON.stringify(SCRIPT_MODULES)}.forEach(function (m) {`,
  `  try { ${TARGETS_GLOBAL}.push(require(m)); } catch (e) { /* not in this sandbox */ }`,
  '});',
  // The self-check: this assertion must come back as the event a run's triggers are fed from.
  `pm.test(${JSON.stringify(SELF_CHECK)}, function () {});`,
];

/** One booted sandbox and the run it serves now. */
class Slot {
  host: RunHost | undefined;
  /** Back to the realm as it was once booted; throws when it cannot be. */
  readonly reset: () => void;

  constructor(
    readonly sandbox: SandboxContext,
    realm: vm.Context,
  ) {
    // The realm's global: the script's `this` at top level (its boot code deletes `globalThis`).
    const global = vm.runInContext('this', realm) as Record<string, unknown>;
    const collected = global[TARGETS_GLOBAL];
    if (!Reflect.deleteProperty(global, TARGETS_GLOBAL) || !Array.isArray(collected)) {
      throw new RealmNotRestored('the script libraries were not collected');
    }
    this.reset = snapshotRealm([global, ...(collected as unknown[])]).reset;
    for (const [event, trigger] of Object.entries(ROUTED)) {
      sandbox.on(event, (...args: unknown[]) => this.host?.trigger(trigger, args));
    }
  }
}

/**
 * The host one run sees: its scripts execute in the slot's sandbox, and the sandbox's events come
 * back to this run's triggers, except, as on Newman's own host, those of a skipped request.
 */
class RunHost {
  run: RuntimeRun | undefined;
  private readonly skipped = new Set<string>();

  constructor(private readonly slot: Slot) {}

  execute(event: unknown, options: object, callback: (...args: unknown[]) => void): void {
    this.slot.sandbox.execute(event, options, callback);
  }

  dispatch(...args: unknown[]): void {
    this.slot.sandbox.dispatch(...args);
  }

  on(name: string, listener: (...args: unknown[]) => void): this {
    if (!name.startsWith(SKIP_EVENT)) {
      this.slot.sandbox.on(name, listener);
      return this;
    }
    const id = name.slice(SKIP_EVENT.length);
    this.slot.sandbox.on(name, (...args: unknown[]) => {
      this.skipped.add(id);
      listener(...args);
    });
    return this;
  }

  once(name: string, listener: (...args: unknown[]) => void): this {
    this.slot.sandbox.once(name, listener);
    return this;
  }

  removeAllListeners(name?: string): this {
    // Only a run's own per-execution listeners: the routing ones belong to the slot.
    if (name !== undefined) this.slot.sandbox.removeAllListeners(name);
    return this;
  }

  trigger(name: string, args: unknown[]): void {
    const execution = (args[0] as { execution?: unknown } | undefined)?.execution;
    if (typeof execution === 'string' && this.skipped.has(execution)) return;
    this.run?.triggers?.[name]?.(...args);
  }
}

class SandboxPool {
  /** Booted sandboxes no run is using (once a batch ends, every one still serving). */
  private readonly free: Slot[] = [];

  constructor(private readonly internals: Internals) {}

  private create(): Promise<Slot> {
    const realm = vm.createContext(Object.create(null) as object);
    this.internals.delegateTimers(realm);
    return new Promise((resolve, reject) => {
      this.internals.sandbox.createContext({ _sandbox: realm }, (err, sandbox) => {
        if (err) return reject(err);
        const collect = { listen: 'test', script: { exec: COLLECT_TARGETS } };
        const giveUp = (e: unknown) => {
          // A sandbox that did not come up right serves no one: let it go.
          sandbox.dispose?.();
          reject(e instanceof Error ? e : new Error(String(e)));
        };
        const id = `${TARGETS_GLOBAL}-${stats.sandboxes}`;
        // Sharing relies on the sandbox's event names and cursors: a sandbox that does not report
        // an assertion the way the routing reads it is not used (the run falls back to Newman's own).
        let checked = false;
        const check = (cursor: unknown, assertions: unknown) => {
          const execution = (cursor as { execution?: unknown } | undefined)?.execution;
          const names = Array.isArray(assertions)
            ? (assertions as { name?: unknown }[]).map((a) => a.name)
            : [];
          if (execution === id && names.includes(SELF_CHECK)) checked = true;
        };
        sandbox.on('execution.assertion', check);
        sandbox.execute(collect, { id }, (failed: unknown) => {
          sandbox.off('execution.assertion', check);
          if (failed) return giveUp(failed);
          if (!checked) return giveUp(new Error('the sandbox did not report its self-check assertion'));
          try {
            const slot = new Slot(sandbox, realm);
            stats.sandboxes++;
            resolve(slot);
          } catch (e) {
            giveUp(e);
          }
        });
      });
    });
  }

  private async acquire(): Promise<Slot> {
    return this.free.pop() ?? (await this.create());
  }

  private giveBack(slot: Slot): void {
    slot.host = undefined;
    try {
      slot.reset();
    } catch {
      // A realm that cannot be put back serves no other company.
      slot.sandbox.dispose?.();
      return;
    }
    this.free.push(slot);
  }

  /** Runner.run, each run on a pooled sandbox it has to itself until it is done. */
  wrap(original: RunnerPrototype['run']): RunnerPrototype['run'] {
    const start = (
      runner: unknown,
      collection: unknown,
      options: Record<string, unknown>,
      callback: RunCallback,
    ) =>
      this.acquire().then(
        (slot) => {
          const host = new RunHost(slot);
          slot.host = host;
          stats.runs++;
          const withHost = { ...options, host: { external: true, instance: host } };
          original.call(runner, collection, withHost, (err, run) => {
            host.run = run;
            if (run && whenDone(run, () => this.giveBack(slot))) return callback(err, run);
            this.giveBack(slot);
            callback(err, run);
          });
        },
        // No sandbox could be booted here: this run builds its own, as Newman would.
        () => original.call(runner, collection, options, callback),
      );
    return function (this: unknown, collection, options, callback) {
      void start(this, collection, options, callback);
    };
  }

  dispose(): void {
    for (const slot of this.free.splice(0)) slot.sandbox.dispose?.();
  }
}

/** Calls `then` once the run says it is done; false when the run cannot be watched. */
function whenDone(run: RuntimeRun, then: () => void): boolean {
  const start = run.start;
  if (typeof start !== 'function') return false;
  run.start = function (this: unknown, callbacks: Record<string, unknown>) {
    const done = callbacks.done;
    return start.call(this, {
      ...callbacks,
      done: (...args: unknown[]) => {
        then();
        if (typeof done === 'function') (done as (...a: unknown[]) => unknown)(...args);
      },
    });
  };
  return true;
}

let active: { pool: SandboxPool; users: number; restore: () => void } | undefined;
const stats = { sandboxes: 0, runs: 0 };

/** Since the process started: pooled sandboxes booted, and runs that used one. */
export function sharedSandboxStats(): { sandboxes: number; runs: number } {
  return { ...stats };
}

/**
 * Until the returned `release` is called, every in-process Newman run executes its scripts in a
 * pooled sandbox instead of booting its own. Calls nest (the last release restores Newman's own
 * behaviour). `on` is false when Newman's internals are not the shape this was written for.
 */
export function shareSandboxes(): { on: boolean; release: () => void } {
  if (!active) {
    const internals = newmanInternals();
    if (!internals) return { on: false, release: () => undefined };
    const pool = new SandboxPool(internals);
    const original = internals.proto.run;
    internals.proto.run = pool.wrap(original);
    active = { pool, users: 0, restore: () => (internals.proto.run = original) };
  }
  const mine = active;
  mine.users++;
  let released = false;
  return {
    on: true,
    release: () => {
      if (released) return;
      released = true;
      if (--mine.users > 0) return;
      mine.restore();
      if (active === mine) active = undefined;
      mine.pool.dispose();
    },
  };
}
