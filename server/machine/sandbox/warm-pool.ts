// A few sandboxes launched ahead of demand, so opening a session hands one out instead of waiting for bwrap.
import type { AsyncDisposable } from '../../../core/lifecycle';

/** How a pool makes, checks and throws away its items (the sandbox machine's launch and teardown). */
export type WarmPoolParts<T> = {
  /** Launches one item; undefined when none can be made now (no free uid slot, a failed launch). */
  launch(): Promise<T | undefined>;
  /** Whether a ready item can still be handed out (its sandbox may have died meanwhile). */
  usable(item: T): boolean;
  /** Tears down an item nobody will get. */
  discard(item: T): Promise<void>;
};

/**
 * Keeps up to `size` items ready, launching one at a time in the background (a refill must not
 * compete with the sessions being opened for the CPU more than one launch's worth). A launch that
 * makes nothing stops the refill until the next fill call, so a full machine or a broken host does
 * not spin.
 */
export class WarmPool<T> implements AsyncDisposable {
  private readonly ready: T[] = [];
  private launching: Promise<void> | null = null;
  private disposed = false;

  constructor(
    private readonly size: number,
    private readonly parts: WarmPoolParts<T>,
  ) {}

  /** Items ready to hand out. */
  get readyCount(): number {
    return this.ready.length;
  }

  /** Starts refilling, unless the pool is full, already refilling, disabled (size 0) or disposed. */
  fill(): void {
    if (this.disposed || this.launching || this.ready.length >= this.size) return;
    this.launching = this.refill().finally(() => {
      this.launching = null;
    });
  }

  /**
   * A ready item, or undefined when none is ready. It does not refill: the caller calls fill() once
   * its own launch (if it needs one) is done, so that launch neither waits for a uid slot nor shares
   * the CPU with a refill.
   */
  take(): T | undefined {
    let item: T | undefined;
    while ((item = this.ready.shift()) !== undefined) {
      if (this.parts.usable(item)) break;
      void this.parts.discard(item);
    }
    return item;
  }

  /** Resolves when the launch in progress (if any) has finished: a take after it may find an item. */
  async settled(): Promise<void> {
    await this.launching;
  }

  /** Whether a launch is in progress: true from the fill() that decides to launch (it decides at once) until the refill ends. */
  get busy(): boolean {
    return this.launching !== null;
  }

  /** Stops refilling, waits for the launch in progress and discards every item (async: sandboxes die first). Safe to call twice. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.launching;
    await Promise.all(this.ready.splice(0).map((item) => this.parts.discard(item)));
  }

  private async refill(): Promise<void> {
    while (!this.disposed && this.ready.length < this.size) {
      const item = await this.parts.launch();
      if (item === undefined) return;
      if (this.disposed) {
        await this.parts.discard(item);
        return;
      }
      this.ready.push(item);
    }
  }
}
