/** Real-browser tests (Debian's Chromium through playwright-core): `npm run test:browser`. */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/browser'],
  testTimeout: 90000,
  globalSetup: '<rootDir>/tests/global-setup.js',
  // The suite's temporary folder goes, and a test that left something in it is named.
  globalTeardown: '<rootDir>/tests/global-teardown.js',
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};
