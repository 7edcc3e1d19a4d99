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
  // Workflow tests share one Temporal dev server and one PostgreSQL: keep the machine (2 cores) responsive.
  maxWorkers: 2,
};
