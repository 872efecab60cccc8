// Polling for a condition the test cannot await directly (notices, disconnects, output, a page's state), with a clear timeout.

/** How often a condition is asked again (in milliseconds). */
const POLL_INTERVAL_MS = 20;

/**
 * Resolves once `ok()` holds (it may be async, e.g. a question to a browser page);
 * throws "timed out waiting for <what>" after `timeoutMs`. `what` may be a function, so the
 * message can say what was seen instead (asked only on a timeout).
 */
export async function waitUntil(ok: () => boolean | Promise<boolean>, what: string | (() => string | Promise<string>), timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : await what()}`);
    await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
  }
}
