/** Stops the servers the global setup started (none under `npm test`, which stops its own). */
module.exports = async function globalTeardown() {
  const child = globalThis.__TEST_SERVERS__;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
};
