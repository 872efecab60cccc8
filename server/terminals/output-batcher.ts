// Gathers a pty's reads into messages: what arrives within one event-loop turn goes out together, never held on a timer.
import type { IDisposable } from '../../core/lifecycle';
import { HIGH_WATERMARK_BYTES } from '../../core/flow-control';

/**
 * A gathered message goes out at once when it reaches this size (in bytes).
 * Invariant: MAX_MESSAGE_BYTES < HIGH_WATERMARK_BYTES, so flow control still sees several
 * messages in flight before it pauses the pty.
 */
export const MAX_MESSAGE_BYTES = 128 * 1024;
if (MAX_MESSAGE_BYTES >= HIGH_WATERMARK_BYTES) throw new Error('output batching invariant broken: MAX_MESSAGE_BYTES < HIGH_WATERMARK_BYTES');

/**
 * Reads that arrive in the same event-loop turn (libuv reads a pty up to 32 times per wake-up,
 * 4 KiB at most each) become one message, sent in that turn's check phase. Nothing waits on a
 * timer: a keystroke's echo goes out at once, and so does a flood, whose messages grow by
 * themselves whenever the server falls behind (more reads are waiting per turn).
 *
 * An earlier version held streaming output for 4 ms to send fewer, larger messages. On two cores
 * that cut a flood's throughput by a third (the bare WebSocket server of the benchmark, 82–121 MB/s
 * sending every read at once, fell to 60–66 MB/s with the 4 ms hold and stayed at 77–116 MB/s with
 * per-turn gathering): the shell, the server and the page each sat idle while the others worked.
 */
export class OutputBatcher implements IDisposable {
  /**
   * The turn's reads: the first on its own, the rest (a flood's) in `more`. A keystroke's echo is
   * one read, so it makes no array: an array per message lived from one echo to the next (tens of
   * milliseconds, often past a young-generation collection), and a heap profile of 50 typists
   * showed nearly all of them surviving into the old generation, to be collected there.
   */
  private first: Buffer | null = null;
  private more: Buffer[] = [];
  private pendingBytes = 0;
  private scheduled = false;
  private disposed = false;
  /** Made once: setImmediate takes it for every message. */
  private readonly flushAtTurnEnd = () => {
    this.scheduled = false;
    this.flush();
  };

  constructor(private readonly emit: (data: Buffer) => void) {}

  push(data: Buffer): void {
    if (this.disposed) return;
    if (this.first === null) this.first = data;
    else this.more.push(data);
    this.pendingBytes += data.length;
    if (this.pendingBytes >= MAX_MESSAGE_BYTES) return this.flush();
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.flushAtTurnEnd);
  }

  /** Sends what is pending now (the size cap, the turn's end, or the pty's exit). */
  flush(): void {
    if (this.first === null || this.disposed) return;
    const data = this.more.length === 0 ? this.first : Buffer.concat([this.first, ...this.more], this.pendingBytes);
    this.clear();
    this.emit(data);
  }

  dispose(): void {
    this.disposed = true;
    this.clear();
  }

  private clear(): void {
    this.first = null;
    if (this.more.length > 0) this.more = [];
    this.pendingBytes = 0;
  }
}
