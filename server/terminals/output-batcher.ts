// Gathers a pty's reads into messages: at once when the pipe is idle (keystroke echo never waits), in batches while output streams.
import { HIGH_WATERMARK_BYTES } from '../../core/flow-control';

/**
 * Output counts as streaming when a read arrives within this long (in milliseconds) of a
 * message of at least STREAMING_MIN_BYTES. A pty hands over at most 4 KiB per read, so a
 * message that large means more output was waiting; a keystroke's echo is a few bytes and
 * always goes out in the same event-loop turn, however fast the next key follows.
 */
export const STREAMING_GAP_MS = 2;
export const STREAMING_MIN_BYTES = 2048;

/**
 * While streaming, reads are gathered for this long into one message (in milliseconds): a pty
 * hands over at most 4 KiB per read, and one socket.io message per read costs the server, the
 * network and the page more than the bytes themselves.
 */
export const STREAMING_COALESCE_MS = 4;

/**
 * A gathered message goes out at once when it reaches this size (in bytes).
 * Invariant: STREAMING_MAX_MESSAGE_BYTES < HIGH_WATERMARK_BYTES, so flow control still sees
 * several messages in flight before it pauses the pty.
 */
export const STREAMING_MAX_MESSAGE_BYTES = 128 * 1024;
if (STREAMING_MAX_MESSAGE_BYTES >= HIGH_WATERMARK_BYTES) throw new Error('output batching invariant broken: STREAMING_MAX_MESSAGE_BYTES < HIGH_WATERMARK_BYTES');

export class OutputBatcher {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private scheduled = false;
  private timer: NodeJS.Timeout | null = null;
  /** When the last message went out (performance.now(), in milliseconds), and its size (in bytes). */
  private lastAt = Number.NEGATIVE_INFINITY;
  private lastBytes = 0;
  private disposed = false;

  constructor(private readonly emit: (data: Buffer) => void) {}

  /**
   * Reads that arrive in the same event-loop turn become one message; while output streams,
   * reads are gathered for STREAMING_COALESCE_MS (or up to STREAMING_MAX_MESSAGE_BYTES) first.
   */
  push(data: Buffer): void {
    if (this.disposed) return;
    this.pending.push(data);
    this.pendingBytes += data.length;
    if (this.pendingBytes >= STREAMING_MAX_MESSAGE_BYTES) return this.flush();
    if (this.scheduled) return;
    this.scheduled = true;
    const streaming = this.lastBytes >= STREAMING_MIN_BYTES && performance.now() - this.lastAt < STREAMING_GAP_MS;
    if (streaming) this.timer = setTimeout(() => this.flush(), STREAMING_COALESCE_MS);
    else setImmediate(() => this.flush());
  }

  /** Sends what is pending now. A flush that runs early (size cap, exit) takes the scheduled one's place. */
  flush(): void {
    this.scheduled = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0 || this.disposed) return;
    const data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.lastAt = performance.now();
    this.lastBytes = data.length;
    this.emit(data);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
    this.pendingBytes = 0;
  }
}
