// One page's terminal stream on the server: frames out to its WebSocket or, in the fallback, its socket.io connection (held until either connects), frames in to the lab.
import type { WebSocket } from 'ws';
import type { TerminalTransport } from '../../core/protocol';

/**
 * Frames sent before the page's stream connected are held, up to this many bytes. Terminal output
 * is bounded long before that by flow control (a pty pauses at 512 KiB unacknowledged); an
 * instructor's read-only view is not, so a page that never connects its stream is dropped here.
 */
export const HELD_LIMIT_BYTES = 4 * 1024 * 1024;

export class PageStream {
  private ws: WebSocket | null = null;
  /** Sends one frame as a socket.io event, once the page asked for the fallback. */
  private viaSocketIo: ((frame: Uint8Array) => void) | null = null;
  private held: Uint8Array[] = [];
  private heldBytes = 0;
  private closed = false;
  /** A frame from the page (binary, not yet decoded). */
  onFrame: (frame: Uint8Array) => void = () => {};
  /** The page sent something that is not a frame at all. */
  onProblem: (message: string) => void = () => {};
  /** The stream is gone for good (it closed, or never connected in time): the page must reconnect both. */
  onLost: () => void = () => {};

  constructor(
    /** The key the page gave in its socket.io handshake. */
    readonly key: string,
    /** The learner cookie of that handshake; the stream's must be the same. */
    readonly learner: string | null,
  ) {}

  /** A WebSocket connected, or the page's socket.io connection carries the frames: either way no other may. */
  get isConnected(): boolean {
    return this.ws !== null || this.viaSocketIo !== null;
  }

  /** How the frames travel now; null until the page connected its stream or asked for the fallback. */
  get transport(): TerminalTransport | null {
    return this.ws ? 'direct' : this.viaSocketIo ? 'socket.io' : null;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(frame: Uint8Array): void {
    if (this.closed) return;
    if (this.ws) return this.ws.send(frame, { binary: true });
    if (this.viaSocketIo) return this.viaSocketIo(frame);
    this.held.push(frame);
    this.heldBytes += frame.byteLength;
    if (this.heldBytes > HELD_LIMIT_BYTES) this.lose();
  }

  /** The page's WebSocket arrived: deliver what was held, then live frames both ways. */
  connect(ws: WebSocket): void {
    if (this.closed || this.ws) {
      ws.close(1008, 'this stream is already connected');
      return;
    }
    this.ws = ws;
    for (const frame of this.held) ws.send(frame, { binary: true });
    this.held = [];
    this.heldBytes = 0;
    ws.on('message', (data, isBinary) => {
      if (!isBinary || !Buffer.isBuffer(data)) return this.onProblem('the terminal stream carries binary frames only');
      this.onFrame(data);
    });
    ws.on('close', () => this.lose());
    ws.on('error', () => this.lose());
  }

  /**
   * The fallback: frames go out through `emit` (a socket.io event on the page's own connection) and
   * come in through `receive`, starting with those held so far. False when a WebSocket is connected
   * already or the stream closed: one transport per page connection, so frames keep their order.
   */
  useSocketIo(emit: (frame: Uint8Array) => void): boolean {
    if (this.closed || this.isConnected) return false;
    this.viaSocketIo = emit;
    for (const frame of this.held) emit(frame);
    this.held = [];
    this.heldBytes = 0;
    return true;
  }

  /** A frame from the page by way of socket.io; ignored unless the fallback is in use. */
  receive(frame: Uint8Array): boolean {
    if (this.closed || !this.viaSocketIo) return false;
    this.onFrame(frame);
    return true;
  }

  /** The socket.io side went away (or the server stops): close the stream too. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.held = [];
    this.viaSocketIo = null;
    this.ws?.terminate();
    this.ws = null;
  }

  private lose(): void {
    if (this.closed) return;
    this.close();
    this.onLost();
  }
}
