'use strict';
// `node scripts/pack-smoke.js` (CI, not `npm test`: it installs from the registry): packs the
// package, checks what the tarball holds, installs it globally into a temporary prefix (a
// production install: no devDependencies) and runs every command from another folder, as a user
// would: --help, generate, docs, mock (started, probed, stopped), mock-env, login against the mock's consent
// form, status, run and refresh. Fails, naming the step, on the first surprise.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
// A production install measured 95 MiB (bench/RESULTS.md), most of it Newman's; the budget leaves room for patch
// releases of the dependencies, not for a new heavy one.
const INSTALLED_BUDGET_MIB = 110;
const MUST_SHIP = [
  'package.json',
  'README.md',
  'bin/anaf-postman.js',
  'dist/src/index.js',
  'dist/src/mock/index.js',
  'dist/src/cli/main.js',
  'dist/templates.compiled.js',
  'templates/i18n/en.json',
  'templates/docs/i18n/ro.json',
  'collections/anaf.postman_collection.json',
  'environments/anaf-mock.postman_environment.json',
  'bruno/anaf/opencollection.yml',
  'bruno/anaf/environments/mock.yml',
  'postman-v3/anaf/.resources/definition.yaml',
  'postman-v3/anaf/OAuth 2.0/TestOauth hello.request.yaml',
  'templates/bruno/collection-prerequest.js.hbs',
];
const MUST_NOT_SHIP =
  /^(tests|src|bench|scripts|examples|\.ci|reports|coverage)\/|\.env|\.pem$|\.tgz$|\.key$/;

const log = (line) => process.stdout.write(`pack-smoke: ${line}\n`);

function fail(message) {
  throw new Error(message);
}

/**
 * Runs a command to its end; fails unless it exits with `expect`.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, input?: string, expect?: number }} [options]
 */
function run(command, args, { cwd, env, input, expect = 0 } = {}) {
  const r = spawnSync(command, args, { cwd, env, input, encoding: 'utf8', timeout: 300_000 });
  if (r.error) fail(`${command} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== expect) {
    fail(`${command} ${args.join(' ')} exited ${r.status} (expected ${expect}):\n${r.stdout}${r.stderr}`);
  }
  return r;
}

/** Packs the checkout into `dir`; checks the file list; returns the tarball's path. */
function pack(dir) {
  const r = run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT });
  const [info] = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')));
  const files = info.files.map((f) => f.path);
  const missing = MUST_SHIP.filter((f) => !files.includes(f));
  if (missing.length) fail(`the tarball lacks ${missing.join(', ')}`);
  const unwanted = files.filter((f) => MUST_NOT_SHIP.test(f));
  if (unwanted.length) fail(`the tarball holds ${unwanted.join(', ')}`);
  log(`packed ${info.filename}: ${files.length} files, ${(info.size / 1024).toFixed(0)} KiB`);
  return path.join(dir, info.filename);
}

/** Size of a folder in MiB (du, as a person would measure it). */
function mib(dir) {
  return Number(run('du', ['-sk', dir]).stdout.split('\t')[0]) / 1024;
}

/** Starts `anaf-postman mock --port 0`; resolves with the process and its URL. */
function startMock(env, cwd) {
  const child = spawn('anaf-postman', ['mock', '--port', '0'], { cwd, env });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the mock did not start:\n${out}`)), 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`the mock exited ${code}:\n${out}`)));
  });
}

/** Approves the consent form as the person's browser would; returns the code from the redirect. */
async function approve(url, vars) {
  const body = new URLSearchParams({
    client_id: vars.clientId,
    response_type: 'code',
    redirect_uri: vars.redirectUri,
    token_content_type: 'jwt',
    decision: 'approve',
  });
  const res = await fetch(`${url}/anaf-oauth2/v1/authorize`, { method: 'POST', body, redirect: 'manual' });
  const code = new URL(res.headers.get('location') ?? 'x:').searchParams.get('code');
  if (res.status !== 302 || !code) fail(`the mock's consent form answered ${res.status}, no code`);
  return code;
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-postman-pack-'));
  try {
    const tarball = pack(tmp);
    const prefix = path.join(tmp, 'prefix');
    run('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', tarball], { cwd: tmp });
    const installed = path.join(prefix, 'lib', 'node_modules', 'anaf-postman');
    const size = mib(prefix);
    log(`installed (production, ${prefix}): ${size.toFixed(1)} MiB`);
    if (size > INSTALLED_BUDGET_MIB)
      fail(`the install grew to ${size.toFixed(1)} MiB (budget ${INSTALLED_BUDGET_MIB})`);
    const shipped = fs.readdirSync(installed, { recursive: true }).length;

    // Another folder, the installed bin first on PATH, a HOME of its own: nothing from the checkout.
    const cwd = path.join(tmp, 'work');
    fs.mkdirSync(cwd);
    const env = {
      ...process.env,
      PATH: [path.join(prefix, 'bin'), path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
      HOME: tmp,
      NO_COLOR: '1',
    };
    const cli = (args, opts = {}) => run('anaf-postman', args, { cwd, env, ...opts });

    if (!cli(['--help']).stdout.includes('generate')) fail('--help does not list generate');
    const generated = cli(['generate']).stdout;
    if (!/^wrote\s+collections\/anaf\.postman_collection\.json$/m.test(generated))
      fail(`generate:\n${generated}`);
    cli(['docs']);
    for (const f of ['collections/anaf.ro.postman_collection.json', 'guide.md', 'guide.ro.md']) {
      if (!fs.existsSync(path.join(cwd, f))) fail(`${f} was not written into the current folder`);
    }
    if (fs.readdirSync(installed, { recursive: true }).length !== shipped)
      fail('generate/docs wrote into the package');
    log('--help, generate and docs: written into the current folder');

    const { child, url } = await startMock(env, cwd);
    try {
      const probe = await fetch(`${url}/__mock/jwks`);
      if (probe.status !== 200) fail(`the mock answered ${probe.status} on /__mock/jwks`);
      // The generated mock environment, pointed at this mock's port.
      const template = path.join(cwd, 'environments', 'anaf-mock.postman_environment.json');
      const file = path.join(cwd, 'mock.postman_environment.json');
      fs.writeFileSync(file, fs.readFileSync(template, 'utf8').replaceAll('http://127.0.0.1:3003', url));
      const vars = Object.fromEntries(
        JSON.parse(fs.readFileSync(file, 'utf8')).values.map((v) => [v.key, v.value]),
      );
      cli(['status', '-e', file], { expect: 3 }); // no token yet
      const code = await approve(url, vars);
      cli(['login', '-e', file, '--paste'], { input: `${code}\n` });
      cli(['status', '-e', file]);
      // Every reporter, so that the HTML one (a separate package Newman loads by name) is proven installed.
      const reports = path.join(tmp, 'reports');
      const output = cli([
        'run',
        '-e',
        file,
        '--reporters',
        'cli,junit,json,html',
        '--report-dir',
        reports,
      ]).stdout;
      for (const f of ['junit.xml', 'report.json', 'report.html']) {
        if (!fs.existsSync(path.join(reports, f))) fail(`run wrote no ${f}:\n${output}`);
      }
      const passed = /\d+ assertions: \d+ passed \+ 0 failed/.exec(output)?.[0];
      if (!passed) fail(`run printed no passing summary:\n${output}`);
      cli(['refresh', '-e', file]);
      // The README's CI path: a ready environment from the running mock, without a browser.
      const ci = path.join(tmp, 'ci.postman_environment.json');
      cli(['mock-env', '--out', ci, '--mock-url', url]);
      const ciRun = cli(['run', '-e', ci, '--folder', 'OAuth 2.0']).stdout;
      if (!/\d+ assertions: \d+ passed \+ 0 failed/.test(ciRun))
        fail(`run after mock-env did not pass:\n${ciRun}`);
      log(
        `mock on ${url}: status (3 without tokens), login, status, run (${passed}), refresh, mock-env + run`,
      );
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = child.exitCode ?? (await exited);
      if (code !== 0 && code !== 130) fail(`the mock exited ${code} on SIGTERM`);
      log(`mock stopped (exit ${code})`);
    }
    log('ok');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`pack-smoke: ${err.message}\n`);
  process.exitCode = 1;
});
