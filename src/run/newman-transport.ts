/**
 * Newman's requests (and the scripts' `pm.sendRequest`) through the process's transport: its
 * agents route, tunnel, rate-limit and bound every request. Newman only lets us choose the agents
 * (`requestAgents`); left alone, postman-request would still read HTTPS_PROXY itself and send each
 * https request through a tunnel agent of its own, past our agents: no rate limit, no 429 pause, no
 * kept-alive connection. postman-runtime's documented run option `ignoreProxyEnvironmentVariables`
 * turns that off, but Newman 6 does not pass it on, so the runner Newman loads is given it for each
 * run whose agents are ours.
 */
import path from 'node:path';
import { AnafPostmanError } from '../errors';
import {
  checkProxySettings,
  isTransport,
  transportAgents,
  type TransportAgents,
} from '../transport/transport';

type RunMethod = (
  this: unknown,
  collection: unknown,
  options: Record<string, unknown>,
  ...rest: unknown[]
) => unknown;

interface RunnerPrototype {
  run: RunMethod & { [LEAVES_PROXY]?: true };
}

const LEAVES_PROXY = Symbol('anaf-postman.leavesProxyToTransport');

/** postman-runtime's Runner as Newman itself loads it (its own copy, not a top-level one). */
function runnerPrototype(): RunnerPrototype {
  const newmanDir = path.dirname(require.resolve('newman/package.json'));
  const runtime = require(require.resolve('postman-runtime', { paths: [newmanDir] })) as {
    Runner?: { prototype?: Partial<RunnerPrototype> };
  };
  const proto = runtime.Runner?.prototype;
  if (typeof proto?.run !== 'function') {
    // Without the option, a proxy variable would send Newman's requests past the rate limit.
    throw new AnafPostmanError(
      'INTERNAL',
      "Newman's postman-runtime has no Runner#run: cannot route its requests",
    );
  }
  return proto as RunnerPrototype;
}

/**
 * Wraps `Runner#run` so a run given our agents leaves proxying to them. Checked on every run, not
 * once: another wrapper (the shared sandboxes of a batch) may put back the method it found.
 */
function leaveProxyToTransport(): void {
  const proto = runnerPrototype();
  if (proto.run[LEAVES_PROXY]) return;
  const original = proto.run;
  const wrapped: RunnerPrototype['run'] = function (this: unknown, collection, options, ...rest) {
    const requester = options?.requester as { agents?: unknown } | undefined;
    const ours = isTransport(requester?.agents);
    return original.call(
      this,
      collection,
      ours ? { ...options, ignoreProxyEnvironmentVariables: true } : options,
      ...rest,
    );
  };
  wrapped[LEAVES_PROXY] = true;
  proto.run = wrapped;
}

/**
 * Newman's options that send its requests through the transport, each ending within
 * `timeoutRequestMs` of being sent (headers and body, however slowly they drip).
 * @throws AnafPostmanError `USAGE` when a proxy variable is not an http(s) URL (before anything is
 *   sent); `INTERNAL` when Newman's runtime changed shape.
 */
export function newmanTransport(timeoutRequestMs: number): { requestAgents: TransportAgents } {
  checkProxySettings();
  leaveProxyToTransport();
  return { requestAgents: transportAgents(timeoutRequestMs) };
}
