/**
 * Typed errors with stable codes. Library code throws these; only `src/cli/main.ts`
 * turns them into process exit codes.
 */

/** Exit codes of the CLI, as documented in the README. */
export const ExitCode = {
  ok: 0,
  assertionsFailed: 1,
  badInput: 2,
  authorizationNeeded: 3,
  unavailable: 4,
  tokensNotSaved: 5,
  internal: 70,
  interrupted: 130,
} as const;

/** Stable error codes and the exit code each one maps to. */
export const ErrorCodes = {
  /** A flag or argument has a value the command does not accept. */
  USAGE: ExitCode.badInput,
  /** A file could not be read, parsed or is not what was expected. */
  BAD_FILE: ExitCode.badInput,
  /** A file or folder could not be written (before anything was sent, or a report after the tokens were saved). */
  WRITE_FAILED: ExitCode.badInput,
  /**
   * Writing would replace a file holding values a person (or `login`, `run`, `refresh`) put there,
   * such as an environment file with tokens or a client secret; nothing was written.
   * `details.files` names each such file.
   */
  OVERWRITE_REFUSED: ExitCode.badInput,
  /**
   * ANAF answered with new tokens that could not be saved in the environment file: they are in the
   * recovery file named by `details.recoveryFile`, or, without one, lost (authorize again).
   */
  TOKENS_NOT_SAVED: ExitCode.tokensNotSaved,
  /** Committed generated files differ from what the generator produces. */
  STALE: ExitCode.assertionsFailed,
  /** Tests or assertions of a run failed. */
  ASSERTIONS_FAILED: ExitCode.assertionsFailed,
  /** No usable token, or ANAF rejected the refresh token / code: a person must authorize again. */
  AUTH_REQUIRED: ExitCode.authorizationNeeded,
  /** ANAF (or the mock) could not be reached or kept failing after retries. */
  UNAVAILABLE: ExitCode.unavailable,
  /** A bug: something that should not happen. */
  INTERNAL: ExitCode.internal,
  /** Stopped by Ctrl-C / SIGTERM after finishing (and saving) the work in flight. */
  INTERRUPTED: ExitCode.interrupted,
} as const;

/** One of the stable error codes. */
export type ErrorCode = keyof typeof ErrorCodes;

/** The error type every library function throws. `code` is stable; `message` is one line for people. */
export class AnafPostmanError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;
  readonly details?: Record<string, unknown>;

  /**
   * @param code - stable code; decides the exit code
   * @param message - one line for people, naming no CLI flag (the CLI adds those)
   * @param details - machine-readable facts (file, variable names, ANAF's error)
   * @param cause - the error this one wraps; kept so `ANAF_POSTMAN_DEBUG=1` can print the chain
   */
  constructor(
    code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AnafPostmanError';
    this.code = code;
    this.exitCode = ErrorCodes[code];
    this.details = details;
  }
}

/** True when `e` is an {@link AnafPostmanError}, optionally with the given code. */
export function isAnafError(e: unknown, code?: ErrorCode): e is AnafPostmanError {
  return e instanceof AnafPostmanError && (code === undefined || e.code === code);
}

/**
 * An error about one option of a library call. The message starts with the option's name as the
 * library spells it (`reportDir: …`); the CLI swaps that for its flag (`--report-dir: …`).
 */
export function optionError(
  code: ErrorCode,
  option: string,
  why: string,
  details?: Record<string, unknown>,
  cause?: unknown,
): AnafPostmanError {
  return new AnafPostmanError(code, `${option}: ${why}`, { ...details, option }, { cause });
}

/**
 * Wraps an unexpected error as `INTERNAL` (an {@link AnafPostmanError} is returned unchanged), keeping
 * the original as `cause` so nothing of it is lost.
 */
export function asAnafError(err: unknown, context?: string): AnafPostmanError {
  if (err instanceof AnafPostmanError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new AnafPostmanError('INTERNAL', context ? `${context}: ${message}` : message, undefined, {
    cause: err,
  });
}

/** The error and every `cause` under it, outermost first (cycles cut). */
export function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = err; e !== undefined && !chain.includes(e);) {
    chain.push(e);
    e = e instanceof Error ? e.cause : undefined;
  }
  return chain;
}
