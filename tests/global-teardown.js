// Tests leave nothing behind: every entry the suite added to the system's temporary folder is a
// leftover (a test that forgot its cleanup), named here so it gets fixed.
const fs = require('node:fs');
const os = require('node:os');

module.exports = async () => {
  const before = /** @type {Set<string> | undefined} */ (globalThis.__anafTmpBefore);
  if (!before) return;
  const left = fs.readdirSync(os.tmpdir()).filter((name) => !before.has(name) && /anaf|^jest_/.test(name));
  const ours = left.filter((name) => !name.startsWith('jest_'));
  if (ours.length > 0) {
    throw new Error(`tests left ${ours.length} entr(ies) in ${os.tmpdir()}: ${ours.slice(0, 10).join(', ')}`);
  }
};
