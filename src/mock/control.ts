/**
 * The test-control API, off ANAF's paths under `/__mock/`: script faults, read recorded requests,
 * reset, fetch the JWT key, change options, issue tokens. Never delayed, faulted or recorded.
 */
import { isAnafError } from '../errors';
import { FaultError } from './faults';
import { json, text, type Reply } from './http';
import type { MockServer } from './types';

/** Control prefix. */
export const CONTROL_PREFIX = '/__mock/';

function bad(message: string): Reply {
  return json(400, { error: 'invalid_request', error_description: message });
}

function parseJson(body: Buffer): unknown {
  const source = body.toString('utf8').trim();
  return source === '' ? {} : JSON.parse(source);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Runs `action`, turning a usage problem into a 400 and anything else into a rethrow. */
function guarded(action: () => Reply): Reply {
  try {
    return action();
  } catch (e) {
    if (e instanceof SyntaxError) return bad(`body is not JSON: ${e.message}`);
    if (e instanceof FaultError || isAnafError(e, 'USAGE')) return bad(e.message);
    throw e;
  }
}

/** Answers one control request. */
export function controlReply(
  method: string,
  path: string,
  query: URLSearchParams,
  body: Buffer,
  mock: MockServer,
  jwk: Record<string, unknown>,
): Reply {
  const route = `${method} ${path.slice(CONTROL_PREFIX.length)}`;
  switch (route) {
    case 'GET requests':
      return json(200, mock.requests(query.get('path') ?? undefined));
    case 'POST reset':
      mock.reset();
      return json(200, { reset: true });
    case 'GET jwks':
      return json(200, { keys: [jwk] });
    case 'GET public-key':
      return { ...text(200, mock.publicKeyPem), headers: { 'Content-Type': 'application/x-pem-file' } };
    case 'POST script':
      return guarded(() => {
        const value = parseJson(body);
        if (!isObject(value) || !Array.isArray(value.faults))
          return bad('send {"path": "...", "faults": [...]}');
        mock.script(value.path as string, ...(value.faults as object[]));
        return json(200, { queued: value.faults.length });
      });
    case 'POST options':
      return guarded(() => {
        const value = parseJson(body);
        if (!isObject(value)) return bad('send a JSON object of options');
        mock.setOptions(value);
        return json(200, { updated: Object.keys(value) });
      });
    case 'POST tokens':
      return guarded(() => {
        const value = parseJson(body);
        if (!isObject(value))
          return bad('send a JSON object (clientId, jwt, accessTtlSeconds, refreshTtlSeconds)');
        return json(200, mock.issueTokens(value), { 'Cache-Control': 'no-store' });
      });
    default:
      return json(404, {
        status: 404,
        error: 'Not Found',
        message:
          'control endpoints: GET requests[?path=], POST script, POST reset, GET jwks, GET public-key, POST options, POST tokens',
      });
  }
}
