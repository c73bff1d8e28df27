/** Unit, integration and CLI tests. Browser tests live in jest.browser.config.js. */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/tests'],
  testPathIgnorePatterns: ['/node_modules/', '/tests/browser/'],
  testTimeout: 30000,
  globalSetup: '<rootDir>/tests/global-setup.js',
  globalTeardown: '<rootDir>/tests/global-teardown.js',
  // Two cores: the suite's files are independent (ports 0, their own temp folders).
  maxWorkers: 2,
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};
