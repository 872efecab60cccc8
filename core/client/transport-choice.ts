// Which transport the page's terminal stream takes on its next (re)connect: the WebSocket unless it failed, then socket.io for good.
import type { FallbackReason, TerminalTransport } from '../protocol';

/**
 * An open stream lost this many times on one page falls back to socket.io (a proxy that lets the
 * upgrade through but cuts long-lived WebSockets). Each loss costs a reconnect of both, so a page
 * gives the direct stream a few chances, not many.
 */
export const STREAM_LOSSES_BEFORE_FALLBACK = 3;

/** The page's query parameter that forces the fallback (`?terminal-transport=socket.io`), for tests and measurements. */
export const FORCE_TRANSPORT_PARAM = 'terminal-transport';

/**
 * One per page. Invariant: once `next` is `socket.io` it stays so for the page's life (a proxy
 * that refused an upgrade refuses the next one too), and `reason` says why.
 */
export class TransportChoice {
  private losses = 0;
  reason: FallbackReason | null;

  constructor(forced: boolean) {
    this.reason = forced ? 'forced' : null;
  }

  get next(): TerminalTransport {
    return this.reason === null ? 'direct' : 'socket.io';
  }

  /** The direct stream was refused, broke before it opened, or did not open in time. */
  refused(): void {
    this.reason ??= 'refused';
  }

  /** The open direct stream dropped by itself. */
  lost(): void {
    this.losses++;
    if (this.losses >= STREAM_LOSSES_BEFORE_FALLBACK) this.reason ??= 'lost';
  }
}

/** True when the page's URL query (`location.search`) asks for the socket.io transport. */
export const forcedBy = (search: string): boolean =>
  search
    .replace(/^\?/, '')
    .split('&')
    .some((pair) => pair === `${FORCE_TRANSPORT_PARAM}=socket.io`);
