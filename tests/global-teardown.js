// Tests leave nothing behind: whatever is left in the suite's own temporary folder (made by
// tests/global-setup.js) is a test that forgot its cleanup, named here so it gets fixed.
const fs = require('node:fs');

module.exports = async () => {
  const tmp = /** @type {any} */ (globalThis).__anafSuiteTmp;
  if (typeof tmp !== 'string') return;
  // jest's own files are not ours, nor the tool's documented `--resume` folder (anaf-postman-UID),
  // which batch runs keep by design; the whole folder goes below either way.
  const left = fs
    .readdirSync(tmp)
    .filter((name) => !name.startsWith('jest') && !/^anaf-postman-\d+$/.test(name));
  fs.rmSync(tmp, { recursive: true, force: true });
  if (left.length > 0) {
    throw new Error(
      `tests left ${left.length} entr(ies) in the temporary folder: ${left.slice(0, 12).join(', ')}`,
    );
  }
};
