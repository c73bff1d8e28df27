/** Scripted faults: validation, per-path queues, and the answer each fault gives. */
import { STATUS_CODES } from 'node:http';
import { firewallPage } from '../anaf';
import { apiError, json, mergeHeaders, type Reply } from './http';
import { oauthErrorReply } from './oauth-error';
import type { Fault, OAuthErrorCode } from './types';

const OAUTH_ERRORS: readonly OAuthErrorCode[] = [
  'invalid_grant',
  'invalid_client',
  'invalid_request',
  'unsupported_grant_type',
];
const KEYS = [
  'status',
  'body',
  'headers',
  'delayMs',
  'reset',
  'malformedJson',
  'retryAfterSeconds',
  'oauthError',
  'firewallSupportId',
];
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Thrown for a fault or script that cannot be used; the message names the field. */
export class FaultError extends Error {}

function isInt(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** Checks one fault: unknown fields and bad values are refused, so a typo never passes silently. */
export function checkFault(value: unknown, where: string): Fault {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new FaultError(`${where} must be an object`);
  const f = value as Record<string, unknown>;
  const unknown = Object.keys(f).find((k) => !KEYS.includes(k));
  if (unknown) throw new FaultError(`${where}.${unknown} is not a fault field (${KEYS.join(', ')})`);
  const fail = (field: string, accepted: string) => new FaultError(`${where}.${field} must be ${accepted}`);
  if (f.status !== undefined && !isInt(f.status, 200, 599))
    throw fail('status', 'an HTTP status from 200 to 599');
  if (f.body !== undefined && (f.body === null || !['string', 'object'].includes(typeof f.body))) {
    throw fail('body', 'a string or a JSON object');
  }
  if (f.headers !== undefined) {
    if (typeof f.headers !== 'object' || f.headers === null)
      throw fail('headers', 'an object of header values');
    for (const [name, v] of Object.entries(f.headers)) {
      if (!TOKEN.test(name) || typeof v !== 'string' || /[\r\n\0]/.test(v)) {
        throw fail(`headers.${name}`, 'a valid header name with a one-line string value');
      }
    }
  }
  if (f.delayMs !== undefined && !isInt(f.delayMs, 0, 600_000))
    throw fail('delayMs', 'an integer from 0 to 600000');
  for (const flag of ['reset', 'malformedJson'] as const) {
    if (f[flag] !== undefined && typeof f[flag] !== 'boolean') throw fail(flag, 'true or false');
  }
  if (f.retryAfterSeconds !== undefined && !isInt(f.retryAfterSeconds, 0, 86_400)) {
    throw fail('retryAfterSeconds', 'an integer from 0 to 86400');
  }
  if (
    f.firewallSupportId !== undefined &&
    !(typeof f.firewallSupportId === 'string' && /^\d{1,30}$/.test(f.firewallSupportId))
  ) {
    throw fail('firewallSupportId', 'a string of digits');
  }
  if (f.oauthError !== undefined && !OAUTH_ERRORS.includes(f.oauthError as OAuthErrorCode)) {
    throw fail('oauthError', OAUTH_ERRORS.join(', '));
  }
  return { ...(f as Fault) };
}

/** Checks a script's path: an exact pathname or `*`. */
export function checkPath(path: unknown): string {
  if (typeof path !== 'string' || !(path === '*' || path.startsWith('/')) || path.startsWith('/__mock/')) {
    throw new FaultError('path must be an exact pathname such as /anaf-oauth2/v1/token, or *');
  }
  return path;
}

/** Queues of faults by path. */
export class FaultQueue {
  private readonly queues = new Map<string, Fault[]>();

  add(path: string, faults: Fault[]): void {
    this.queues.set(path, [...(this.queues.get(path) ?? []), ...faults]);
  }

  /** The next fault for `path`: its own queue first, then `*`. */
  take(path: string): Fault | undefined {
    for (const key of [path, '*']) {
      const queue = this.queues.get(key);
      if (queue?.length) return queue.shift();
    }
    return undefined;
  }

  clear(): void {
    this.queues.clear();
  }
}

/** The answer a fault replaces the normal one with, or `undefined` when it only delays or adds headers. */
export function faultReply(f: Fault): Reply | undefined {
  let reply: Reply | undefined;
  if (f.reset) return { status: 0, headers: {}, body: '', reset: true };
  if (f.firewallSupportId !== undefined) {
    reply = {
      status: 200,
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
      body: firewallPage(f.firewallSupportId),
    };
  } else if (f.oauthError)
    reply = oauthErrorReply(f.oauthError, 'scripted fault', f.oauthError === 'invalid_client');
  else if (f.retryAfterSeconds !== undefined) {
    reply = apiError(429, 'Too many requests: retry later', { 'Retry-After': String(f.retryAfterSeconds) });
  } else if (f.malformedJson) {
    // Cut off mid-string: every JSON parser must reject it.
    reply = json(f.status ?? 200, null);
    reply.body = '{"access_token":"scripted-malformed-json';
  } else if (typeof f.body === 'string') {
    reply = {
      status: f.status ?? 200,
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      body: f.body,
    };
  } else if (f.body !== undefined) reply = json(f.status ?? 200, f.body);
  else if (f.status !== undefined) {
    reply = json(f.status, {
      status: f.status,
      error: STATUS_CODES[f.status] ?? 'Error',
      message: 'scripted fault',
    });
  }
  if (reply && f.headers) reply.headers = mergeHeaders(reply.headers, f.headers);
  return reply;
}
