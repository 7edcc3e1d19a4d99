/** Jest runs inside `npm test` (scripts/test.ts), which starts the real servers first. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/domain', '<rootDir>/api', '<rootDir>/workflows', '<rootDir>/activities'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] },
  setupFiles: ['<rootDir>/test/setup-runtime.ts'],
  testTimeout: 60000,
  // Workflow tests share one Temporal dev server and one PostgreSQL: keep the machine (2 cores) responsive.
  maxWorkers: 2,
};
