/** The demo's public shapes: what each step reports and what the whole demo returns. */
import type { MockServer } from '../mock';

/** One step of the demo, as the CLI prints it. Tokens appear only as a short prefix. */
export interface DemoStep {
  /** What happened, for people: "Exchange authorization code", "auto-refresh …". */
  name: string;
  ok: boolean;
  /** One line: status, the ids or token prefixes involved, or why the step failed. */
  detail: string;
  /** Wall time of the step in milliseconds. */
  ms: number;
}

/** What {@link runDemo} returns when every step passed. */
export interface DemoResult {
  steps: DemoStep[];
  /** Origin the mock listened on (it is closed when the demo returns). */
  mockUrl: string;
  totalMs: number;
}

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Called as each step ends, so a caller can show progress. */
  onStep?: (step: DemoStep) => void;
  /** Lifetime (s) of the access token that is left to expire; default 2. */
  shortTtlSeconds?: number;
  /** Newman's per-request timeout; default 10 s. */
  timeoutRequestMs?: number;
  /**
   * A mock started with default options to run against instead of a new one (tests use it to
   * inspect or script the mock). The caller closes it; by default the demo starts and closes its own.
   */
  mock?: MockServer;
}
