// CLI tests spawn bin/anaf-postman.js, which runs the compiled dist/: build it once per test run.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async () => {
  const root = path.resolve(__dirname, '..');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  execFileSync(process.execPath, ['-e', "require('./dist/src/templates/bundle').writeBundle()"], {
    cwd: root,
    stdio: 'inherit',
  });
};
