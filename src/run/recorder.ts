/** Listens to a Newman run: counts, failures, progress lines and the secrets that pass by. */
import type { EventEmitter } from 'node:events';
import { NOT_FILED_TAG } from '../anaf';
import { ExitCode, type ErrorCode } from '../errors';
import type { Redactor } from './redact';
import type { TokenResponse } from '../tokens/tokens';

/** One failed assertion, script error or request error. */
export interface RunFailure {
  /** The request with its folders, `e-Transport / upload`: two requests may share a name. */
  item: string;
  /** 1-based iteration (one per `iterationData` row). */
  iteration: number;
  test: string;
  message: string;
  /** 1 assertion, 3 authorization needed, 4 ANAF unreachable. */
  exitCode: number;
  /** The stable code for `exitCode`. */
  code: RunFailureCode;
}

/** Codes a run's failure can carry. */
export type RunFailureCode = Extract<ErrorCode, 'ASSERTIONS_FAILED' | 'AUTH_REQUIRED' | 'UNAVAILABLE'>;

/** The stable code of a failure's exit code. */
export function failureCode(exitCode: number): RunFailureCode {
  if (exitCode === ExitCode.authorizationNeeded) return 'AUTH_REQUIRED';
  return exitCode === ExitCode.unavailable ? 'UNAVAILABLE' : 'ASSERTIONS_FAILED';
}

/** One request sent, as our own JSON report shows it (no headers, no bodies). */
export interface RunExecution {
  /** `Folder / request`. */
  item: string;
  /** 1-based iteration. */
  iteration: number;
  method: string;
  url: string;
  status?: number;
  responseTimeMs?: number;
  error?: string;
  assertions: { name: string; passed: boolean; message?: string }[];
}

/** The counts of one iteration, and what set it apart (the `cif` of its data row, when there is one). */
export interface RunIteration {
  iteration: number;
  label?: string;
  requests: number;
  skipped: number;
  assertions: number;
  failed: number;
}

/** A request that files and was not sent to ANAF production for want of the filing allowance. */
export interface NotFiled {
  item: string;
  iteration: number;
  /** The script's words: what was missing and how to allow it. */
  reason: string;
}

/** How a run stopped early by a signal: the requests it never reached, in collection order. */
export interface RunInterruption {
  notRun: number;
}

/** What the recorder has seen so far. */
export interface RunRecord {
  /** Requests sent. */
  requests: number;
  /** Requests that skipped themselves (a missing id, the browser step, the refresh on demand). */
  skipped: number;
  assertions: number;
  /** One entry per iteration, in order. */
  iterations: RunIteration[];
  failures: RunFailure[];
  executions: RunExecution[];
  /** Uploads that skipped because the environment does not allow filing in production. */
  notFiled: NotFiled[];
  /**
   * The last token answer (HTTP 200 with an `access_token`) seen in the run and when it came: what
   * must be saved if Newman cannot tell us its variables. Secret: never written to a report.
   */
  tokenAnswer?: { body: TokenResponse; atMs: number };
  /** Set by the run when a signal stopped it early: the requests it never reached. */
  interrupted?: RunInterruption;
}

/**
 * What a run's summary and its JSON report both tell: the counts, per iteration, the failures, and
 * (only when a signal stopped the run) how many requests it never reached.
 */
export function recordCounts(
  record: RunRecord,
): Pick<
  RunRecord,
  'requests' | 'skipped' | 'assertions' | 'iterations' | 'failures' | 'notFiled' | 'interrupted'
> {
  const { requests, skipped, assertions, iterations, failures, notFiled, interrupted } = record;
  return {
    requests,
    skipped,
    assertions,
    iterations,
    failures,
    notFiled,
    ...(interrupted ? { interrupted } : {}),
  };
}

// The scripts' words for an API 401 ("the access token was refused …") ask for refresh or login too.
const NEEDS_PERSON =
  /invalid_grant|invalid_client|unauthorized_client|authorize first|autoriza[țt]i mai [îi]nt[âa]i|access token was refused|tokenul de acces a fost refuzat/i;
// ANAF's firewall page (named by the scripts with its support ID) means ANAF refused to serve, like a 5xx.
const UNREACHABLE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ESOCKETTIMEDOUT|ENOTFOUND|EAI_AGAIN|EPIPE|socket hang up|timed? ?out|HTTP 5\d\d|HTTP 429|firewall/i;

/** Error codes of a request that never got an answer because of the network (or ANAF being down). */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Exit code a failure stands for: 3 when it says a person must authorize again, 4 when ANAF or the
 * network was unreachable, else 1 (an assertion failed, or the collection itself is wrong).
 * `error` is the request error when there is one: its `code` decides (a network code is 4, any
 * other code 1); without a code its message is judged like any other text.
 */
export function failureExitCode(text: string, error?: { code?: unknown }): number {
  if (NEEDS_PERSON.test(text)) return ExitCode.authorizationNeeded;
  if (error && typeof error.code === 'string' && error.code !== '') {
    return NETWORK_ERROR_CODES.has(error.code) ? ExitCode.unavailable : ExitCode.assertionsFailed;
  }
  if (UNREACHABLE.test(text)) return ExitCode.unavailable;
  return ExitCode.assertionsFailed;
}

interface NewmanLike {
  id?: string;
  name?: string;
  parent?: () => NewmanLike | undefined;
}

/**
 * `Folder / request`: the item's name under the names of its folders (the collection itself, which
 * has no parent, is left out). Two requests named `upload` stay apart.
 */
export function itemPath(item: NewmanLike | undefined): string {
  if (!item) return '?';
  const names = [item.name ?? '?'];
  for (let p = item.parent?.(); p && p.parent?.(); p = p.parent()) names.unshift(p.name ?? '?');
  return names.join(' / ');
}

/** Remembers the secrets a request and its answer carry; returns the answer when it is a token answer. */
function captureSecrets(redactor: Redactor, request: unknown, response: unknown): TokenResponse | undefined {
  const auth = (request as { headers?: { get?: (k: string) => string | undefined } })?.headers?.get?.(
    'Authorization',
  );
  if (auth) {
    redactor.add(auth);
    redactor.add(auth.replace(/^\S+\s+/, ''));
  }
  const body = (response as { stream?: Buffer })?.stream?.toString('utf8');
  if (!body || !body.includes('_token')) return undefined;
  try {
    const json = JSON.parse(body) as Partial<TokenResponse>;
    redactor.add(typeof json.access_token === 'string' ? json.access_token : undefined);
    redactor.add(typeof json.refresh_token === 'string' ? json.refresh_token : undefined);
    const ok = (response as { code?: number }).code === 200;
    return ok && typeof json.access_token === 'string' && json.access_token !== ''
      ? (json as TokenResponse)
      : undefined;
  } catch {
    return undefined; // not a token answer
  }
}

/**
 * Subscribes to `emitter` and returns the record it fills; `line` gets redacted progress lines and
 * `onTokenAnswer` each token answer ANAF gives, the moment it arrives.
 */
export function attachRecorder(
  emitter: EventEmitter,
  redactor: Redactor,
  line: (text: string) => void,
  labels: (string | undefined)[] = [],
  onTokenAnswer?: (answer: TokenResponse, atMs: number) => void,
): RunRecord {
  const record: RunRecord = {
    requests: 0,
    skipped: 0,
    assertions: 0,
    iterations: [],
    failures: [],
    executions: [],
    notFiled: [],
  };
  const say = (text: string) => line(redactor.redact(text));
  let iteration: RunIteration = { iteration: 1, requests: 0, skipped: 0, assertions: 0, failed: 0 };
  const fail = (f: Omit<RunFailure, 'code' | 'iteration'>) => {
    iteration.failed++;
    record.failures.push({
      ...f,
      iteration: iteration.iteration,
      code: failureCode(f.exitCode),
      // Names come from the collection and may hold a value a script put there: redacted like the message.
      item: redactor.redact(f.item),
      test: redactor.redact(f.test),
      message: redactor.redact(f.message),
    });
  };
  let current: RunExecution | undefined;
  // Whether the item under way sent its request: one that did not skipped itself.
  let sent = false;

  emitter.on('beforeIteration', (_err: Error | null, args: { cursor?: { iteration?: number } }) => {
    const index = args.cursor?.iteration ?? record.iterations.length;
    const label = labels[index];
    iteration = { iteration: index + 1, requests: 0, skipped: 0, assertions: 0, failed: 0 };
    if (label !== undefined) iteration.label = redactor.redact(label);
    record.iterations.push(iteration);
    if (labels.length > 1 || label !== undefined) say(`iteration ${index + 1}${label ? ` (${label})` : ''}`);
  });
  // Only `beforeItem` hands over the item with its parents; later events pass a detached copy.
  const paths = new Map<string, string>();
  const pathOf = (item: NewmanLike | undefined) => (item?.id && paths.get(item.id)) || itemPath(item);
  let itemUnderWay = '';
  emitter.on('beforeItem', (_err: Error | null, args: { item?: NewmanLike }) => {
    sent = false;
    if (args.item?.id) paths.set(args.item.id, itemPath(args.item));
    itemUnderWay = pathOf(args.item);
  });
  emitter.on('item', () => {
    if (sent) return;
    record.skipped++;
    iteration.skipped++;
  });

  emitter.on(
    'request',
    (err: Error | null, args: { item?: NewmanLike; request?: unknown; response?: unknown }) => {
      const tokenAnswer = captureSecrets(redactor, args.request, args.response);
      if (tokenAnswer) {
        record.tokenAnswer = { body: tokenAnswer, atMs: Date.now() };
        onTokenAnswer?.(tokenAnswer, record.tokenAnswer.atMs);
      }
      const item = pathOf(args.item);
      sent = true;
      iteration.requests++;
      const req = args.request as { method?: string; url?: { toString(): string } } | undefined;
      const res = args.response as { code?: number; responseTime?: number } | undefined;
      record.requests++;
      current = {
        item,
        iteration: iteration.iteration,
        method: req?.method ?? '',
        url: redactor.redact(String(req?.url ?? '')),
        status: res?.code,
        responseTimeMs: res?.responseTime,
        assertions: [],
        ...(err ? { error: redactor.redact(err.message) } : {}),
      };
      record.executions.push(current);
      if (err) {
        fail({
          item,
          test: 'request',
          message: err.message,
          exitCode: failureExitCode(err.message, err as NodeJS.ErrnoException),
        });
        say(`✗ ${item}: ${err.message}`);
      } else {
        // The URL as sent (redacted), as newman prints it (#27).
        say(
          `→ ${item}  ${current.method} ${current.status ?? ''} (${current.responseTimeMs ?? '?'} ms)  ${current.url}`,
        );
      }
    },
  );

  emitter.on(
    'assertion',
    (err: Error | null, args: { assertion: string; skipped?: boolean; item?: NewmanLike }) => {
      if (args.skipped) return;
      const item = pathOf(args.item);
      record.assertions++;
      iteration.assertions++;
      const message = err?.message;
      if (current && current.item === item) {
        current.assertions.push({
          name: redactor.redact(args.assertion),
          passed: !err,
          message: message && redactor.redact(message),
        });
      }
      if (err) {
        fail({
          item,
          test: args.assertion,
          message: err.message,
          exitCode: failureExitCode(`${args.assertion} ${err.message}`),
        });
        say(`  ✗ ${args.assertion}: ${err.message}`);
      } else {
        say(`  ✓ ${args.assertion}`);
      }
    },
  );

  emitter.on('exception', (_err: Error | null, args: { error?: Error; item?: NewmanLike }) => {
    const message = args.error?.message ?? 'script error';
    fail({ item: pathOf(args.item), test: 'script', message, exitCode: ExitCode.assertionsFailed });
    say(`  ✗ script error: ${message}`);
  });

  emitter.on('console', (_err: Error | null, args: { level?: string; messages?: unknown[] }) => {
    if (args.messages?.[0] === NOT_FILED_TAG) {
      const reason = redactor.redact(args.messages.slice(1).map(String).join(' '));
      record.notFiled.push({ item: itemUnderWay, iteration: iteration.iteration, reason });
    }
    const text = (args.messages ?? []).map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
    say(`  [${args.level ?? 'log'}] ${text}`);
  });

  return record;
}
