/** Defaults and validation of {@link MockOptions}: a bad value fails at start, not mid-request. */
import {
  ACCESS_TOKEN_LIFETIME_SECONDS,
  CODE_LIFETIME_SECONDS,
  isTaxpayerCode,
  LIST_PAGE_SIZE,
  MOCK_DEFAULT_PORT,
  MOCK_DEMO_CLIENT,
  REFRESH_TOKEN_LIFETIME_SECONDS,
} from '../anaf';
import { AnafPostmanError } from '../errors';
import { MAX_RECEIVED, type ReceivedTrafficOptions } from './received';
import type { MockClient, MockOptions, MutableMockOptions } from './types';

/** Options with every default filled in. */
export interface Settings {
  port: number;
  host: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  rotate: boolean;
  latencyMs: number;
  codeTtlSeconds: number;
  processingPolls: number;
  clients: MockClient[];
  received?: ReceivedTrafficOptions[];
  listPageSize: number;
  now: () => number;
  log?: (line: string) => void;
  stateFile?: string;
  freshState: boolean;
  warn?: (line: string) => void;
}

/**
 * Longest `latencyMs` accepted: 10 minutes, the same cap as a fault's `delayMs`. Node's timers
 * overflow past about 24.8 days and then fire after 1 ms.
 */
export const MAX_LATENCY_MS = 600_000;

function usage(message: string): AnafPostmanError {
  return new AnafPostmanError('USAGE', `mock: ${message}`);
}

function checkNumber(name: string, value: unknown, integer: boolean, max = Number.MAX_SAFE_INTEGER): void {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= max;
  if (!ok || (integer && !Number.isInteger(value))) {
    const kind = integer ? 'an integer' : 'a number';
    throw usage(`${name} must be ${kind} from 0 to ${max}, not ${String(value)}`);
  }
}

/** Validates the options `setOptions` may change. */
export function checkMutable(partial: Partial<MutableMockOptions>): void {
  for (const name of ['accessTtlSeconds', 'refreshTtlSeconds'] as const) {
    if (partial[name] !== undefined) checkNumber(name, partial[name], false);
  }
  if (partial.latencyMs !== undefined) checkNumber('latencyMs', partial.latencyMs, false, MAX_LATENCY_MS);
  if (partial.processingPolls !== undefined) checkNumber('processingPolls', partial.processingPolls, true);
  if (partial.rotate !== undefined && typeof partial.rotate !== 'boolean') {
    throw usage(`rotate must be true or false, not ${String(partial.rotate)}`);
  }
}

/** True for an absolute URL without a fragment, as RFC 6749 §3.1.2 requires of a redirect URI. */
export function isRedirectUri(value: string): boolean {
  try {
    return new URL(value).hash === '' && !value.includes('#');
  } catch {
    return false;
  }
}

function checkClients(clients: MockClient[]): void {
  if (!Array.isArray(clients) || clients.length === 0) throw usage('clients must list at least one client');
  const seen = new Set<string>();
  for (const c of clients) {
    if (!c || typeof c.clientId !== 'string' || c.clientId === '')
      throw usage('every client needs a clientId');
    if (typeof c.clientSecret !== 'string' || c.clientSecret === '') {
      throw usage(`client ${c.clientId} needs a clientSecret`);
    }
    if (seen.has(c.clientId)) throw usage(`client ${c.clientId} is listed twice`);
    seen.add(c.clientId);
    if (!Array.isArray(c.redirectUris) || c.redirectUris.length === 0) {
      throw usage(`client ${c.clientId} needs at least one redirect URI`);
    }
    for (const uri of c.redirectUris) {
      if (typeof uri !== 'string' || !isRedirectUri(uri)) {
        throw usage(
          `redirect URI "${String(uri)}" of client ${c.clientId} must be an absolute URL without #fragment`,
        );
      }
    }
  }
}

function checkReceived(received: ReceivedTrafficOptions): void {
  if (typeof received !== 'object' || received === null)
    throw usage('received must be an object with a count');
  checkNumber('received.count', received.count, true, MAX_RECEIVED);
  if (received.seed !== undefined) checkNumber('received.seed', received.seed, true, 2 ** 31 - 1);
  for (const code of [received.cif, ...(received.alsoFor ?? [])]) {
    if (code !== undefined && (typeof code !== 'string' || !isTaxpayerCode(code))) {
      throw usage(`received: ${String(code)} is not a CUI or CNP with a valid check digit`);
    }
  }
  if (received.alsoFor !== undefined && !Array.isArray(received.alsoFor)) {
    throw usage('received.alsoFor must be a list of codes');
  }
}

/**
 * Fills in defaults and validates.
 * @throws AnafPostmanError `USAGE` naming the option and what it accepts.
 */
export function resolveOptions(options: MockOptions = {}): Settings {
  const settings: Settings = {
    port: options.port ?? MOCK_DEFAULT_PORT,
    host: options.host ?? '127.0.0.1',
    accessTtlSeconds: options.accessTtlSeconds ?? ACCESS_TOKEN_LIFETIME_SECONDS,
    refreshTtlSeconds: options.refreshTtlSeconds ?? REFRESH_TOKEN_LIFETIME_SECONDS,
    rotate: options.rotate ?? true,
    latencyMs: options.latencyMs ?? 0,
    codeTtlSeconds: options.codeTtlSeconds ?? CODE_LIFETIME_SECONDS,
    processingPolls: options.processingPolls ?? 0,
    clients: (
      options.clients ?? [
        {
          clientId: MOCK_DEMO_CLIENT.clientId,
          clientSecret: MOCK_DEMO_CLIENT.clientSecret,
          redirectUris: [...MOCK_DEMO_CLIENT.redirectUris],
        },
      ]
    ).map((c) => ({
      ...c,
      redirectUris: Array.isArray(c?.redirectUris) ? [...c.redirectUris] : c?.redirectUris,
    })),
    ...(options.received
      ? {
          received: (Array.isArray(options.received) ? options.received : [options.received]).map((r) => ({
            ...r,
          })),
        }
      : {}),
    listPageSize: options.listPageSize ?? LIST_PAGE_SIZE,
    now: options.now ?? Date.now,
    log: options.log,
    stateFile: options.stateFile,
    freshState: options.freshState ?? false,
    warn: options.warn,
  };
  checkNumber('port', settings.port, true, 65535);
  if (typeof settings.host !== 'string' || settings.host === '')
    throw usage('host must be a host name or address');
  checkMutable(settings);
  checkNumber('codeTtlSeconds', settings.codeTtlSeconds, false);
  checkNumber('listPageSize', settings.listPageSize, true, LIST_PAGE_SIZE);
  if (settings.listPageSize < 1) throw usage(`listPageSize must be an integer from 1 to ${LIST_PAGE_SIZE}`);
  if (typeof settings.now !== 'function') throw usage('now must be a function returning milliseconds');
  if (
    settings.stateFile !== undefined &&
    (typeof settings.stateFile !== 'string' || settings.stateFile === '')
  ) {
    throw usage('stateFile must be a file path');
  }
  checkClients(settings.clients);
  for (const traffic of settings.received ?? []) checkReceived(traffic);
  return settings;
}
