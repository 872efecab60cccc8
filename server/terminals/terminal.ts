// One terminal: a pty whose output is coalesced, sent as binary, and paused when the browser falls behind.
import type { IPty } from 'node-pty';
import { FlowControl } from './flow-control';
import { OutputLog } from './output-log';

export type TerminalSink = {
  output(data: Buffer): void;
  exit(exitCode: number, signal: number | null): void;
};

/** Who else wants to know what happens in a terminal (the session's automatic checks). */
export type TerminalObserver = {
  /** The learner pressed Enter. */
  commandEntered(terminal: Terminal): void;
  output(terminal: Terminal): void;
};

export class Terminal {
  private readonly flow = new FlowControl();
  readonly log = new OutputLog();
  private pending: Buffer[] = [];
  private flushScheduled = false;
  private exited = false;
  private disposed = false;
  private readonly subscriptions: { dispose(): void }[];

  constructor(
    readonly id: string,
    readonly name: string,
    private readonly pty: IPty,
    private readonly sink: TerminalSink,
    private readonly observer?: TerminalObserver,
  ) {
    this.subscriptions = [
      pty.onData((data) => this.onData(data as unknown as Buffer)),
      pty.onExit(({ exitCode, signal }) => this.onExit(exitCode, signal ?? null)),
    ];
  }

  get pid(): number {
    return this.pty.pid;
  }

  get isExited(): boolean {
    return this.exited;
  }

  write(data: string): void {
    if (this.exited || this.disposed) return;
    this.pty.write(data);
    if (data.includes('\r')) this.observer?.commandEntered(this);
  }

  resize(cols: number, rows: number): void {
    if (!this.exited && !this.disposed) this.pty.resize(cols, rows);
  }

  acknowledge(bytes: number): void {
    if (this.flow.acknowledged(bytes) === 'resume' && !this.exited) this.pty.resume();
  }

  /**
   * Output goes out at once when the pipe is idle (keystroke echo never waits on a timer);
   * reads that arrive in the same event-loop turn are coalesced into one binary message.
   */
  private onData(data: Buffer): void {
    this.pending.push(data);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0 || this.disposed) return;
    const data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = [];
    this.log.append(data);
    this.sink.output(data);
    this.observer?.output(this);
    if (this.flow.sent(data.length) === 'pause') this.pty.pause();
  }

  private onExit(exitCode: number, signal: number | null): void {
    this.exited = true;
    // Deliver output that was read before the exit, then the exit itself.
    this.flush();
    if (!this.disposed) this.sink.exit(exitCode, signal && signal > 0 ? signal : null);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const s of this.subscriptions) s.dispose();
    this.pending = [];
    if (!this.exited) {
      try {
        this.pty.kill('SIGKILL');
      } catch {
        // The process may already be gone between the check and the kill; nothing to clean then.
      }
    }
  }
}
