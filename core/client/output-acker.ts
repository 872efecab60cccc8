// Flow control, browser side: acknowledge rendered output bytes to the server in ACK_STEP_BYTES steps.
import { ACK_STEP_BYTES } from '../flow-control';
import { QuietTimer } from '../quiet-timer';

/**
 * Flush a remainder smaller than ACK_STEP_BYTES once output has been quiet this long (in milliseconds),
 * so the server's count of unacknowledged bytes returns to zero and never waits on us forever.
 */
export const ACK_IDLE_FLUSH_MS = 100;

/**
 * Counts bytes that xterm has finished parsing (call `rendered` from `term.write`'s callback)
 * and reports them through `send`. Invariant: every rendered byte is sent exactly once, either
 * in a full step or in the idle flush; bytes counted after `dispose` are dropped.
 */
export class OutputAcker {
  private pendingBytes = 0;
  private readonly idle = new QuietTimer(ACK_IDLE_FLUSH_MS, () => this.flush());
  private disposed = false;

  constructor(private readonly send: (bytes: number) => void) {}

  rendered(bytes: number): void {
    if (this.disposed) return;
    this.pendingBytes += bytes;
    if (this.pendingBytes >= ACK_STEP_BYTES) {
      this.flush();
      return;
    }
    this.idle.poke();
  }

  /** Forget unsent counts, e.g. when the terminal is replaced by a new one on the server. */
  reset(): void {
    this.idle.cancel();
    this.pendingBytes = 0;
  }

  dispose(): void {
    this.reset();
    this.disposed = true;
  }

  private flush(): void {
    this.idle.cancel();
    if (this.pendingBytes === 0 || this.disposed) return;
    const bytes = this.pendingBytes;
    this.pendingBytes = 0;
    this.send(bytes);
  }
}
