// Test hooks, in development or with `?testhooks=1`: `window.__nslabTerminals[name]` (xterm) and `window.__nslabSocket`.
import type { Terminal } from '@xterm/xterm';

declare global {
  interface Window {
    /** Terminal name → xterm instance, for end-to-end tests reading `term.buffer.active`. */
    __nslabTerminals?: Record<string, Terminal>;
    /** The page's socket.io client, so tests can drop the connection as a network blip would. */
    __nslabSocket?: { disconnect(): void; connect(): void; io: { engine: { close(): void } } };
  }
}

function testHooksEnabled(): boolean {
  if (process.env.NODE_ENV !== 'production') return true;
  return new URLSearchParams(window.location.search).get('testhooks') === '1';
}

/** Publishes `term` under `name` when test hooks are on; returns the function that withdraws it. */
export function exposeTerminal(name: string, term: Terminal): () => void {
  if (!testHooksEnabled()) return () => {};
  const terminals = (window.__nslabTerminals ??= {});
  terminals[name] = term;
  return () => {
    if (terminals[name] === term) delete terminals[name];
  };
}

/** Publishes the page's socket when test hooks are on; returns the function that withdraws it. */
export function exposeSocket(socket: NonNullable<Window['__nslabSocket']>): () => void {
  if (!testHooksEnabled()) return () => {};
  window.__nslabSocket = socket;
  return () => {
    if (window.__nslabSocket === socket) delete window.__nslabSocket;
  };
}
