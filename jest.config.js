/**
 * `npm test` (scripts/test.ts) starts the real servers and runs jest; `npx jest test/x.test.ts` works as
 * well: the global setup then starts them (scripts/test-servers.ts) and the teardown stops them.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/domain', '<rootDir>/api', '<rootDir>/workflows', '<rootDir>/activities'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
    // jose (JWT, used by the API's auth) ships ES modules only; jest's CommonJS runtime needs it compiled.
    '^.+/node_modules/jose/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  setupFiles: ['<rootDir>/test/setup-runtime.ts'],
  testTimeout: 60000,
  // Most files wait on timers, retries and real processes more than they compute: three at a time keep both
  // cores (2 here) busy, with one Temporal dev server and one PostgreSQL shared.
  maxWorkers: 3,
};
