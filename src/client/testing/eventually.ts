import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls `check` until it returns without throwing or `timeoutMs` passes, then rethrows its last
 * error. For integration tests waiting on a real server: wait and retry, never sleep a fixed time.
 */
export async function eventually<R>(
  check: () => R | Promise<R>,
  timeoutMs = 10_000,
  everyMs = 25,
): Promise<R> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() >= deadline) throw err;
    }
    await delay(everyMs);
  }
}
