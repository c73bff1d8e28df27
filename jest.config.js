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
  // The suite's files are independent (ports 0, their own temp folders). Three workers on two
  // cores: much of a file's time is waiting (timers, sockets, child processes), which the third
  // fills (measured: test:fast 95 s with two, 79 s with three).
  maxWorkers: 3,
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};
