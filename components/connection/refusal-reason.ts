// The lab server's reason for refusing a page's connection, when the browser can read it (a refused long-polling handshake).

/** What the lab's admission answers a refused handshake with: retrying unchanged will not help, the reason says what will. */
const REFUSED_STATUSES: ReadonlySet<number> = new Set([401, 403, 429]);

/**
 * socket.io reports a refused handshake as a transport error: `description` is the HTTP status
 * and `context` the XMLHttpRequest, whose body is the server's plain-text reason. A refused
 * WebSocket tells the page nothing (browsers hide its answer); socket.io then tries polling,
 * which is refused the same way and readable.
 */
export function refusalReason(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const { description, context } = error as Error & { description?: unknown; context?: unknown };
  if (typeof description !== 'number' || !REFUSED_STATUSES.has(description)) return null;
  const body = typeof context === 'object' && context !== null && 'responseText' in context ? String(context.responseText).trim() : '';
  return body || `the lab server refused the connection (HTTP ${description})`;
}
