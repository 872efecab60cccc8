// Writes input to a pty at once (a non-blocking write on its descriptor), queueing only what the kernel does not take yet.
import { writeSync } from 'node:fs';
import type { IPty } from 'node-pty';

/** How long to wait before retrying when the pty takes no more input (in milliseconds). */
export const PTY_RETRY_MS = 5;

/**
 * node-pty's own write goes through the libuv thread pool (an fs.write per keystroke): two thread
 * hand-offs before the shell sees the key, and more under load. The pty master is non-blocking, so
 * writing it here never blocks; EAGAIN (a paste into a program that does not read) queues the rest,
 * in order, and retries. Without a descriptor (another pty implementation) node-pty's write is used.
 */
export class PtyWriter {
  private readonly fd: number | undefined;
  private readonly queue: Buffer[] = [];
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly pty: IPty) {
    const fd = (pty as unknown as { fd?: unknown }).fd;
    this.fd = typeof fd === 'number' ? fd : undefined;
  }

  write(data: string): void {
    if (this.closed) return;
    if (this.fd === undefined) return this.pty.write(data);
    this.queue.push(Buffer.from(data, 'utf8'));
    if (this.queue.length === 1) this.drain();
  }

  private drain(): void {
    this.retry = null;
    while (!this.closed && this.queue.length > 0) {
      const head = this.queue[0]!;
      let written: number;
      try {
        written = writeSync(this.fd!, head);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
          this.retry = setTimeout(() => this.drain(), PTY_RETRY_MS);
          return;
        }
        // EIO or EBADF: the shell has gone; its exit is reported separately, the input is moot.
        this.queue.length = 0;
        return;
      }
      if (written < head.byteLength) this.queue[0] = head.subarray(written);
      else this.queue.shift();
    }
  }

  dispose(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.queue.length = 0;
  }
}
