// Polling for a condition the test cannot await directly (notices, disconnects, output), with a clear timeout.

/** Resolves once `ok()` holds; throws "timed out waiting for <what>" after `timeoutMs`. */
export async function waitUntil(ok: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
