'use strict';
// `npm run bench [-- --size N]`: measures the harness against floors measured in the same run and
// prints ratios (these machines are noisy: only ratios mean anything). Writes bench/results.json
// and bench/RESULTS.md.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {
  ROOT,
  CLI,
  NEWMAN,
  timeNode,
  mustRun,
  median,
  pool,
  writeEnvironments,
  measuredRefresh,
} = require('./lib');
const { batchRun, rateLimit, refreshMany, runRate } = require('./scale');
const download = require('./download');

const args = process.argv.slice(2);
const sizeIndex = args.indexOf('--size');
const N = sizeIndex >= 0 ? Number(args[sizeIndex + 1]) : 500;
if (!Number.isInteger(N) || N < 1) {
  process.stderr.write('bench: --size must be a whole number from 1 up\n');
  process.exit(2);
}
const CONCURRENCY = 8;
const TOKEN_LATENCY_MS = 50;
const COLLECTION = path.join(ROOT, 'collections', 'anaf.postman_collection.json');

const log = (line) => process.stderr.write(`${line}\n`);

async function medianMs(times, fn) {
  const values = [];
  for (let i = 0; i < times; i++) values.push((await fn()).ms);
  return median(values);
}

async function startupRatios(tmp) {
  await mustRun(['-e', '0']); // warm the file cache
  const node = await medianMs(15, () => mustRun(['-e', '0']));
  const help = await medianMs(15, () => mustRun([CLI, '--help']));
  const out = path.join(tmp, 'generated');
  const generate = await medianMs(10, () => mustRun([CLI, 'generate', '--out', out]));
  return { nodeMs: node, helpMs: help, generateMs: generate };
}

async function batchRefresh(tmp, mock) {
  mock.setOptions({ latencyMs: TOKEN_LATENCY_MS });
  writeEnvironments(path.join(tmp, 'ours'), N, mock);
  const floorFiles = writeEnvironments(path.join(tmp, 'floor'), N, mock);
  const peerCount = Math.min(N, 40);
  const peerFiles = writeEnvironments(path.join(tmp, 'peer'), peerCount, mock);
  const rssFile = path.join(tmp, 'maxrss');

  log(`refresh: ${N} files, concurrency ${CONCURRENCY}, ${TOKEN_LATENCY_MS} ms on the token endpoint`);
  const floor = await mustRun([path.join(__dirname, 'floor-refresh.js'), String(CONCURRENCY), ...floorFiles]);
  const ours = await measuredRefresh({
    glob: path.join(tmp, 'ours', '*.json'),
    count: N,
    concurrency: CONCURRENCY,
    rssFile,
  });
  const peakMiB = ours.peakMiB;

  log(`newman CLI peer: ${peerCount} files, one process each, ${CONCURRENCY} at a time`);
  const started = Date.now();
  await pool(peerCount, CONCURRENCY, (i) =>
    mustRun([
      NEWMAN,
      'run',
      COLLECTION,
      '--folder',
      'Refresh access token',
      '-e',
      peerFiles[i],
      '--export-environment',
      peerFiles[i],
      '--reporters',
      'cli',
    ]),
  );
  const peerMs = Date.now() - started;
  mock.setOptions({ latencyMs: 0 });
  return { floorMs: floor.ms, oursMs: ours.ms, peakMiB, peerMs, peerCount, ourCount: N };
}

async function suiteRun(tmp, mock) {
  const [oursEnv] = writeEnvironments(path.join(tmp, 'run-ours'), 1, mock);
  const [peerEnv] = writeEnvironments(path.join(tmp, 'run-peer'), 1, mock);
  const ours = [];
  const peer = [];
  for (let i = 0; i < 5; i++) {
    // Alternate so drift on a noisy machine hits both alike.
    ours.push((await timeNode([CLI, 'run', '-e', oursEnv, '--collection', COLLECTION])).ms);
    peer.push(
      (await timeNode([NEWMAN, 'run', COLLECTION, '-e', peerEnv, '--export-environment', peerEnv])).ms,
    );
  }
  return { oursMs: median(ours), newmanMs: median(peer) };
}

function round(x, digits = 2) {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

function markdown(results) {
  const rows = results.metrics.map(
    (m) => `| ${m.name} | ${m.value} | ${m.target} | ${m.met ? 'yes' : '**no**'} | ${m.detail} |`,
  );
  return [
    '# Benchmark results',
    '',
    `One run of \`npm run bench\` (N = ${results.size}) on ${results.machine.cpus} cores, Node ${results.machine.node}, ` +
      `${results.machine.platform}, ${results.date}. Ratios are measured against floors in the same run.`,
    '',
    '| metric | value | target | met | measured |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

async function main() {
  const { startMock } = require(path.join(ROOT, 'dist', 'src', 'mock'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-bench-'));
  const mock = await startMock({ port: 0 });
  try {
    log('startup: --help and generate against a bare node start');
    const s = await startupRatios(tmp);
    const b = await batchRefresh(tmp, mock);
    log('suite: anaf-postman run against the newman CLI');
    const r = await suiteRun(tmp, mock);
    const br = await batchRun(tmp, mock, 60);
    const rl = await rateLimit(tmp, mock, 240);
    const rr = await runRate(tmp, mock);
    const dl = await (async () => {
      const received = await startMock(download.mockOptions());
      try {
        return await download.downloadRate(fs.mkdtempSync(path.join(tmp, 'download-')), received);
      } finally {
        await received.close();
      }
    })();
    const k1 = await refreshMany(tmp, mock, 1000);
    const k10 = await refreshMany(tmp, mock, 10_000);
    const oursRate = b.ourCount / (b.oursMs / 1000);
    const peerRate = b.peerCount / (b.peerMs / 1000);
    const metrics = [
      {
        name: 'help_vs_node',
        value: round(s.helpMs / s.nodeMs),
        target: '≤ 2.0',
        met: s.helpMs / s.nodeMs <= 2,
        detail: `${round(s.helpMs, 0)} ms / ${round(s.nodeMs, 0)} ms`,
      },
      {
        name: 'generate_vs_node',
        value: round(s.generateMs / s.nodeMs),
        target: '≤ 4.0',
        met: s.generateMs / s.nodeMs <= 4,
        detail: `${round(s.generateMs, 0)} ms / ${round(s.nodeMs, 0)} ms`,
      },
      {
        name: 'batch_refresh_vs_floor',
        value: round(b.oursMs / b.floorMs),
        target: '≤ 2.0',
        met: b.oursMs / b.floorMs <= 2,
        detail: `${round(b.oursMs, 0)} ms / ${round(b.floorMs, 0)} ms for ${N} files`,
      },
      {
        name: 'batch_speedup_vs_newman_cli',
        value: round(oursRate / peerRate),
        target: '≥ 10',
        met: oursRate / peerRate >= 10,
        detail: `${round(oursRate, 1)} vs ${round(peerRate, 1)} files/s`,
      },
      {
        name: 'run_vs_newman_cli',
        value: round(r.oursMs / r.newmanMs),
        target: '≤ 1.15',
        met: r.oursMs / r.newmanMs <= 1.15,
        detail: `${round(r.oursMs, 0)} ms / ${round(r.newmanMs, 0)} ms (medians of 5)`,
      },
      {
        name: 'batch_refresh_peak_mib',
        value: round(b.peakMiB, 1),
        target: '≤ 300',
        met: b.peakMiB <= 300,
        detail: `peak RSS of the ${N}-file refresh`,
      },
      {
        name: 'run_files_per_s',
        value: round(br.filesPerS),
        target: `≥ ${round(0.9 * br.ceilingFilesPerS)}`,
        met: br.filesPerS >= 0.9 * br.ceilingFilesPerS,
        detail:
          `${br.n} files of ${br.folder} (${round(br.perFile, 1)} requests each) in one batch at --rate ${br.rate}: ` +
          `${round(br.requestsPerS, 1)} requests/s; the rate allows ${round(br.ceilingFilesPerS)} files/s ` +
          '(target: 90 % of it; mock latency 50 ms)',
      },
      {
        name: 'run_cpu_ms_per_request',
        value: round(br.cpuMsPerRequest, 1),
        target: `≤ ${round(br.coreMsPerRequest, 1)}`,
        met: br.cpuMsPerRequest <= br.coreMsPerRequest,
        detail:
          'process CPU time / requests sent, the batch above; target: what one core can spend per request ' +
          `at --rate ${br.rate} (scripts run on the main thread)`,
      },
      {
        name: 'run_cpu_vs_newman_cli',
        value: round(br.cpuMsPerRequest / br.peerCpuMsPerRequest),
        target: '≤ 0.5',
        met: br.cpuMsPerRequest / br.peerCpuMsPerRequest <= 0.5,
        detail:
          `${round(br.cpuMsPerRequest, 1)} ms / ${round(br.peerCpuMsPerRequest, 1)} ms of CPU per request: the ` +
          `batch above against one newman CLI process per file (${br.peerCount} files, same folder, 8 at a time)`,
      },
      {
        name: 'rate_limit_max_window',
        value: rl.maxWindow,
        target: `≤ ${rl.limit}`,
        met: rl.maxWindow <= rl.limit,
        detail: `most token requests the mock saw in any 1 s window, refresh --rate ${rl.limit}/s`,
      },
      {
        name: 'rate_limit_utilisation',
        value: round(rl.utilisation),
        target: '≥ 0.9',
        met: rl.utilisation >= 0.9,
        detail: `achieved rate (first to last request, ${round(rl.spanS, 1)} s) over the configured ${rl.limit}/s`,
      },
      {
        name: 'run_rate_utilisation',
        value: round(rr.utilisation),
        target: '0.9–1.0',
        met: rr.utilisation >= 0.9 && rr.utilisation <= 1,
        detail:
          `batch run through a CONNECT proxy at --rate ${rr.limit}/s: ${rr.requests} requests first to last ` +
          `(${round(rr.spanS, 1)} s) over the configured rate, ${rr.tunnels} CONNECT(s)`,
      },
      {
        name: 'run_rate_max_window',
        value: round(rr.maxWindow / rr.limit),
        target: '≤ 1.0',
        met: rr.maxWindow <= rr.limit,
        detail: `most requests ANAF's side saw in any 1 s window (${rr.maxWindow}) over the rate (${rr.limit})`,
      },
      {
        name: 'download_rate_utilisation',
        value: round(dl.utilisation),
        target: '0.9 to 1.0',
        met: dl.utilisation >= 0.9 && dl.utilisation <= 1.0,
        detail:
          `download of ${download.COMPANIES.length} companies × ${download.PER_COMPANY} invoices: ` +
          `${dl.minutes.join(', ')} requests in its whole minutes under --rate ${dl.limit}/min (floor, rate ` +
          `not binding: ${round(dl.capacity, 0)}/min)`,
      },
      {
        name: 'download_rate_max_window',
        value: dl.maxWindow,
        target: `≤ ${dl.limit}`,
        met: dl.maxWindow <= dl.limit,
        detail: `most e-Factura requests the mock saw in any minute, download --rate ${dl.limit}/min`,
      },
      {
        name: 'refresh_peak_mib_10k',
        value: round(k10.peakMiB, 1),
        target: '≤ 300',
        met: k10.peakMiB <= 300,
        detail: `peak RSS refreshing 10,000 files (1,000 files: ${round(k1.peakMiB, 1)} MiB)`,
      },
      {
        name: 'refresh_per_file_10k_vs_1k',
        value: round(k10.msPerFile / k1.msPerFile),
        target: '≤ 1.3',
        met: k10.msPerFile / k1.msPerFile <= 1.3,
        detail: `${round(k10.msPerFile)} ms / ${round(k1.msPerFile)} ms per file`,
      },
    ];
    const results = {
      date: new Date().toISOString(),
      size: N,
      machine: {
        cpus: os.cpus().length,
        node: process.version,
        platform: `${os.platform()} ${os.arch()}`,
        memGiB: round(os.totalmem() / 2 ** 30, 1),
      },
      metrics,
      ...Object.fromEntries(metrics.map((m) => [m.name, m.value])),
    };
    fs.writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    // The installed-size section is measured by scripts/pack-smoke.js, not by this run: keep it.
    const resultsMd = path.join(__dirname, 'RESULTS.md');
    const previous = fs.existsSync(resultsMd) ? fs.readFileSync(resultsMd, 'utf8') : '';
    const installed = previous.indexOf('\n## Installed size');
    fs.writeFileSync(resultsMd, markdown(results) + (installed >= 0 ? previous.slice(installed) : ''));
    process.stdout.write(`${markdown(results)}\n`);
    if (metrics.some((m) => !m.met)) process.exitCode = 1;
  } finally {
    await mock.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench: ${err.message}\n`);
  process.exitCode = 1;
});
