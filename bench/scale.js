'use strict';
// Issue #16's figures: batch `run` of a real folder against its rate and one newman CLI process per
// file, the rate limit seen by the mock, and a 10,000-file refresh (peak memory, time per file
// against 1,000 files); issue #26's: the rate a batch `run` keeps behind a proxy.
const fs = require('node:fs');
const path = require('node:path');
const {
  ROOT,
  CLI,
  NEWMAN,
  mustRun,
  pool,
  writeEnvironments,
  measuredRefresh,
  maxInWindow,
} = require('./lib');
const { corporateNetwork, proxiedEnv } = require('./proxy');

const COLLECTION = path.join(__dirname, '..', 'collections', 'anaf.postman_collection.json');
const TOKEN_PATH = '/anaf-oauth2/v1/token';
const CPU = path.join(__dirname, 'cpu.js');
const log = (line) => process.stderr.write(`${line}\n`);

/** Requests the mock recorded since `from` (ms, by its clock; it records no control request). */
function requestsSince(mock, from) {
  return mock.requests().filter((r) => r.at >= from).length;
}

/**
 * A batch `run` as a real batch runs: `n` files through a real folder (e-Factura: uploads, states,
 * lists, a download, validations) at the default rate, the mock answering after 50 ms. ANAF's
 * rate, not our CPU, should bound it: files per second against the ceiling the rate allows for
 * this folder (the rate ÷ the requests a file sends), and the process's CPU time per request sent
 * against one `newman run` process per file (same folder, same mock) in the same run. Every file
 * gets a fresh script sandbox, as in a newman process; what a batch saves is the process start,
 * loading Newman and the collection, and idle time while ANAF answers.
 */
async function batchRun(tmp, mock, n) {
  const folder = 'e-Factura';
  const { DEFAULT_RATE, formatRate } = require(path.join(ROOT, 'dist', 'src', 'transport', 'rate'));
  mock.setOptions({ latencyMs: 50 });
  writeEnvironments(path.join(tmp, 'batch-ours'), n, mock);
  const peerCount = Math.min(n, 16);
  const peers = writeEnvironments(path.join(tmp, 'batch-peer'), peerCount, mock);
  log(`batch run: ${n} files, folder ${folder}, --rate ${formatRate(DEFAULT_RATE)} (the default)`);
  const cpuFile = path.join(tmp, 'batch-cpu');
  const from = Date.now();
  const run = await mustRun(
    [
      '-r',
      CPU,
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
      path.join(tmp, 'batch-progress.json'),
      '-e',
      path.join(tmp, 'batch-ours', '*.json'),
    ],
    { env: { BENCH_CPU_FILE: cpuFile } },
  );
  if (!run.out.includes(`${n} file(s): ${n} passed`)) {
    throw new Error(`batch run: not every file passed:\n${run.out.slice(-500)}`);
  }
  const sent = requestsSince(mock, from);
  const cpuMs = Number(fs.readFileSync(cpuFile, 'utf8'));

  log(`newman CLI peer: ${peerCount} files, one process each, 8 at a time`);
  const peerFrom = Date.now();
  let peerCpuMs = 0;
  await pool(peerCount, 8, async (i) => {
    const file = path.join(tmp, `peer-cpu-${i}`);
    await mustRun(
      ['-r', CPU, NEWMAN, 'run', COLLECTION, '--folder', folder, '-e', peers[i], '--reporters', 'cli'],
      { env: { BENCH_CPU_FILE: file } },
    );
    peerCpuMs += Number(fs.readFileSync(file, 'utf8'));
  });
  const peerSent = requestsSince(mock, peerFrom);
  mock.setOptions({ latencyMs: 0 });

  const seconds = run.ms / 1000;
  const perFile = sent / n;
  const ratePerS = DEFAULT_RATE.limit / (DEFAULT_RATE.windowMs / 1000);
  return {
    n,
    folder,
    rate: formatRate(DEFAULT_RATE),
    perFile,
    filesPerS: n / seconds,
    requestsPerS: sent / seconds,
    ceilingFilesPerS: ratePerS / perFile,
    cpuMsPerRequest: cpuMs / sent,
    coreMsPerRequest: 1000 / ratePerS,
    peerCount,
    peerCpuMsPerRequest: peerCpuMs / peerSent,
  };
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
