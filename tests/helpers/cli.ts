import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Root of the checkout. */
export const ROOT = path.resolve(__dirname, '..', '..');

/** What a spawned CLI run produced. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCli} and {@link startCli}. */
export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  /** Killed (SIGKILL) after this long (default 60 s). */
  timeoutMs?: number;
}

/** A spawned CLI still running: the child, to send it signals, and what it will have produced. */
export interface RunningCli {
  child: ChildProcess;
  result: Promise<CliResult>;
}

/** Spawns `anaf-postman ARGS` (the compiled CLI) without waiting for it. */
export function startCli(args: string[], opts: CliOptions = {}): RunningCli {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'anaf-postman.js'), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
  });
  const result = new Promise<CliResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  if (opts.input !== undefined) child.stdin.end(opts.input);
  else child.stdin.end();
  return { child, result };
}

/** Spawns `anaf-postman ARGS` (the compiled CLI) and collects its output. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return startCli(args, opts).result;
}

/** Everything a run showed: its stdout and stderr, and each report written in `reportDir`, by name. */
export function runOutputs(result: CliResult, reportDir: string): Record<string, string> {
  const texts: Record<string, string> = { stdout: result.stdout, stderr: result.stderr };
  for (const name of fs.readdirSync(reportDir))
    texts[name] = fs.readFileSync(path.join(reportDir, name), 'utf8');
  return texts;
}
