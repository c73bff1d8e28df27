'use strict';
// Issue #24's figure: `download` over several companies sharing one `--rate`. The floor, measured
// in the same run, is the same batch with the rate not binding (our own capacity); the figure is
// the rate the mock saw under `--rate R` over R (utilisation, 0.9 to 1.0), with the most requests in
// any window (never above R). `node bench/download.js` runs it alone; `bench/run.js` includes it.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT, CLI, mustRun, writeEnvironments } = require('./lib');

const log = (line) => process.stderr.write(`${line}\n`);
const COMPANIES = ['1006', '1014', '1022', '1030'];
const PER_COMPANY = 150;

/** The most requests in any window of `windowMs` among sorted times. */
function maxInWindow(times, windowMs) {
  let max = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= windowMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

/** One `download` of every company into a fresh folder; the mock's arrival times of its requests. */
async function oneBatch(tmp, mock, name, rate) {
  const out = path.join(tmp, `out-${name}`);
  fs.mkdirSync(out);
  const from = Date.now();
  const run = await mustRun([
    CLI,
    'download',
    '-e',
    path.join(tmp, 'envs', '*.json'),
    '--out',
    out,
    '--concurrency',
    String(COMPANIES.length),
    '--rate',
    rate,
    '--json',
  ]);
  const summary = JSON.parse(run.out);
  const expected = COMPANIES.length * PER_COMPANY;
  if (summary.totals.new !== expected) throw new Error(`download: kept ${summary.totals.new} of ${expected}`);
  const times = mock
    .requests()
    .filter((r) => r.at >= from && r.path.includes('/FCTEL/rest/'))
    .map((r) => r.at)
    .sort((a, b) => a - b);
  const spanS = (times[times.length - 1] - times[0]) / 1000;
  return { times, spanS, rate: (times.length - 1) / spanS, ms: run.ms };
}

/**
 * The download rate against `--rate`: the capacity first (rate not binding), then `--rate` at
 * about half of it, so that the limit is what binds.
 */
async function downloadRate(tmp, mock) {
  const envs = writeEnvironments(path.join(tmp, 'envs'), COMPANIES.length, mock);
  envs.forEach((file, i) => {
    const env = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const v of env.values) if (v.key === 'cif') v.value = COMPANIES[i];
    fs.writeFileSync(file, JSON.stringify(env, null, 2));
  });
  log(`download: ${COMPANIES.length} companies × ${PER_COMPANY} invoices, rate not binding (the floor)`);
  const free = await oneBatch(tmp, mock, 'free', '1000000/min');
  const limit = Math.max(5, Math.floor(free.rate / 2));
  log(`download: the same at --rate ${limit}/s (capacity ${free.rate.toFixed(1)} requests/s)`);
  const bound = await oneBatch(tmp, mock, 'bound', `${limit}/s`);
  return {
    limit,
    capacity: free.rate,
    achieved: bound.rate,
    utilisation: bound.rate / limit,
    maxWindow: maxInWindow(bound.times, 1000),
    requests: bound.times.length,
    spanS: bound.spanS,
  };
}

/** The mock this figure needs: received traffic for every company. */
function mockOptions() {
  return { port: 0, received: COMPANIES.map((cif, i) => ({ count: PER_COMPANY, cif, seed: 40 + i })) };
}

module.exports = { downloadRate, mockOptions, COMPANIES, PER_COMPANY };

if (require.main === module) {
  (async () => {
    const { startMock } = require(path.join(ROOT, 'dist', 'src', 'mock'));
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-bench-download-'));
    const mock = await startMock(mockOptions());
    try {
      const d = await downloadRate(tmp, mock);
      const met = d.utilisation >= 0.9 && d.utilisation <= 1.0 && d.maxWindow <= d.limit;
      process.stdout.write(
        `download_rate_utilisation ${d.utilisation.toFixed(2)} (target 0.9-1.0, ${met ? 'met' : 'NOT met'}): ` +
          `${d.achieved.toFixed(1)} requests/s under --rate ${d.limit}/s over ${d.spanS.toFixed(1)} s ` +
          `(${d.requests} requests, ${COMPANIES.length} companies); most in any 1 s window ${d.maxWindow}; ` +
          `floor (rate not binding) ${d.capacity.toFixed(1)} requests/s\n`,
      );
      if (!met) process.exitCode = 1;
    } finally {
      await mock.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  })().catch((err) => {
    process.stderr.write(`bench: ${err.message}\n`);
    process.exitCode = 1;
  });
}
