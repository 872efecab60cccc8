// The terminal stream's fallback: the same binary frames (./terminal-stream) as socket.io events, for where a WebSocket cannot connect.
//
// A proxy that refuses WebSocket upgrades (as many company and university proxies do) lets the
// page load and socket.io fall back to HTTP long-polling, but the terminal stream is a WebSocket
// only. The page then asks for `terminal:fallback`, and from the reply on every frame the stream
// would carry travels as one `terminal:frame` event on the page's socket.io connection instead:
// output and exits in, keystrokes and acks out. The frames are byte for byte the stream's, so
// sequence numbers, acknowledgements, replay and reattach behave the same on both transports.
// Resizing, attaching and replay were socket.io requests already.
import { z } from 'zod';
import { MAX_STREAM_FRAME_BYTES } from './terminal-stream';

/** Which way a page's terminal I/O travels: the terminal stream (the default, fastest) or socket.io events. */
export const TerminalTransport = z.enum(['direct', 'socket.io']);
export type TerminalTransport = z.infer<typeof TerminalTransport>;

/**
 * Why the page asked for the fallback: the stream was refused or never opened (`refused`), it
 * opened but kept dropping (`lost`), or the page was told to (`forced`: tests, benchmarks).
 */
export const FallbackReason = z.enum(['refused', 'lost', 'forced']);
export type FallbackReason = z.infer<typeof FallbackReason>;

/** One stream frame as a socket.io binary payload (a Buffer on the server, an ArrayBuffer in a browser). */
export const TerminalFrame = z
  .instanceof(Uint8Array, { message: 'a terminal frame is binary' })
  .refine((frame) => frame.byteLength <= MAX_STREAM_FRAME_BYTES, `a terminal frame has at most ${MAX_STREAM_FRAME_BYTES} bytes`);

export const TERMINAL_FALLBACK_REQUESTS = {
  /**
   * Carry this page's terminal I/O on socket.io from now on (for as long as this connection lives).
   * Refused when the page's terminal stream is connected already. Output held for the page until
   * now arrives as `terminal:frame` events before the reply.
   */
  'terminal:fallback': {
    request: z.object({ reason: FallbackReason }),
    reply: z.null(),
    timeoutMs: 10_000,
  },
} as const;

export const TERMINAL_FALLBACK_MESSAGES = {
  /**
   * Page → server: one page frame (keystrokes or an ack), only after `terminal:fallback` was granted.
   * (Server → page the same name carries output and exit frames: PUSH.terminalFrame.)
   */
  'terminal:frame': TerminalFrame,
} as const;
