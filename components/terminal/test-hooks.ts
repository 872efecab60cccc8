// Test hook: `window.__nslabTerminals[name]` is the xterm Terminal, in development or with `?testhooks=1`.
import type { Terminal } from '@xterm/xterm';

declare global {
  interface Window {
    /** Terminal name → xterm instance, for end-to-end tests reading `term.buffer.active`. */
    __nslabTerminals?: Record<string, Terminal>;
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
