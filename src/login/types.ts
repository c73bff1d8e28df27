/** The shapes of `login()`: what it takes, what it tells while it waits, what it returns. */
import type { Readable } from 'node:stream';

/** How the code comes back: pasted by the person, or caught by a local listener on the redirect URI. */
export type LoginMode = 'paste' | 'listen';

/** Something `login()` wants the person to see. The library never prints; the caller decides where. */
export type LoginMessage =
  /** The URL to open in the browser holding the certificate (not secret: client id and state only). */
  | { kind: 'authorizeUrl'; url: string }
  /** Listen mode: the redirect URI is being served, until `deadline` (ISO 8601). */
  | { kind: 'listening'; redirectUri: string; deadline: string }
  /** Paste mode: ask for the redirected URL or the code. */
  | { kind: 'prompt'; text: string }
  /** Anything else worth knowing (a pasted line that held no code, a browser that did not open, …). */
  | { kind: 'notice'; text: string };

/** Options of {@link login}. */
export interface LoginOptions {
  /** The Postman environment file: read for the client and the URLs, written with the new tokens. */
  environment: string;
  /** Default: `listen` when the redirect URI is on this machine (localhost, 127.0.0.1, [::1]), else `paste`. */
  mode?: LoginMode;
  /** How long to wait for the redirect or the paste, in ms (default 120 000). */
  timeoutMs?: number;
  /** Paste mode: where the pasted lines come from (the CLI gives `process.stdin`). Required for paste mode. */
  input?: Readable;
  /** Receives every {@link LoginMessage}; default: none are shown. */
  onMessage?: (message: LoginMessage) => void;
  /** Called with the authorize URL once it is ready (listener started); a failure is only a notice. */
  openBrowser?: (url: string) => Promise<void> | void;
  /**
   * Paste mode: refuse a pasted URL that carries no `state` at all (default false: whether ANAF
   * echoes `state` is unverified, so a missing one is accepted with a notice; a different one is
   * always refused). Listen mode always requires this login's state: a redirect without it, or
   * with another, is answered with a 400 page and the wait goes on.
   */
  requireState?: boolean;
  /** Attempts after the first for a transient failure of the code exchange (default 2). */
  retries?: number;
  /** Timeout of one token request in ms (default 15 000; the code lives 60 s). */
  requestTimeoutMs?: number;
  /** Clock, for tests (default `Date.now`). */
  now?: () => number;
}

/** What a successful login did. */
export interface LoginResult {
  /** The environment file that now holds the tokens. */
  file: string;
  mode: LoginMode;
  /** False when the code came without a state (a bare pasted code, or a redirect without `state`). */
  stateChecked: boolean;
  /** ISO 8601 UTC, when known. */
  accessTokenExpiresAt?: string;
  /** ISO 8601 UTC, when known (a JWT refresh token). */
  refreshTokenExpiresAt?: string;
  /** True when the answer brought a refresh token. */
  refreshTokenReceived: boolean;
  /**
   * The file's permission bits (e.g. `0o644`) when group or others can access it, now that it
   * holds the tokens: `chmod 600` it. The file's mode is left as it was.
   */
  exposedMode?: number;
}
