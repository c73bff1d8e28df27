// CLI tests spawn bin/anaf-postman.js, which runs the compiled dist/: build it when the sources
// changed since the last build (a hash of src/, templates/ and the build config), not on every run.
const { createHash } = require('node:crypto');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** @param {string} dir @param {string[]} out */
function walk(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

/** @param {string} root */
function sourceHash(root) {
  const hash = createHash('sha1');
  const files = [
    ...walk(path.join(root, 'src'), []),
    ...walk(path.join(root, 'templates'), []),
    path.join(root, 'tsconfig.json'),
    path.join(root, 'tsconfig.build.json'),
    path.join(root, 'package.json'),
  ].sort();
  for (const file of files) hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file));
  return hash.digest('hex');
}

module.exports = async () => {
  // The suite's own temporary folder (workers inherit TMPDIR): what is left in it at the end is a
  // test that forgot its cleanup, which tests/global-teardown.js names, whatever else runs here.
  const tmp = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'anaf-postman-suite-'));
  // Like /tmp itself: tests also run the CLI as `nobody` (tests/helpers/nobody.ts).
  fs.chmodSync(tmp, 0o1777);
  /** @type {any} */ (globalThis).__anafSuiteTmp = tmp;
  process.env.TMPDIR = tmp;
  // Retry waits (backoff, Retry-After) at a twentieth: the suite tests the policy, not the clock.
  // The tests about the wait itself set it back to 1 (tests/helpers/env-vars.ts).
  process.env.ANAF_POSTMAN_WAIT_SCALE = '0.05';
  const root = path.resolve(__dirname, '..');
  const stamp = path.join(root, 'dist', '.source-hash');
  const wanted = sourceHash(root);
  const built = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8') : '';
  if (built === wanted && fs.existsSync(path.join(root, 'dist', 'src', 'cli', 'main.js'))) return;
  // From an empty dist/: a module moved or removed since the last build must not linger there.
  fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  execFileSync(process.execPath, ['-e', "require('./dist/src/templates/bundle').writeBundle()"], {
    cwd: root,
    stdio: 'inherit',
  });
  fs.writeFileSync(stamp, wanted);
};
