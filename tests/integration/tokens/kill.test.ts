/**
 * A refresh loop killed with SIGKILL at random moments: the environment file must always parse and
 * hold a working pair, or the pair just before it (when the kill fell between ANAF's answer and the
 * write, the answer dies with the process: nothing can keep it). A lock left by a killed process
 * must not block the next run beyond its stale time (10 s by default; 2 s here, through
 * `ANAF_POSTMAN_LOCK_STALE_MS`, in this process and the loop's, so the one real wait is short).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { isAnafError } from '../../../src/errors';
import { refreshFile } from '../../../src/tokens/refresh-file';
import {
  envText,
  envData,
  readEnv,
  readVars,
  sentRefreshTokens,
  useMock,
  useTempDir,
  writeEnv,
} from '../../helpers/env';
import { useEnvVar } from '../../helpers/env-vars';

const FIXTURE = path.join(__dirname, 'fixtures', 'refresh-loop.js');
const CYCLES = 100;
const STALE_MS = 2000;

useEnvVar('ANAF_POSTMAN_LOCK_STALE_MS', String(STALE_MS));

const mock = useMock();
const tmp = useTempDir();

interface ChildRun {
  /** Completed refresh-and-write cycles. */
  cycles: number;
  /** `fail ...` lines: refreshes that failed inside the child. */
  failures: string[];
  /** Times the file was read while the child ran, and how many of those reads did not parse. */
  reads: number;
  badReads: string[];
  killed: boolean;
}

/** Starts the loop, kills it `killAfterMs` after its first completed cycle, reading the file meanwhile. */
function runAndKill(file: string, maxCycles: number, killAfterMs: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FIXTURE, file, String(maxCycles)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: ChildRun = { cycles: 0, failures: [], reads: 0, badReads: [], killed: false };
    let out = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const reader = setInterval(() => {
      try {
        const text = fs.readFileSync(file, 'utf8');
        run.reads++;
        JSON.parse(text);
      } catch (err) {
        run.badReads.push((err as Error).message);
      }
    }, 3);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      if (!timer && out.includes('ok ')) {
        timer = setTimeout(() => {
          run.killed = child.kill('SIGKILL');
        }, killAfterMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', () => {
      clearInterval(reader);
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      const lines = out.split('\n');
      run.cycles = lines.filter((l) => /^ok \d+$/.test(l)).length;
      run.failures = lines.filter((l) => l.startsWith('fail '));
      if (stderr.trim()) run.failures.push(`stderr: ${stderr.trim()}`);
      resolve(run);
    });
  });
}

describe('SIGKILL during refresh-and-write cycles', () => {
  it(`the file always parses and holds a working pair, or the one before (${CYCLES} cycles)`, async () => {
    const file = writeEnv(tmp(), { origin: mock().url, tokens: mock().issueTokens() });
    const lock = `${file}.lock`;
    let cycles = 0;
    let kills = 0;
    let lostInFlight = 0;
    let staleWaitMs: number | undefined;
    let reads = 0;

    while (cycles < CYCLES) {
      const run = await runAndKill(file, CYCLES - cycles, Math.floor(Math.random() * 80));
      expect(run.failures).toEqual([]);
      expect(run.badReads).toEqual([]);
      cycles += run.cycles;
      reads += run.reads;
      if (run.killed) kills++;

      // 1. The file parses and is still a complete environment.
      const data = readEnv(file);
      expect(data.values.map((v) => v.key)).toEqual(envData({ origin: mock().url }).values.map((v) => v.key));
      const inFile = readVars(file).refreshToken;
      const sent = sentRefreshTokens(mock());
      const lastSent = sent[sent.length - 1];

      // 2. A lock left by the kill: wait it out once for real, otherwise age it past the stale time.
      const lockLeft = fs.existsSync(lock);
      const timed = lockLeft && staleWaitMs === undefined;
      if (lockLeft && !timed) {
        const old = new Date(Date.now() - STALE_MS - 1000);
        fs.utimesSync(lock, old, old);
      }

      // 3. The pair in the file works, or it is the one the killed child had just sent.
      const start = Date.now();
      try {
        await refreshFile(file, { retries: 0 });
        expect(readVars(file).refreshToken).not.toBe(inFile);
      } catch (err) {
        if (!isAnafError(err, 'AUTH_REQUIRED')) throw err;
        expect(err.message).toMatch(/invalid_grant/);
        expect(inFile).toBe(lastSent);
        lostInFlight++;
        fs.writeFileSync(file, envText(envData({ origin: mock().url, tokens: mock().issueTokens() })));
      }
      if (timed) staleWaitMs = Date.now() - start;
      expect(fs.existsSync(lock)).toBe(false);
    }

    // Kills are random; over a hundred cycles several must have landed mid-cycle.
    expect(kills).toBeGreaterThanOrEqual(5);
    expect(reads).toBeGreaterThan(0);
    if (staleWaitMs !== undefined) {
      // The lock of a killed process is respected while fresh, then taken over once stale.
      // The killed process last touched its lock at most half the stale time before it died.
      expect(staleWaitMs).toBeGreaterThan(STALE_MS / 2 - 500);
      expect(staleWaitMs).toBeLessThan(STALE_MS + 2_500);
    }
    // Leftover temp files of interrupted atomic writes never take the file's name.
    const leftovers = fs.readdirSync(tmp()).filter((n) => n !== path.basename(file));
    for (const name of leftovers) expect(name.startsWith(`${path.basename(file)}.`)).toBe(true);
    process.stdout.write(
      `kill test: ${cycles} cycles, ${kills} kills, ${lostInFlight} answers lost in flight, ` +
        `stale lock wait ${staleWaitMs ?? 'n/a'} ms, ${reads} concurrent reads, ${leftovers.length} temp files left\n`,
    );
  }, 90_000);
});
