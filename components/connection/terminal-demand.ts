// Which parts of the page show terminals: the page's one connection opens its terminal stream only while some part does.

/** A count of the page's parts that show terminals (the lesson's workspace, the instructor's dashboard). */
export class TerminalDemand {
  private count = 0;
  private readonly listeners = new Set<() => void>();

  get wanted(): boolean {
    return this.count > 0;
  }

  /** A part of the page shows terminals from now on; returns its release (safe to call twice). */
  want(): () => void {
    this.count++;
    this.changed();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.count--;
      this.changed();
    };
  }

  /** Calls `listener` after `wanted` may have changed; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
