// Pure flow-control bookkeeping for one terminal: when to pause and resume the pty (VS Code's pattern).
import { HIGH_WATERMARK_BYTES, LOW_WATERMARK_BYTES } from '../../core/flow-control';

/**
 * Invariant: `paused` is true exactly when unacknowledged bytes rose above HIGH_WATERMARK_BYTES
 * and have not yet fallen below LOW_WATERMARK_BYTES since.
 */
export class FlowControl {
  private unacknowledgedBytes = 0;
  private paused = false;

  constructor(
    private readonly highBytes = HIGH_WATERMARK_BYTES,
    private readonly lowBytes = LOW_WATERMARK_BYTES,
  ) {}

  /** Record bytes sent to the browser; returns 'pause' when the pty should stop reading. */
  sent(bytes: number): 'pause' | null {
    this.unacknowledgedBytes += bytes;
    if (!this.paused && this.unacknowledgedBytes > this.highBytes) {
      this.paused = true;
      return 'pause';
    }
    return null;
  }

  /** Record bytes the browser rendered; returns 'resume' when the pty may read again. */
  acknowledged(bytes: number): 'resume' | null {
    this.unacknowledgedBytes = Math.max(0, this.unacknowledgedBytes - bytes);
    if (this.paused && this.unacknowledgedBytes < this.lowBytes) {
      this.paused = false;
      return 'resume';
    }
    return null;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get pendingBytes(): number {
    return this.unacknowledgedBytes;
  }
}
