/**
 * `npm run test:fast`: the edit-test loop. The unit tier and the in-process integration tier, that
 * is every test under tests/unit/ and tests/integration/ that starts no process of its own (no
 * spawned CLI, Newman CLI, Bruno CLI or child script); `npm test` runs everything.
 *
 * A file is judged by what it imports, so a test that starts spawning leaves this tier by itself.
 */
const fs = require('node:fs');
const path = require('node:path');
const base = require('./jest.config');

/** Imports that start another process. */
const SPAWNS =
  /require\(['"]node:child_process['"]\)|from ['"](node:)?child_process['"]|helpers\/(cli|nobody)['"]/;

/** @param {string} dir @returns {string[]} */
function testFiles(dir) {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((rel) => /\.test\.[jt]s$/.test(rel))
    .map((rel) => path.join(dir, rel));
}

const tiers = ['unit', 'integration'].map((tier) => path.join(__dirname, 'tests', tier));
const spawning = tiers.flatMap(testFiles).filter((file) => SPAWNS.test(fs.readFileSync(file, 'utf8')));

/** Exact paths as patterns (a path has no regular-expression characters but dots). */
const exact = (file) => `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;

module.exports = {
  ...base,
  roots: tiers,
  testPathIgnorePatterns: [...base.testPathIgnorePatterns, ...spawning.map(exact)],
};
