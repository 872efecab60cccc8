// The terminal stream's fallback: its frames as `terminal:frame` events on the page's socket.io connection (core/protocol/terminal-fallback).
import { PUSH, REQUESTS, type FallbackReason, type Reply } from '../../protocol';
import type { FallbackSocket } from '../page-socket';

/** Frames out, for as long as the connection it was opened on lives; `close` stops frames in as well. */
export type SocketIoCarrier = { readonly isOpen: boolean; send(frame: Uint8Array): void; close(): void };

/**
 * Asks the server to carry this connection's terminal frames on socket.io, handing every frame that
 * arrives to `receive` (from before the reply on: the server flushes what it held for the page
 * first). Rejects with the server's reason when refused, or when it does not answer in time.
 */
export async function openSocketIoCarrier(socket: FallbackSocket, reason: FallbackReason, receive: (message: unknown) => void): Promise<SocketIoCarrier> {
  const listener = (frame: Uint8Array | ArrayBuffer) => receive(frame);
  socket.on(PUSH.terminalFrame, listener);
  let closed = false;
  const carrier: SocketIoCarrier = {
    get isOpen() {
      return !closed && socket.connected;
    },
    send(frame) {
      // socket.io sends a Uint8Array as a binary attachment (base64 inside a long-polling response).
      if (carrier.isOpen) socket.emit(PUSH.terminalFrame, frame);
    },
    close() {
      closed = true;
      socket.off(PUSH.terminalFrame, listener);
    },
  };
  let reply: Reply<null>;
  try {
    reply = await socket.timeout(REQUESTS['terminal:fallback'].timeoutMs).emitWithAck('terminal:fallback', { reason });
  } catch {
    carrier.close();
    throw new Error('the lab server did not answer terminal:fallback in time');
  }
  if (!reply.ok) {
    carrier.close();
    throw new Error(reply.error.message);
  }
  return carrier;
}
