/**
 * The fallback of the shared time-skipping server (test/helpers/time-skipping.ts): a file that finds
 * the server's clock held says so, starts a server of its own whose clock skips, and gives its turn
 * back when it ends. The held server here is one this file starts and holds on purpose (one lock more
 * than unlocks, through the test service), never the run's shared one.
 */
import { startTimeSkippingServer, type TimeSkippingServer } from '../devtools/time-skipping-server';
import { testEnv } from './helpers/env';
import { createTimeSkippingEnv, HELD_WARNING } from './helpers/time-skipping';
import { clockSkips, takeTimeSkippingTurn } from './helpers/time-skipping-turn';

jest.setTimeout(120_000);

let held: TimeSkippingServer;
beforeAll(async () => {
  held = await startTimeSkippingServer(testEnv.testServerPath);
});
afterAll(() => held?.stop());

test('a held clock: the file warns, runs on a server of its own whose clock skips, and frees its turn at the end', async () => {
  const warnings: unknown[] = [];
  const warn = jest.spyOn(console, 'warn').mockImplementation((message) => void warnings.push(message));
  try {
    // A free clock first: the probe sees it skip, and no fallback is taken.
    const free = await createTimeSkippingEnv(held.address);
    expect(free.env.address).toBe(held.address);
    await free.end();
    expect(warnings).toEqual([]);

    const probe = await createTimeSkippingEnv(held.address);
    await probe.env.connection.testService!.lockTimeSkipping({});
    expect(await clockSkips(probe.env, 2_000)).toBe(false);
    await probe.end();

    const fallback = await createTimeSkippingEnv(held.address);
    try {
      expect(warnings).toEqual([HELD_WARNING]);
      expect(fallback.env.address).not.toBe(held.address);
      expect(await clockSkips(fallback.env, 2_000)).toBe(true);
      await fallback.free();
    } finally {
      await fallback.end();
    }
  } finally {
    warn.mockRestore();
  }
  // The turn is free again: the next file gets it at once.
  const next = await Promise.race([takeTimeSkippingTurn(), new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000))]);
  expect(next).not.toBeNull();
  await next!.release();
});
