/** `anaf-postman mock`: runs the offline ANAF mock until SIGINT or SIGTERM. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { isTaxpayerCode, MOCK_DEFAULT_PORT, MOCK_DEMO_CLIENT, Paths } from '../anaf';
import { parseDuration } from '../duration';
import { AnafPostmanError, isAnafError } from '../errors';
import type { MockClient, MockOptions, MockServer } from '../mock';
import { MAX_LATENCY_MS } from '../mock/options';

/** The most received invoices `--received` takes (the mock's own limit). */
const MAX_RECEIVED = 100_000;

/** Flags as yargs hands them over (numbers as text, so a bad value can be named exactly). */
export interface MockArgs {
  port?: string;
  host?: string;
  'access-ttl'?: string;
  'refresh-ttl'?: string;
  rotate?: boolean;
  latency?: string;
  'processing-polls'?: string;
  client?: string[];
  received?: string;
  'received-cif'?: string;
  seed?: string;
  quiet?: boolean;
  'state-file'?: string;
  fresh?: boolean;
}

/**
 * Where the CLI's mock keeps its state by default: `~/.anaf-postman/mock-state.json`, so tokens
 * issued before a restart still work (the library's `startMock()` keeps none).
 */
export function defaultStateFile(): string {
  return path.join(os.homedir(), '.anaf-postman', 'mock-state.json');
}

function usage(message: string): AnafPostmanError {
  return new AnafPostmanError('USAGE', message);
}

function integer(text: string, flag: string, max: number): number {
  if (!/^\d{1,6}$/.test(text.trim()) || Number(text) > max) {
    throw usage(`${flag} must be an integer from 0 to ${max}, not "${text}"`);
  }
  return Number(text);
}

/** A lifetime in seconds; zero is refused as it can only be a mistake on the command line. */
function ttlSeconds(text: string, flag: string): number {
  const ms = parseDuration(text, flag);
  if (ms <= 0) throw usage(`${flag} must be longer than 0, like 90d or 1h, not "${text}"`);
  return ms / 1000;
}

/** `ID:SECRET:REDIRECT`; the redirect URI keeps its own colons (split on the first two only). */
export function parseClient(text: string): MockClient {
  const first = text.indexOf(':');
  const second = first < 0 ? -1 : text.indexOf(':', first + 1);
  const id = text.slice(0, Math.max(first, 0));
  const secret = second < 0 ? '' : text.slice(first + 1, second);
  const redirect = second < 0 ? '' : text.slice(second + 1);
  let valid = id !== '' && secret !== '' && redirect !== '' && !redirect.includes('#');
  try {
    valid = valid && new URL(redirect).protocol !== '';
  } catch {
    valid = false;
  }
  if (!valid) {
    // The value holds a secret: name the client id only.
    const shown = id ? `client "${id}"` : 'a client';
    throw usage(
      `--client must be ID:SECRET:REDIRECT with an absolute redirect URL without #fragment (${shown})`,
    );
  }
  return { clientId: id, clientSecret: secret, redirectUris: [redirect] };
}

/** Flags → mock options. The demo client always stays registered; `--client` adds more. */
export function mockOptions(args: MockArgs): MockOptions {
  const host = (args.host ?? '127.0.0.1').trim();
  if (host === '') throw usage('--host must be a host name or address, like 127.0.0.1 or 0.0.0.0');
  const demo: MockClient = {
    clientId: MOCK_DEMO_CLIENT.clientId,
    clientSecret: MOCK_DEMO_CLIENT.clientSecret,
    redirectUris: [...MOCK_DEMO_CLIENT.redirectUris],
  };
  const clients = [demo];
  for (const text of args.client ?? []) {
    const client = parseClient(String(text));
    const same = clients.find((c) => c.clientId === client.clientId);
    if (!same) clients.push(client);
    else if (same !== demo && same.clientSecret === client.clientSecret)
      same.redirectUris.push(...client.redirectUris);
    else
      throw usage(
        `--client ${client.clientId} is given twice with different secrets, or is the demo client's id`,
      );
  }
  const latency = parseDuration(args.latency ?? '0ms', '--latency');
  if (latency > MAX_LATENCY_MS) {
    throw usage(
      `--latency must be at most ${MAX_LATENCY_MS / 60_000}m (${MAX_LATENCY_MS} ms), not "${args.latency}"`,
    );
  }
  const received = args.received === undefined ? 0 : integer(args.received, '--received', MAX_RECEIVED);
  if (received === 0 && (args['received-cif'] !== undefined || args.seed !== undefined)) {
    throw usage('--received-cif and --seed shape the received traffic: give --received N as well');
  }
  const cifs = (args['received-cif'] ?? MOCK_DEMO_CLIENT.cif)
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  for (const cif of cifs) {
    if (!isTaxpayerCode(cif)) {
      throw usage(`--received-cif must list CUIs or CNPs with a valid check digit, not "${cif}"`);
    }
  }
  const seed = args.seed !== undefined ? integer(args.seed, '--seed', 999_999) : 1;
  return {
    // Each CIF its own traffic, from the seed and its place in the list.
    ...(received > 0 ? { received: cifs.map((cif, i) => ({ count: received, cif, seed: seed + i })) } : {}),
    port: integer(args.port ?? String(MOCK_DEFAULT_PORT), '--port', 65535),
    host,
    accessTtlSeconds: ttlSeconds(args['access-ttl'] ?? '90d', '--access-ttl'),
    refreshTtlSeconds: ttlSeconds(args['refresh-ttl'] ?? '365d', '--refresh-ttl'),
    rotate: args.rotate ?? true,
    latencyMs: latency,
    processingPolls: integer(args['processing-polls'] ?? '0', '--processing-polls', 1000),
    clients,
    stateFile: stateFileOf(args['state-file']),
    freshState: args.fresh ?? false,
  };
}

/** The state file of `--state-file`: a leading `~` is the home folder (a quoted `~` reaches us as is). */
function stateFileOf(text: string | undefined): string {
  if (text === undefined) return defaultStateFile();
  if (text.trim() === '') throw usage('--state-file must be a file path, like ./mock-state.json');
  if (text === '~' || text.startsWith('~/')) return path.join(os.homedir(), text.slice(1));
  return path.resolve(text);
}

/** What the mock serves, for people (no secret is printed). */
function banner(
  mock: MockServer,
  clients: MockClient[],
  state: string,
  received?: MockOptions['received'],
): string {
  const u = mock.url;
  const names = clients.map((c) => {
    const demo = c.clientId === MOCK_DEMO_CLIENT.clientId ? 'demo client, ' : '';
    return `${c.clientId} (${demo}redirect ${c.redirectUris.join(' | ')})`;
  });
  return [
    `ANAF mock listening on ${u}`,
    `  OAuth 2.0:   ${u}${Paths.oauth}  (authorize, token)`,
    `  e-Factura:   ${u}${Paths.efactura('prod')}  (and ${Paths.efactura('test')})`,
    `  e-Transport: ${u}${Paths.etransport('prod')}  (and ${Paths.etransport('test')})`,
    `  hello:       ${u}${Paths.hello}?name=you`,
    `  control:     ${u}/__mock/requests, /__mock/script, /__mock/reset, /__mock/jwks`,
    `  clients:     ${names.join(', ')}`,
    `  state:       ${state}`,
    ...[received ?? []]
      .flat()
      .map((r) => `  received:    ${r.count} invoice(s) for CIF ${r.cif ?? MOCK_DEMO_CLIENT.cif}`),
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export const command: CommandModule<object, MockArgs> = {
  command: 'mock',
  describe:
    'Run the offline ANAF mock (OAuth 2.0, e-Factura, e-Transport, fault injection) until Ctrl+C. ' +
    'Exits 2 on a bad flag or when the port is already in use.',
  builder: (y) =>
    y
      .option('port', {
        type: 'string',
        describe: 'TCP port; 0 picks a free one',
        default: String(MOCK_DEFAULT_PORT),
      })
      .option('host', {
        type: 'string',
        describe: 'Interface to listen on (0.0.0.0 for every one)',
        default: '127.0.0.1',
      })
      .option('access-ttl', {
        type: 'string',
        describe: 'Access-token lifetime: 90d, 12h, 30m, 120s (a unit is required)',
        default: '90d',
      })
      .option('refresh-ttl', {
        type: 'string',
        describe: 'Refresh-token lifetime: 365d, 12h (a unit is required)',
        default: '365d',
      })
      .option('rotate', {
        type: 'boolean',
        describe: 'A refresh issues a new refresh token and retires the old one; --no-rotate keeps it valid',
        default: true,
      })
      .option('latency', {
        type: 'string',
        describe: `Delay added to every answer: 50ms, 2s (a unit is required; at most ${MAX_LATENCY_MS / 60_000}m)`,
        default: '0ms',
      })
      .option('processing-polls', {
        type: 'string',
        describe: 'e-Factura stareMesaj polls answering "in prelucrare" before "ok"',
        default: '0',
      })
      .option('client', {
        type: 'string',
        array: true,
        describe:
          'Register a client as ID:SECRET:REDIRECT (repeatable; the redirect may contain ":"); ' +
          'the demo client stays registered',
      })
      .option('received', {
        type: 'string',
        describe:
          'Hold N received invoices for --received-cif (with credit notes, buyer messages, error messages ' +
          'and sent invoices besides), spread over the last 60 days, 500 per list page',
      })
      .option('received-cif', {
        type: 'string',
        describe: `The CIF(s) the received traffic is for, comma-separated, each its own N (default the demo client's, ${MOCK_DEMO_CLIENT.cif})`,
      })
      .option('seed', {
        type: 'string',
        describe: 'Seed of the received traffic: the same seed and N give the same messages (default 1)',
      })
      .option('quiet', { type: 'boolean', describe: 'Do not log one line per request', default: false })
      .option('state-file', {
        type: 'string',
        describe:
          'Keep tokens, uploads and quota counts across restarts in this file (written atomically, mode 0600)',
        default: '~/.anaf-postman/mock-state.json',
      })
      .option('fresh', {
        type: 'boolean',
        describe: 'Start clean: forget the saved state (tokens issued before no longer work)',
        default: false,
      })
      .example('$0 mock', 'serve on http://127.0.0.1:3003 with the demo client')
      .example('$0 mock --port 0 --access-ttl 2m --no-rotate', 'short-lived tokens, no rotation, a free port')
      .example('$0 mock --client my-app:s3cret:https://localhost:8443/cb', 'also accept your own client')
      .example(
        '$0 mock --received 1200 --seed 7',
        '1,200 invoices to receive (3 list pages), the same each time',
      )
      .example('$0 mock --fresh', 'start clean: earlier tokens and uploads are forgotten')
      .epilog(
        'Control API: GET /__mock/requests[?path=], POST /__mock/script {"path","faults":[...]}, ' +
          'POST /__mock/reset, GET /__mock/jwks or /__mock/public-key, POST /__mock/options, POST /__mock/tokens.',
      ),
  handler: async (args) => {
    const options = mockOptions(args);
    const { startMock } = require('../mock') as typeof import('../mock');
    const log = args.quiet
      ? undefined
      : (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
    const warn = (line: string) => process.stderr.write(`anaf-postman: ${line}\n`);
    const file = options.stateFile ?? defaultStateFile();
    const restored = !options.freshState && fs.existsSync(file);
    let mock: MockServer;
    try {
      mock = await startMock({ ...options, log, warn });
    } catch (e) {
      if (isAnafError(e, 'BAD_FILE') && e.details?.file === file) {
        throw new AnafPostmanError(
          'BAD_FILE',
          `${e.message}; start clean with \`anaf-postman mock --fresh\` or move the file away`,
          e.details,
          { cause: e },
        );
      }
      throw e;
    }
    const state = options.freshState ? `${file} (started fresh)` : restored ? `${file} (restored)` : file;
    process.stdout.write(banner(mock, options.clients ?? [], state, options.received));
    const signal = await untilSignal();
    await mock.close();
    process.stdout.write(`ANAF mock stopped (${signal})\n`);
  },
};
