// One page's terminal stream on the server: frames out to its WebSocket (held until it connects), frames in to the lab.
import type { WebSocket } from 'ws';

/**
 * Frames sent before the page's stream connected are held, up to this many bytes. Terminal output
 * is bounded long before that by flow control (a pty pauses at 512 KiB unacknowledged); an
 * instructor's read-only view is not, so a page that never connects its stream is dropped here.
 */
export const HELD_LIMIT_BYTES = 4 * 1024 * 1024;

export class PageStream {
  private ws: WebSocket | null = null;
  private held: Uint8Array[] = [];
  private heldBytes = 0;
  private closed = false;
  /** A frame from the page (binary, not yet decoded). */
  onFrame: (frame: Buffer) => void = () => {};
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

  get isConnected(): boolean {
    return this.ws !== null;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(frame: Uint8Array): void {
    if (this.closed) return;
    if (this.ws) return this.ws.send(frame, { binary: true });
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

  /** The socket.io side went away (or the server stops): close the stream too. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.held = [];
    this.ws?.terminate();
    this.ws = null;
  }

  private lose(): void {
    if (this.closed) return;
    this.close();
    this.onLost();
  }
}
