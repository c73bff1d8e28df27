'use strict';
// Issue #24's figure: `download` over several companies sharing one `--rate`. The floor, measured
// in the same run, is the same batch with the rate not binding (our own capacity); the figure is
// the requests the mock saw in each whole minute under `--rate R/min` over R (utilisation, 0.9 to
// 1.0), and the most in any sliding minute (never above R): a per-minute rate like ANAF's, a third of the capacity,
// so the limit binds even when one company is left at the end. `node bench/download.js` runs it
// alone; `bench/run.js` includes it.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT, CLI, mustRun, writeEnvironments, maxInWindow } = require('./lib');

const log = (line) => process.stderr.write(`${line}\n`);
const COMPANIES = ['1006', '1014', '1022', '1030'];
const PER_COMPANY = 400;

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
 * The requests in each whole minute from the first request on (the last, partial minute left out):
 * what the limit allows is counted per window, so the use of it is too.
 */
function perMinute(times) {
  const counts = [];
  for (let start = times[0]; start + 60_000 <= times[times.length - 1]; start += 60_000) {
    counts.push(times.filter((t) => t >= start && t < start + 60_000).length);
  }
  return counts;
}

/** The download rate against `--rate`: the capacity first (rate not binding), then `--rate` at a third of it. */
async function downloadRate(tmp, mock) {
  const envs = writeEnvironments(path.join(tmp, 'envs'), COMPANIES.length, mock);
  envs.forEach((file, i) => {
    const env = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const v of env.values) if (v.key === 'cif') v.value = COMPANIES[i];
    fs.writeFileSync(file, JSON.stringify(env, null, 2));
  });
  log(`download: ${COMPANIES.length} companies × ${PER_COMPANY} invoices, rate not binding (the floor)`);
  const free = await oneBatch(tmp, mock, 'free', '1000000/min');
  const limit = Math.max(60, Math.floor((free.rate * 60) / 3));
  log(`download: the same at --rate ${limit}/min (capacity ${(free.rate * 60).toFixed(0)} requests/min)`);
  const bound = await oneBatch(tmp, mock, 'bound', `${limit}/min`);
  return {
    limit,
    capacity: free.rate * 60,
    minutes: perMinute(bound.times),
    utilisation: perMinute(bound.times).reduce((a, n) => a + n, 0) / perMinute(bound.times).length / limit,
    maxWindow: maxInWindow(bound.times, 60_000),
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
          `requests in each whole minute ${d.minutes.join(', ')} under --rate ${d.limit}/min ` +
          `(${d.requests} requests in ${d.spanS.toFixed(1)} s, ${COMPANIES.length} companies); ` +
          `most in any sliding minute ${d.maxWindow}; ` +
          `floor (rate not binding) ${d.capacity.toFixed(0)} requests/min\n`,
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
