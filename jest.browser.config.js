/** Real-browser tests (Debian's Chromium through playwright-core): `npm run test:browser`. */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/browser'],
  testTimeout: 90000,
  globalSetup: '<rootDir>/tests/global-setup.js',
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};
