/**
 * Polls until `read` returns a value `done` accepts; the error shows the last value read. The pause
 * between reads grows from 25 ms to 500 ms: a condition met at once is seen at once, and a long wait
 * (a partner down for a minute) does not turn into hundreds of workflow queries that load the machine.
 */
export async function eventually<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 25; ; pause = Math.min(pause * 1.5, 500)) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached in ${timeoutMs} ms; last value ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, pause));
  }
}
