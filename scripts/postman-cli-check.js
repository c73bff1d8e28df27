'use strict';
// `node scripts/postman-cli-check.js` (CI, not `npm test`: it installs the Postman CLI from the npm
// registry, and needs root or user namespaces): the committed v3 collections (postman-v3/) through
// Postman's own CLI, offline. It lints postman-v3/anaf and postman-v3/anaf.ro, then runs the same
// scenarios against the mock with the v2.1 JSON collection and with the v3 folder, and compares what
// each request did: the requests sent (the mock's record, in order), the tests passed and failed.
//
// The Postman CLI is a packaged binary: a Node preload cannot fence it. Everything runs inside a new
// network namespace holding only loopback (`unshare --net`), with /etc/hosts sending ANAF's names
// to 127.0.0.1 and /etc/resolv.conf pointing at a DNS logger on 127.0.0.1:53 that answers REFUSED
// and reports every name the CLI asked for: nothing can leave the machine, and we see what it tried.
//
// Options: --postman PATH (a postman binary already installed; default: install postman-cli@VERSION
// into a temporary prefix). Exit 0 when lint passes and every scenario gives the same per-request
// results in both formats (a v3 request that skips itself is reported by the CLI as "Request could
// not be completed": that difference is known, printed, and not a failure); 1 otherwise.
const { spawn, spawnSync } = require('node:child_process');
const dgram = require('node:dgram');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const POSTMAN_CLI_VERSION = '1.34.0';
const RUN_TIMEOUT_MS = 120_000;
const ANAF_HOSTS = ['logincert.anaf.ro', 'api.anaf.ro', 'webservicesp.anaf.ro'];

const log = (line) => process.stdout.write(`postman-cli-check: ${line}\n`);

/** @param {string[]} argv @param {string} name */
function option(argv, name) {
  const i = argv.indexOf(name);
  return i === -1 ? undefined : argv[i + 1];
}

// ---------------------------------------------------------------- outside the namespace

/** Installs the Postman CLI into `prefix`; returns the path of its `postman` command. */
function installPostman(prefix) {
  log(`installing postman-cli@${POSTMAN_CLI_VERSION} into a temporary prefix`);
  const r = spawnSync(
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      '--no-save',
      `postman-cli@${POSTMAN_CLI_VERSION}`,
    ],
    { encoding: 'utf8', timeout: 600_000 },
  );
  if (r.status !== 0) throw new Error(`npm install postman-cli failed:\n${r.stdout}${r.stderr}`);
  return path.join(prefix, 'node_modules', '.bin', 'postman');
}

function outside(argv) {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'src', 'mock', 'index.js'))) {
    throw new Error('dist/ is missing: run npm run build first');
  }
  // Root (CI) unshares directly; anyone else through a user namespace, where the kernel allows it.
  const userns = typeof process.getuid === 'function' && process.getuid() !== 0 ? ['--map-root-user'] : [];
  // Without a network namespace the Postman CLI is never started (it would be free to call out):
  // a machine that cannot make one skips the check, loudly, rather than run it unfenced.
  const probe = spawnSync('unshare', [...userns, '--net', '--mount', '--fork', '--', 'true'], {
    encoding: 'utf8',
  });
  if (probe.status !== 0) {
    log(
      `SKIPPED: this machine cannot make a network namespace (${(probe.stderr || probe.error?.message || '?').trim()}); ` +
        'the Postman CLI is only ever run inside one',
    );
    return 0;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-postman-cli-'));
  try {
    const postman = option(argv, '--postman') ?? installPostman(path.join(tmp, 'prefix'));
    const r = spawnSync(
      'unshare',
      [
        ...userns,
        '--net',
        '--mount',
        '--fork',
        '--',
        process.execPath,
        __filename,
        '--inside',
        '--postman',
        postman,
        '--work',
        tmp,
      ],
      { stdio: 'inherit' },
    );
    if (r.error) throw new Error(`unshare: ${r.error.message}`);
    return r.status ?? 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- inside the namespace

/** Runs a setup command of the namespace; throws when it fails. */
function must(command, args) {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${r.stderr || r.error?.message}`);
}

/** The queried name of a DNS message, or '?' when it cannot be read. */
function dnsName(msg) {
  const labels = [];
  let i = 12;
  while (i < msg.length && msg[i] !== 0 && labels.length < 64) {
    const len = msg[i];
    labels.push(msg.subarray(i + 1, i + 1 + len).toString('latin1'));
    i += len + 1;
  }
  return labels.length ? labels.join('.') : '?';
}

/** A DNS server on 127.0.0.1:53 answering REFUSED to every question and recording its name. */
function startDnsLogger(names) {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    if (msg.length < 12) return;
    names.add(dnsName(msg));
    const answer = Buffer.from(msg);
    answer[2] = 0x80 | ((msg[2] ?? 0) & 0x79); // QR=1, opcode and RD kept
    answer[3] = 0x05; // REFUSED
    answer.writeUInt16BE(0, 6);
    answer.writeUInt16BE(0, 8);
    answer.writeUInt16BE(0, 10);
    socket.send(answer, rinfo.port, rinfo.address);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(53, '127.0.0.1', () => resolve(socket));
  });
}

/** Loopback up; ANAF's names to 127.0.0.1; name lookups to the logger. All private to the namespace. */
function fenceNetwork(work) {
  must('ip', ['link', 'set', 'lo', 'up']);
  must('mount', ['--make-rprivate', '/']);
  const hosts = path.join(work, 'hosts');
  fs.writeFileSync(hosts, `127.0.0.1 localhost ${ANAF_HOSTS.join(' ')}\n::1 localhost\n`);
  must('mount', ['--bind', hosts, '/etc/hosts']);
  const resolv = path.join(work, 'resolv.conf');
  fs.writeFileSync(resolv, 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
  must('mount', ['--bind', resolv, '/etc/resolv.conf']);
  const addrs = spawnSync('ip', ['-o', 'addr'], { encoding: 'utf8' }).stdout.trim().split('\n');
  const routes = spawnSync('ip', ['route'], { encoding: 'utf8' }).stdout.trim();
  log(
    `network namespace: ${addrs.map((l) => l.split(/\s+/).slice(1, 4).join(' ')).join('; ')}; ` +
      `routes: ${routes || 'none (loopback only)'}`,
  );
}

/** Proves the logger sees lookups: a name no host file holds must reach it. */
async function probeDns(names) {
  const probe = 'anaf-postman-dns-probe.invalid';
  await require('node:dns')
    .promises.lookup(probe)
    .catch(() => undefined);
  if (!names.has(probe)) throw new Error('the DNS logger did not see a lookup: the fence is not in place');
  names.delete(probe);
}

/**
 * The CLI's environment: a fresh home below the work folder, so it starts as on a new machine (its
 * update check, its ~/.postman) and leaves nothing in the real home.
 */
function cliEnv(cwd) {
  const home = path.join(cwd, 'home');
  fs.mkdirSync(home, { recursive: true });
  return { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') };
}

/**
 * Runs `postman collection run` and splits its output by request. Returns the exit code, the output,
 * and for each request (`Folder / Request`): the HTTP lines, the tests passed and failed, the console
 * text, and whether the CLI's summary lists it as "Request could not be completed".
 */
function runPostman(postman, target, envFile, extra, cwd) {
  const args = ['collection', 'run', target, '-e', envFile, '--color', 'off', '--disable-unicode', ...extra];
  return new Promise((resolve, reject) => {
    const child = spawn(postman, args, { cwd, env: cliEnv(cwd), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, requests: parseRun(out) });
    });
  });
}

/** @typedef {{http: string[], passed: string[], failed: string[], console: string, incomplete: boolean}} RequestResult */

/** @param {string} out @returns {Map<string, RequestResult>} */
function parseRun(out) {
  /** @type {Map<string, RequestResult>} */
  const requests = new Map();
  let folder = '';
  /** @type {RequestResult | undefined} */
  let current;
  let inConsole = false;
  const lines = out.split('\n');
  for (const line of lines) {
    if (/^-{10,}/.test(line)) break; // the summary table
    const f = /^Folder (.+)$/.exec(line);
    if (f) {
      folder = (f[1] ?? '').trim();
      continue;
    }
    const r = /^Sub-folder (.+)$/.exec(line);
    if (r) {
      current = { http: [], passed: [], failed: [], console: '', incomplete: false };
      requests.set(`${folder} / ${(r[1] ?? '').trim()}`, current);
      inConsole = false;
      continue;
    }
    if (!current) continue;
    if (/^ {2}-\s*$/.test(line)) {
      inConsole = !inConsole;
      continue;
    }
    if (inConsole) {
      current.console += line.replace(/^ {2}\| ?/, '');
      continue;
    }
    const http = /^ {2}(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) (\S+) \[(\d{3})/.exec(line);
    if (http) {
      current.http.push(`${http[1]} ${new URL(http[2] ?? '').pathname} ${http[3]}`);
      continue;
    }
    const pass = /^ {2}(?:Pass|√)\s+(.+)$/.exec(line);
    if (pass) {
      current.passed.push((pass[1] ?? '').trim());
      continue;
    }
    const fail = /^ {2}\d+\.\s+(.+)$/.exec(line);
    if (fail) current.failed.push((fail[1] ?? '').trim());
  }
  // The summary's failures: "Request could not be completed" ... inside "Folder / Request".
  const table = out.slice(out.search(/#\s+failure\s+detail/) >>> 0);
  for (const m of table.matchAll(/Request could not be completed[\s\S]*?inside "([^"]+)"/g)) {
    const entry = requests.get(m[1] ?? '');
    if (entry) entry.incomplete = true;
  }
  return requests;
}

/** What the mock received, as comparable lines: method, path, grant type and how the client authenticated. */
function mockRecord(mock) {
  return mock.requests().map((r) => {
    if (r.path.endsWith('/token')) {
      const auth = String(r.headers.authorization ?? '').split(' ')[0] || 'none';
      return `${r.method} ${r.path} grant_type=${new URLSearchParams(r.body).get('grant_type')} auth=${auth}`;
    }
    return `${r.method} ${r.path}`;
  });
}

async function inside(argv) {
  const postman = option(argv, '--postman');
  const work = option(argv, '--work');
  if (!postman || !work) throw new Error('--inside needs --postman and --work');
  const { startMock } = require(path.join(ROOT, 'dist', 'src', 'mock'));
  const { MOCK_DEMO_CLIENT, Paths } = require(path.join(ROOT, 'dist', 'src', 'anaf'));
  fenceNetwork(work);
  const names = new Set();
  const dns = await startDnsLogger(names);
  await probeDns(names);
  const cwd = fs.mkdtempSync(path.join(work, 'cwd-'));
  // Every start of the CLI happens in here: even --version checks for updates.
  const version = spawnSync(postman, ['--version'], { encoding: 'utf8', cwd, env: cliEnv(cwd) });
  log(`Postman CLI ${version.stdout.trim()}`);
  let problems = 0;
  const problem = (text) => {
    problems += 1;
    log(`PROBLEM ${text}`);
  };

  // 1. Lint.
  for (const dir of ['postman-v3/anaf', 'postman-v3/anaf.ro']) {
    const r = spawnSync(postman, ['collection', 'lint', path.join(ROOT, dir), '--color', 'off'], {
      encoding: 'utf8',
      cwd,
      env: cliEnv(cwd),
    });
    log(
      `postman collection lint ${dir}: exit ${r.status}: ${(r.stdout + r.stderr).trim().replace(/\n/g, ' | ')}`,
    );
    if (r.status !== 0) problem(`lint of ${dir} failed`);
  }

  // 2. Scenarios, each with the v2.1 file and the v3 folder, a fresh mock each time.
  const basic = `Basic ${Buffer.from(`${MOCK_DEMO_CLIENT.clientId}:${MOCK_DEMO_CLIENT.clientSecret}`).toString('base64')}`;
  const formats = [
    { name: 'v2.1', target: path.join(ROOT, 'collections', 'anaf.postman_collection.json') },
    { name: 'v3', target: path.join(ROOT, 'postman-v3', 'anaf') },
  ];
  const envOf = (stage) =>
    JSON.parse(
      fs.readFileSync(path.join(ROOT, 'environments', `anaf-${stage}.postman_environment.json`), 'utf8'),
    );
  /** An environment file for `mock`: the mock (or prod under ANAF's names) stage with `values`. */
  const writeEnv = (mock, stage, values) => {
    const env = envOf(stage);
    for (const v of env.values) {
      v.value = String(v.value)
        .replaceAll('http://127.0.0.1:3003', mock.url)
        .replace(/^https:\/\/((?:logincert|api)\.anaf\.ro)/, `http://$1:${mock.port}`);
      if (v.key in values) v.value = values[v.key];
    }
    const file = path.join(work, `env-${Date.now()}-${Math.random().toString(16).slice(2)}.json`);
    fs.writeFileSync(file, JSON.stringify(env));
    return file;
  };
  /** `writeEnv` with `pair` (by default a fresh, valid pair of the mock) as the stored tokens. */
  const pairEnv = (mock, stage, values = {}, pair = mock.issueTokens()) =>
    writeEnv(mock, stage, { ...values, accessToken: pair.access_token, refreshToken: pair.refresh_token });
  const expiredPair = (mock) => mock.issueTokens({ accessTtlSeconds: -60 });
  // The committed prod environment leaves client and cif empty; under ANAF's names sits the mock,
  // which knows only its demo client.
  const prodEnv = (mock, values = {}) =>
    pairEnv(mock, 'prod', {
      clientId: MOCK_DEMO_CLIENT.clientId,
      clientSecret: MOCK_DEMO_CLIENT.clientSecret,
      cif: MOCK_DEMO_CLIENT.cif,
      ...values,
    });
  const sameLines = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const refreshSent = `POST ${Paths.token} grant_type=refresh_token auth=Basic`;
  const scenarios = [
    {
      title:
        'whole collection, mock, a valid pair: every call, the uploads filed on the mock, no token request',
      prepare: async (m) => ({ env: pairEnv(m, 'mock') }),
      expect: (rec) => (rec.some((l) => l.includes('/token')) ? 'a token request went' : ''),
    },
    {
      title:
        'OAuth 2.0 folder: exchange a fresh code, refresh (forceRefresh=true), hello with the stored bearer',
      prepare: async (m) => {
        const { code } = await m.authorize({});
        return {
          env: writeEnv(m, 'mock', { authorizationCode: code }),
          args: ['-i', 'OAuth 2.0', '--env-var', 'forceRefresh=true'],
        };
      },
      expect: (rec) =>
        sameLines(
          rec.filter((l) => !l.includes('/authorize')),
          [`POST ${Paths.token} grant_type=authorization_code auth=Basic`, refreshSent, `GET ${Paths.hello}`],
        )
          ? ''
          : 'not exchange, refresh, hello',
    },
    {
      title: 'an expired access token: the automatic refresh (Basic client auth), then hello',
      prepare: async (m) => ({
        env: pairEnv(m, 'mock', {}, expiredPair(m)),
        args: ['-i', 'TestOauth hello'],
      }),
      expect: (rec) => (sameLines(rec, [refreshSent, `GET ${Paths.hello}`]) ? '' : 'not refresh then hello'),
    },
    {
      title:
        'an expired access token with noRefresh=true (an engine that cannot save a rotated token): nothing sent',
      prepare: async (m) => ({
        env: pairEnv(m, 'mock', {}, expiredPair(m)),
        args: ['-i', 'TestOauth hello', '--env-var', 'noRefresh=true'],
      }),
      expect: (rec) => (rec.length === 0 ? '' : 'something was sent'),
    },
    {
      title: 'a refresh token rotated away: the refresh is refused, hello is not sent, the run fails',
      prepare: async (m) => {
        const pair = expiredPair(m);
        const r = await fetch(`${m.url}${Paths.token}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic },
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: pair.refresh_token,
          }).toString(),
        });
        if (r.status !== 200) throw new Error(`rotating the pair away: HTTP ${r.status}`);
        // The mock also recorded that rotation: skipRecords keeps it out of what the CLI is judged on.
        return { env: pairEnv(m, 'mock', {}, pair), args: ['-i', 'TestOauth hello'], skipRecords: 1 };
      },
      expect: (rec, run) =>
        sameLines(rec, [refreshSent]) && run.code !== 0 ? '' : 'not one refused refresh and a failed run',
    },
    {
      title:
        'ANAF production (its names on loopback), no filing allowance: uploads skip with NOT FILED, nothing filed',
      prepare: async (m) => ({ env: prodEnv(m) }),
      expect: (rec, run) => {
        if (rec.some((l) => l.includes('/upload'))) return 'an upload reached production';
        if (rec.some((l) => l.includes('/token'))) return 'a token request went';
        return /NOT FILED/.test(run.out) ? '' : 'no NOT FILED line';
      },
    },
    {
      title:
        'ANAF production, filing allowed for the cif: the demo documents are refused (a failed test), nothing filed',
      prepare: async (m) => ({
        env: prodEnv(m, { allowFilingForCif: MOCK_DEMO_CLIENT.cif }),
        args: ['-i', 'e-Factura'],
      }),
      expect: (rec, run) => {
        if (rec.some((l) => l.includes('/upload'))) return 'an upload reached production';
        return /refused, not sent to ANAF production/.test(run.out) && run.code !== 0 ? '' : 'no refusal';
      },
    },
  ];

  for (const [n, scenario] of scenarios.entries()) {
    log(`scenario ${n + 1}: ${scenario.title}`);
    const results = [];
    for (const format of formats) {
      const mock = await startMock({ port: 0, host: '127.0.0.1' });
      try {
        const { env, args = [], skipRecords = 0 } = await scenario.prepare(mock);
        const run = await runPostman(postman, format.target, env, args, cwd);
        const records = mockRecord(mock).slice(skipRecords);
        results.push({ format, run, records });
        const why = scenario.expect(records, run);
        log(`  ${format.name}: exit ${run.code}; the mock received: ${records.join(', ') || 'nothing'}`);
        if (why) problem(`scenario ${n + 1}, ${format.name}: ${why}\n${run.out}`);
      } finally {
        await mock.close();
      }
    }
    const [a, b] = results;
    if (!a || !b) throw new Error('a scenario ran without both formats');
    if (!sameLines(a.records, b.records)) problem(`scenario ${n + 1}: the mock received different requests`);
    const names = [...new Set([...a.run.requests.keys(), ...b.run.requests.keys()])];
    for (const name of names) {
      const x = a.run.requests.get(name);
      const y = b.run.requests.get(name);
      const show = (r) =>
        r
          ? `${r.http.join(', ') || 'not sent'}; tests passed ${r.passed.length}, failed ${r.failed.length}${r.incomplete ? '; CLI: "Request could not be completed"' : ''}`
          : 'not run';
      const same =
        x &&
        y &&
        JSON.stringify([x.http, x.passed, x.failed]) === JSON.stringify([y.http, y.passed, y.failed]);
      log(`    ${name}: ${same ? show(y) : `v2.1 ${show(x)} | v3 ${show(y)}`}`);
      if (!same) problem(`scenario ${n + 1}: ${name} differs`);
      else if (y.incomplete && y.http.some((h) => !h.includes('/token'))) {
        problem(`scenario ${n + 1}: ${name} was sent but reported as not completed`);
      }
    }
    const explained = [...b.run.requests.values()].some((r) => r.incomplete);
    if (a.run.code !== b.run.code && !(a.run.code === 0 && explained)) {
      problem(`scenario ${n + 1}: exit ${a.run.code} (v2.1) vs ${b.run.code} (v3)`);
    } else if (a.run.code !== b.run.code) {
      log(
        `  exit differs (v2.1 ${a.run.code}, v3 ${b.run.code}): the v3 run counts its skipped requests as failed`,
      );
    }
  }

  dns.close();
  log(
    `names the Postman CLI looked up (answered REFUSED; the namespace has no route out): ${[...names].sort().join(', ') || 'none'}`,
  );
  log(problems === 0 ? 'passed' : `${problems} problem(s)`);
  return problems === 0 ? 0 : 1;
}

const argv = process.argv.slice(2);
(argv.includes('--inside') ? inside(argv) : Promise.resolve(outside(argv))).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`postman-cli-check: ${err.stack || err.message}\n`);
    process.exitCode = 1;
  },
);
