'use strict';
// Issue #16's figures: batch `run` against one newman CLI process per file, the rate limit seen by
// the mock, and a 10,000-file refresh (peak memory, time per file against 1,000 files); issue #26's:
// the rate a batch `run` keeps behind a proxy.
const fs = require('node:fs');
const path = require('node:path');
const { CLI, NEWMAN, mustRun, pool, writeEnvironments, measuredRefresh } = require('./lib');
const { corporateNetwork, proxiedEnv } = require('./proxy');

const COLLECTION = path.join(__dirname, '..', 'collections', 'anaf.postman_collection.json');
const TOKEN_PATH = '/anaf-oauth2/v1/token';
const log = (line) => process.stderr.write(`${line}\n`);

/**
 * N files through one batch `run` (one process, the collection loaded once) against one `newman
 * run` process per file, 8 at a time; the mock answers after 50 ms. Files per second, both ways.
 */
async function batchRun(tmp, mock, n) {
  const folder = 'TestOauth hello';
  mock.setOptions({ latencyMs: 50 });
  writeEnvironments(path.join(tmp, 'batch-ours'), n, mock);
  const peerCount = Math.min(n, 24);
  const peers = writeEnvironments(path.join(tmp, 'batch-peer'), peerCount, mock);
  log(`batch run: ${n} files in one process against ${peerCount} newman CLI processes (8 at a time)`);
  const progress = path.join(tmp, 'batch-progress.json');
  const run = await mustRun([
    CLI,
    'run',
    '--folder',
    folder,
    '--concurrency',
    '8',
    // The same reporter as the peer: this measures running, not report writing.
    '--reporters',
    'cli',
    '--progress-file',
    progress,
    '-e',
    path.join(tmp, 'batch-ours', '*.json'),
  ]);
  if (!/(\d+) passed/.test(run.out) || !run.out.includes(`${n} file(s): ${n} passed`)) {
    throw new Error(`batch run: not every file passed:\n${run.out.slice(-500)}`);
  }
  const started = Date.now();
  await pool(peerCount, 8, (i) =>
    mustRun([NEWMAN, 'run', COLLECTION, '--folder', folder, '-e', peers[i], '--reporters', 'cli']),
  );
  const peerMs = Date.now() - started;
  mock.setOptions({ latencyMs: 0 });
  return { oursRate: n / (run.ms / 1000), peerRate: peerCount / (peerMs / 1000), n, peerCount };
}

/** The most grants in any window of `windowMs` among sorted times. */
function maxInWindow(times, windowMs) {
  let max = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= windowMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

/**
 * A batch refresh at `--rate 60/s` (the 1000/min limit scaled to seconds): the token requests the
 * mock saw in any 1-second window, and how close to the limit the batch ran after its first window.
 */
async function rateLimit(tmp, mock, n) {
  const limit = 60;
  const files = writeEnvironments(path.join(tmp, 'rate'), n, mock);
  const from = Date.now();
  log(`rate limit: refresh of ${files.length} files at --rate ${limit}/s`);
  await mustRun([
    CLI,
    'refresh',
    '--rate',
    `${limit}/s`,
    '--concurrency',
    '16',
    '--json',
    '--progress-file',
    path.join(tmp, 'rate-progress.json'),
    '-e',
    path.join(tmp, 'rate', '*.json'),
  ]);
  const times = mock
    .requests()
    .filter((r) => r.path === TOKEN_PATH && r.at >= from)
    .map((r) => r.at)
    .sort((a, b) => a - b);
  if (times.length !== n) throw new Error(`rate limit: the mock saw ${times.length} of ${n} refreshes`);
  const spanS = (times[times.length - 1] - times[0]) / 1000;
  // The rate achieved from the first request to the last, over the configured one.
  const utilisation = (times.length - 1) / spanS / limit;
  return { limit, maxWindow: maxInWindow(times, 1000), utilisation, spanS };
}

/**
 * A batch `run` behind a corporate proxy at `--rate ${limit}/s`: `files` files, each the hello
 * request `iterations` times, against ANAF's names reachable only through a CONNECT proxy. The
 * requests that reached ANAF's side in any 1-second window, and the rate achieved first to last.
 * The rate is well under what Newman can send on a 2-core machine (about 23 requests a second
 * here unlimited), so the figure is the limiter's, not the machine's.
 */
async function runRate(tmp, mock, { limit = 10, files = 8, iterations = 15 } = {}) {
  const net = await corporateNetwork(mock.port);
  try {
    writeEnvironments(path.join(tmp, 'run-rate'), files, mock, 'https://api.anaf.ro');
    log(
      `run rate: batch run of ${files} files x ${iterations} requests through a proxy at --rate ${limit}/s`,
    );
    const run = await mustRun(
      [
        CLI,
        'run',
        '--folder',
        'TestOauth hello',
        '--iteration-count',
        String(iterations),
        '--concurrency',
        String(files),
        '--rate',
        `${limit}/s`,
        '--reporters',
        'cli',
        '--progress-file',
        path.join(tmp, 'run-rate-progress.json'),
        '-e',
        path.join(tmp, 'run-rate', '*.json'),
      ],
      { env: proxiedEnv(net.url) },
    );
    if (!run.out.includes(`${files} file(s): ${files} passed`)) {
      throw new Error(`run rate: not every file passed:\n${run.out.slice(-500)}`);
    }
    const times = [...net.arrivals].sort((a, b) => a - b);
    if (times.length !== files * iterations) {
      throw new Error(`run rate: ANAF's side saw ${times.length} of ${files * iterations} requests`);
    }
    const spanS = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
    return {
      limit,
      requests: times.length,
      tunnels: net.tunnels(),
      spanS,
      utilisation: (times.length - 1) / spanS / limit,
      maxWindow: maxInWindow(times, 1000),
    };
  } finally {
    await net.close();
  }
}

/** Refreshes `count` files (rate not binding: this measures our cost) and reads the peak RSS. */
async function refreshMany(tmp, mock, count) {
  const dir = path.join(tmp, `many-${count}`);
  writeEnvironments(dir, count, mock);
  const rssFile = path.join(tmp, `maxrss-${count}`);
  log(`refresh: ${count} files (peak memory, time per file)`);
  const r = await measuredRefresh({
    glob: path.join(dir, '*.json'),
    count,
    concurrency: 8,
    rssFile,
    progressFile: path.join(tmp, `many-${count}.progress.json`),
  });
  fs.rmSync(dir, { recursive: true, force: true });
  return { msPerFile: r.ms / count, peakMiB: r.peakMiB };
}

module.exports = { batchRun, rateLimit, refreshMany, runRate };
