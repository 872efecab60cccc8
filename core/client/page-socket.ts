// The part of the page's socket.io connection that the client protocol code uses: socket.io-client's `Socket` fits it, in a browser or in Node.
import type { FallbackReason, PushName, Reply, ServerToClientEvents } from '../protocol';

/** Listens for one server push `E` (typed by the wire contract). */
export type PushSocket<E extends PushName> = {
  readonly connected: boolean;
  on(event: E, listener: ServerToClientEvents[E]): unknown;
  off(event: E, listener: ServerToClientEvents[E]): unknown;
};

/** Carries terminal frames both ways when the terminal stream travels on socket.io (../protocol/terminal-fallback). */
export type FallbackSocket = PushSocket<'terminal:frame'> & {
  emit(event: 'terminal:frame', frame: Uint8Array): unknown;
  timeout(ms: number): { emitWithAck(event: 'terminal:fallback', payload: { reason: FallbackReason }): Promise<Reply<null>> };
};
