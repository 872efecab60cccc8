// Read-only watchers of a terminal (an instructor): they get the screen, then live output; they never ack, throttle or type.
import type { IDisposable } from '../../core/lifecycle';

export type TerminalWatcher = {
  output(data: Buffer, seq: number): void;
  exit(exitCode: number, signal: number | null): void;
};

type Exit = { exitCode: number; signal: number | null };
type Entry = { held: { data: Buffer; seq: number }[] | null };

export class TerminalWatchers implements IDisposable {
  private readonly entries = new Map<TerminalWatcher, Entry>();

  /**
   * Adds a watcher: the reply is the screen now (output up to `seq`); output produced while the
   * snapshot is taken is held and delivered right after the reply, as for a page's attach.
   */
  async add(watcher: TerminalWatcher, seq: number, snapshot: () => Promise<string>, exitInfo: () => Exit | null) {
    const entry: Entry = { held: [] };
    this.entries.set(watcher, entry);
    const screen = await snapshot();
    setImmediate(() => {
      const held = entry.held ?? [];
      entry.held = null;
      if (!this.entries.has(watcher)) return;
      for (const h of held) if (h.seq > seq) watcher.output(h.data, h.seq);
      const exit = exitInfo();
      if (exit) watcher.exit(exit.exitCode, exit.signal);
    });
    return { seq, screen, unwatch: () => void this.entries.delete(watcher) };
  }

  output(data: Buffer, seq: number): void {
    for (const [watcher, entry] of this.entries) {
      if (entry.held) entry.held.push({ data, seq });
      else watcher.output(data, seq);
    }
  }

  exit(exit: Exit): void {
    for (const [watcher, entry] of this.entries) if (!entry.held) watcher.exit(exit.exitCode, exit.signal);
  }

  /** Forgets every watcher: they hear nothing more. */
  dispose(): void {
    this.entries.clear();
  }
}
