/** `login()`: authorize URL → redirect caught or pasted → state checked → code exchanged at once → tokens saved. */
import path from 'node:path';
import { CODE_LIFETIME_SECONDS, Var } from '../anaf';
import { AnafPostmanError, isAnafError, optionError } from '../errors';
import { applyUpdates, exposedMode } from '../store';
import { authorizeUrl, newState } from './authorize-url';
import { callbackError, checkState, type Callback } from './callback';
import { chooseMode, loadLoginConfig, type LoginConfig } from './config';
import { exchangeCode, loginUpdates, saveTokens } from './exchange';
import { startListener, type CallbackHit } from './listener';
import { Pages } from './pages';
import { readPasted } from './paste';
import type { LoginMessage, LoginOptions, LoginResult } from './types';
import { checkWritable } from './writable';

/** Default wait for the redirect or the paste. */
export const DEFAULT_LOGIN_TIMEOUT_MS = 120_000;

/** Longest wait accepted (a day; timers cannot go much beyond 24 days anyway). */
export const MAX_LOGIN_TIMEOUT_MS = 24 * 3600_000;

/** `120000` → `2m`, `1500` → `1500ms`. */
export function formatDuration(ms: number): string {
  if (ms % 3600_000 === 0) return `${ms / 3600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** Rejects with `AUTH_REQUIRED` and `message` when `promise` takes longer than `ms`; leaves no timer behind. */
function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AnafPostmanError('AUTH_REQUIRED', message, { error: 'timeout' })),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface Flow {
  options: LoginOptions;
  config: LoginConfig;
  state: string;
  url: string;
  timeoutMs: number;
  tell: (message: LoginMessage) => void;
  now: () => number;
}

async function openBrowser(flow: Flow): Promise<void> {
  if (!flow.options.openBrowser) return;
  try {
    await flow.options.openBrowser(flow.url);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    flow.tell({ kind: 'notice', text: `could not open a browser (${why}): open the URL yourself` });
  }
}

/** Checks the callback, exchanges its code at once and saves the tokens. */
async function complete(flow: Flow, callback: Callback): Promise<LoginResult> {
  const { config } = flow;
  const file = config.env.path;
  const checked = checkState(callback, flow.state, flow.options.requireState ?? false);
  if (callback.error) throw callbackError(callback);
  const code = callback.code as string;
  // No await before the exchange: the code lives 60 s.
  const body = exchangeCode(config.vars, code, file, {
    retries: flow.options.retries,
    timeoutMs: flow.options.requestTimeoutMs,
  });
  if (checked === 'absent') {
    flow.tell({
      kind: 'notice',
      text: callback.bare
        ? 'a bare code carries no state: the state was not checked'
        : 'the redirect carried no state (ANAF may not echo it): the state was not checked',
    });
  }
  const updates = loginUpdates(await body, flow.now());
  await saveTokens(config.env, updates);
  return {
    file,
    mode: flow.options.mode ?? (config.local ? 'listen' : 'paste'),
    stateChecked: checked === 'matched',
    accessTokenExpiresAt: updates[Var.accessTokenExpiresAt] || undefined,
    refreshTokenExpiresAt: updates[Var.refreshTokenExpiresAt] || undefined,
    refreshTokenReceived: Var.refreshToken in updates,
    exposedMode: exposedMode(file, applyUpdates(config.env.data, updates)),
  };
}

async function listenFlow(flow: Flow): Promise<LoginResult> {
  const redirectUri = flow.config.authorize[Var.redirectUri];
  const listener = await startListener(flow.config.local!, flow.state, (reason) =>
    flow.tell({
      kind: 'notice',
      text:
        reason === 'no state'
          ? 'ignored a redirect without state (it cannot be told from a stray request): still waiting; if ANAF sends none, log in in paste mode'
          : 'ignored a redirect with another state (not this login): still waiting',
    }),
  );
  let hit: CallbackHit | undefined;
  try {
    flow.tell({ kind: 'authorizeUrl', url: flow.url });
    flow.tell({
      kind: 'listening',
      redirectUri,
      deadline: new Date(flow.now() + flow.timeoutMs).toISOString(),
    });
    await openBrowser(flow);
    hit = await within(
      listener.hit,
      flow.timeoutMs,
      `no redirect reached ${redirectUri} within ${formatDuration(flow.timeoutMs)}: run login again`,
    );
    const result = await complete(flow, hit.callback);
    await hit.reply(Pages.done(path.basename(flow.config.env.path)));
    return result;
  } catch (err) {
    if (hit) {
      const denied = isAnafError(err) && err.details?.error === 'access_denied';
      const why = isAnafError(err) ? err.message : 'internal error';
      await hit.reply(Pages.failed(denied ? 'Authorization denied' : 'Login failed', why));
    }
    throw err;
  } finally {
    await listener.close();
  }
}

async function pasteFlow(flow: Flow): Promise<LoginResult> {
  const input = flow.options.input!;
  flow.tell({ kind: 'authorizeUrl', url: flow.url });
  await openBrowser(flow);
  const reader = readPasted(input, (text) => flow.tell({ kind: 'notice', text }));
  flow.tell({
    kind: 'prompt',
    // Two clocks: our wait (--timeout) and ANAF's code, which dies 60 s after the approval.
    text:
      `After approving, paste the full URL the browser was redirected to (or the bare code) and press Enter, ` +
      `within ${formatDuration(flow.timeoutMs)}; ANAF's code expires ${CODE_LIFETIME_SECONDS} s after you approve, so paste it at once:`,
  });
  let callback: Callback;
  try {
    callback = await within(
      reader.result,
      flow.timeoutMs,
      `no code was pasted within ${formatDuration(flow.timeoutMs)}: run login again`,
    );
  } finally {
    reader.stop();
  }
  return complete(flow, callback);
}

/**
 * Logs in with the browser: builds the authorize URL from `options.environment` (client id,
 * redirect URI, `response_type=code`, `token_content_type=jwt`, a fresh `state`), tells it through
 * `onMessage`, waits for the redirect (`listen`) or the pasted URL or code (`paste`), checks the
 * state, exchanges the code at once with the collection's token request and saves the tokens into
 * the file (atomic, locked, types kept, `authorizationCode` cleared). Prints nothing.
 * @throws AnafPostmanError `BAD_FILE` / `USAGE` (exit 2) before anything is shown or served, and
 *   `WRITE_FAILED` then too when the file, its folder or its lock cannot be written;
 *   `AUTH_REQUIRED` (exit 3) for a denied authorization, a state mismatch, a rejected code or a
 *   timeout; `UNAVAILABLE` when the token endpoint cannot be reached; `WRITE_FAILED` with the
 *   tokens in a recovery file.
 */
export async function login(options: LoginOptions): Promise<LoginResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_LOGIN_TIMEOUT_MS) {
    throw optionError('USAGE', 'timeoutMs', `must be longer than 0 and at most 24h, not ${timeoutMs} ms`);
  }
  if (options.mode !== undefined && options.mode !== 'paste' && options.mode !== 'listen') {
    throw optionError('USAGE', 'mode', `must be paste or listen, not "${String(options.mode)}"`);
  }
  const config = loadLoginConfig(options.environment);
  const mode = chooseMode(config, options.mode);
  if (mode === 'paste' && !options.input) {
    throw new AnafPostmanError('USAGE', 'paste mode needs an input stream to read the pasted code from');
  }
  // Before the certificate step: a code exchanged into tokens that cannot be saved is a login lost.
  await checkWritable(config.env.path);
  const state = newState();
  const flow: Flow = {
    options: { ...options, mode },
    config,
    state,
    url: authorizeUrl(config.authorize, state),
    timeoutMs,
    tell: options.onMessage ?? (() => undefined),
    now: options.now ?? Date.now,
  };
  return mode === 'listen' ? listenFlow(flow) : pasteFlow(flow);
}
