// Keystrokes into a pty: written at once on the event loop's thread, queued only when the pty's input buffer is full.
import { writeSync } from 'node:fs';
import type { IPty } from 'node-pty';
import type { IDisposable } from '../../core/lifecycle';

/** How long a full input buffer is left alone before the next try (in milliseconds); doubles up to the maximum. */
export const RETRY_FIRST_MS = 2;
export const RETRY_MAX_MS = 50;

/**
 * node-pty's own `write` hands every keystroke to libuv's thread pool (an `fs.write`), so each
 * echo pays two thread hand-offs. A keystroke is a few bytes and the pty's master descriptor is
 * non-blocking, so it is written here directly; only what the kernel does not take (a large paste
 * into a program that is not reading) waits in a queue, retried on a short, growing timer rather
 * than in a busy loop. Order is kept: nothing is written directly while the queue holds bytes.
 *
 * The descriptor belongs to node-pty, which closes it after its 'close' event: writing stops at
 * that event, so a number the kernel hands out again is never written to. A pty without a
 * descriptor (not a Unix pty) is written through its own `write`.
 */
export class PtyInput implements IDisposable {
  private readonly fd: number | null;
  private queue: Buffer[] = [];
  private timer: NodeJS.Timeout | null = null;
  private retryMs = RETRY_FIRST_MS;
  private disposed = false;

  constructor(private readonly pty: IPty) {
    const unix = pty as IPty & { fd?: unknown; once?: (event: 'close', listener: () => void) => void };
    const usable = typeof unix.fd === 'number' && typeof unix.once === 'function';
    this.fd = usable ? (unix.fd as number) : null;
    if (usable) unix.once!('close', () => this.dispose());
  }

  write(data: string | Uint8Array): void {
    if (this.disposed || data.length === 0) return;
    if (this.fd === null) return this.pty.write(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (this.queue.length === 0) {
      // The usual case: nothing waits, so write now; only what the kernel did not take is queued.
      const written = this.tryWrite(bytes);
      if (written === null || written === bytes.byteLength) return;
      this.queue.push(Buffer.from(bytes.subarray(written)));
      return this.retryLater();
    }
    // A copy: bytes from the stream are a view into its frame, which the queue may outlive.
    this.queue.push(Buffer.from(bytes));
  }

  /** Stops writing and forgets what is queued (the pty closed or the terminal ended). Safe to call twice. */
  dispose(): void {
    this.disposed = true;
    this.queue = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private drain(): void {
    this.timer = null;
    while (this.queue.length > 0 && !this.disposed) {
      const head = this.queue[0]!;
      const written = this.tryWrite(head);
      if (written === null) return;
      if (written < head.length) {
        this.queue[0] = head.subarray(written);
        return this.retryLater();
      }
      this.queue.shift();
      this.retryMs = RETRY_FIRST_MS;
    }
  }

  /** Bytes the kernel took (0 when the pty's buffer is full), or null once the pty is gone (then closed). */
  private tryWrite(bytes: Uint8Array): number | null {
    try {
      return writeSync(this.fd!, bytes);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return 0;
      // EIO and the like: the shell side is gone; its exit is reported by the pty.
      this.dispose();
      return null;
    }
  }

  private retryLater(): void {
    this.timer = setTimeout(() => this.drain(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }
}
