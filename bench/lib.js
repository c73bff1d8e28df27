'use strict';
// Small helpers for the benchmarks: timing child processes, medians, environment files.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'bin', 'anaf-postman.js');
const NEWMAN = path.join(ROOT, 'node_modules', 'newman', 'bin', 'newman.js');

/** Runs `node ARGS`; resolves with wall time in ms, exit code and output. */
function timeNode(args, opts = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', ...opts.env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ ms, code, out, err });
    });
  });
}

/** Like timeNode but rejects on a non-zero exit, naming the command. */
async function mustRun(args, opts) {
  const r = await timeNode(args, opts);
  if (r.code !== 0) throw new Error(`node ${args.join(' ')} exited ${r.code}: ${r.err.trim().slice(0, 500)}`);
  return r;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The most of `times` (ms, sorted) inside any window of `windowMs`. */
function maxInWindow(times, windowMs) {
  let max = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= windowMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

/** Runs `count` async jobs `parallel` at a time. */
async function pool(count, parallel, job) {
  let next = 0;
  const worker = async () => {
    while (next < count) await job(next++);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
}

/**
 * Writes `count` environment files pointed at the mock (or at `origin`, e.g. ANAF's own name behind
 * a proxy), each with its own fresh token pair.
 */
function writeEnvironments(dir, count, mock, origin = mock.url) {
  fs.mkdirSync(dir, { recursive: true });
  const base = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'environments', 'anaf-mock.postman_environment.json'), 'utf8'),
  );
  const files = [];
  for (let i = 0; i < count; i++) {
    const tokens = mock.issueTokens();
    const env = structuredClone(base);
    for (const v of env.values) {
      if (typeof v.value === 'string') v.value = v.value.replace('http://127.0.0.1:3003', origin);
      if (v.key === 'accessToken') v.value = tokens.access_token;
      if (v.key === 'refreshToken') v.value = tokens.refresh_token;
    }
    const file = path.join(dir, `company-${String(i).padStart(5, '0')}.postman_environment.json`);
    fs.writeFileSync(file, `${JSON.stringify(env, null, 2)}\n`, { mode: 0o600 });
    files.push(file);
  }
  return files;
}

/**
 * `anaf-postman refresh --json` over `glob` with the rate limit lifted (these figures are our own
 * cost; the limit has its own figures), under maxrss.js. Checks every one of `count` files was
 * refreshed; resolves with the wall time and the peak RSS in MiB.
 * @param {{ glob: string, count: number, concurrency: number, rssFile: string, progressFile?: string }} run
 */
async function measuredRefresh({ glob, count, concurrency, rssFile, progressFile }) {
  const r = await mustRun(
    [
      '-r',
      path.join(__dirname, 'maxrss.js'),
      CLI,
      'refresh',
      '--rate',
      '1000000/min',
      '--concurrency',
      String(concurrency),
      '--json',
      ...(progressFile ? ['--progress-file', progressFile] : []),
      '-e',
      glob,
    ],
    { env: { BENCH_MAXRSS_FILE: rssFile } },
  );
  const refreshed = JSON.parse(r.out).counts.refreshed;
  if (refreshed !== count) throw new Error(`refresh: only ${refreshed} of ${count} refreshed`);
  return { ms: r.ms, peakMiB: Number(fs.readFileSync(rssFile, 'utf8')) / 1024 };
}

module.exports = {
  ROOT,
  CLI,
  NEWMAN,
  timeNode,
  mustRun,
  median,
  maxInWindow,
  pool,
  writeEnvironments,
  measuredRefresh,
};
