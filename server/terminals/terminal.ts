// One terminal: a pty whose output is coalesced, numbered, mirrored for reattach, and paused when the page falls behind.
import type { IPty } from 'node-pty';
import { DisposableStore, toDisposable } from '../../core/lifecycle';
import type { TerminalAttached } from '../../core/protocol';
import { FlowControl } from './flow-control';
import { INTERRUPT_BYTE, InterruptFollower } from './interrupt-follower';
import { OutputBatcher } from './output-batcher';
import { OUTPUT_CHECK_BYTES } from './output-log';
import { PtyInput } from './pty-input';
import { ReplayBuffer } from './replay-buffer';
import { ScreenMirror } from './screen-mirror';
import { TerminalWatchers, type TerminalWatcher } from './terminal-watchers';

export type { TerminalWatcher };

/** Where a terminal's output goes: the one page attached to it. */
export type TerminalSink = {
  output(data: Buffer, seq: number): void;
  exit(exitCode: number, signal: number | null): void;
  /** Another page took the terminal over. */
  detached(reason: string): void;
};

/** Who else wants to know what happens in a terminal (the session's automatic checks, the map). */
export type TerminalObserver = {
  /** The learner pressed Enter. */
  commandEntered(terminal: Terminal): void;
  output(terminal: Terminal): void;
};

type Exit = { exitCode: number; signal: number | null };

const CARRIAGE_RETURN = 0x0d;
const INTERRUPT = String.fromCharCode(INTERRUPT_BYTE);

export class Terminal {
  private flow = new FlowControl();
  private readonly replay = new ReplayBuffer();
  private readonly mirror: ScreenMirror;
  private sink: TerminalSink | null = null;
  /** Read-only watchers, beside the one page. */
  private readonly watchers = new TerminalWatchers();
  private size_: { cols: number; rows: number };
  /** While an attach is in progress, output is held here and delivered once its reply went out. */
  private held: { data: Buffer; seq: number }[] | null = null;
  /** Gathers the pty reads of one event-loop turn into one message. */
  private readonly batcher = new OutputBatcher((data) => this.publish(data));
  /** Keystrokes go straight to the pty's descriptor (see PtyInput). */
  private readonly input: PtyInput;
  /** Follows a ^C that the shell's next job would otherwise miss (see InterruptFollower). */
  private readonly interrupts: InterruptFollower;
  private exitInfo: Exit | null = null;
  /** What the terminal owns (the pty, its listeners, the mirror, the input queue), let go in reverse order. */
  private readonly store = new DisposableStore();
  /** A page has had this terminal (attach or adopt); until then a page's `terminal:open` may adopt it. */
  private hadPage = false;

  constructor(
    readonly id: string,
    readonly name: string,
    private readonly pty: IPty,
    size: { cols: number; rows: number },
    private readonly observer?: TerminalObserver,
  ) {
    this.size_ = { ...size };
    // Added first, so let go last: the shell is killed once nothing of ours listens to it any more.
    this.store.add(toDisposable(() => this.kill()));
    this.mirror = this.store.add(new ScreenMirror(size.cols, size.rows, this.replay));
    this.store.add(this.watchers);
    this.input = this.store.add(new PtyInput(pty));
    this.interrupts = this.store.add(new InterruptFollower(pty.pid));
    this.store.add(this.batcher);
    this.store.add(pty.onData((data) => this.batcher.push(data as unknown as Buffer)));
    this.store.add(pty.onExit(({ exitCode, signal }) => this.onExit(exitCode, signal ?? null)));
  }

  private get disposed(): boolean {
    return this.store.isDisposed;
  }

  get pid(): number {
    return this.pty.pid;
  }

  get isExited(): boolean {
    return this.exitInfo !== null;
  }

  /** Started ahead of its page (with the session) and not shown to any page yet. */
  get isPristine(): boolean {
    return !this.hadPage && !this.exitInfo && !this.disposed;
  }

  /** Total output so far (in bytes). */
  get seq(): number {
    return this.replay.end;
  }

  /** The pty's size in character cells. */
  get size(): { cols: number; rows: number } {
    return { ...this.size_ };
  }

  /** Keystrokes: text, or UTF-8 bytes as the terminal stream carries them. */
  write(data: string | Uint8Array): void {
    if (this.exitInfo || this.disposed) return;
    this.input.write(data);
    const text = typeof data === 'string';
    if ((text ? data.includes(INTERRUPT) : data.includes(INTERRUPT_BYTE)) || this.interrupts.following) this.interrupts.input(text ? Buffer.from(data, 'utf8') : data);
    if (text ? data.includes('\r') : data.includes(CARRIAGE_RETURN)) this.observer?.commandEntered(this);
  }

  resize(cols: number, rows: number): void {
    if (this.exitInfo || this.disposed) return;
    this.pty.resize(cols, rows);
    this.mirror.resize(cols, rows);
    this.size_ = { cols, rows };
  }

  acknowledge(bytes: number): void {
    if (this.flow.acknowledged(bytes) === 'resume' && !this.exitInfo) this.pty.resume();
  }

  /**
   * Makes `sink` the terminal's page. The reply carries what the page missed since `lastSeq`
   * when the replay buffer still holds it, else the serialized screen; output produced while
   * the snapshot is taken is held and delivered right after the reply (setImmediate runs after
   * the acknowledgement that carries the reply has been sent), so nothing is lost or doubled.
   */
  async attach(sink: TerminalSink, lastSeq: number | null): Promise<Omit<TerminalAttached, 'name'>> {
    this.hadPage = true;
    const previous = this.sink;
    this.sink = null;
    if (previous && previous !== sink) previous.detached('this terminal was opened in another tab or window');
    this.held = [];
    const replay = lastSeq === null ? null : this.replay.since(lastSeq);
    const seq = this.seq;
    const screen = replay ? null : await this.mirror.snapshot();
    setImmediate(() => this.activate(sink, seq));
    return { terminalId: this.id, seq, replay: replay as Uint8Array<ArrayBuffer> | null, screen, exit: this.exitInfo };
  }

  /**
   * Makes `sink` the page of a pristine terminal and sends it everything the shell printed so far,
   * as ordinary output from the first byte, then live output: to the page it is a shell it just
   * started. False (nothing changes) when the terminal is not pristine or printed more than the
   * replay buffer keeps.
   */
  adopt(sink: TerminalSink): boolean {
    if (!this.isPristine) return false;
    const sofar = this.replay.since(0);
    if (!sofar) return false;
    this.hadPage = true;
    this.activate(sink, this.seq);
    if (sofar.byteLength > 0) this.deliver(Buffer.from(sofar.buffer, sofar.byteOffset, sofar.byteLength), this.seq);
    return true;
  }

  /** The page went away; output keeps flowing into the mirror until the pty pauses at the high watermark. */
  detach(sink: TerminalSink): void {
    if (this.sink === sink) this.sink = null;
  }

  /**
   * Adds a read-only watcher: the reply is the screen now (output up to `seq`); later output
   * follows as it is produced, with the same hold-then-deliver handshake as `attach`. Watchers
   * are not the page: they take nothing from it and their pace never pauses the pty.
   */
  watch(watcher: TerminalWatcher): Promise<{ seq: number; screen: string; unwatch(): void }> {
    return this.watchers.add(
      watcher,
      this.seq,
      () => this.mirror.snapshot(),
      () => this.exitInfo,
    );
  }

  /** A position in the output to read from later (in bytes since the shell started). */
  outputMark(): number {
    return this.seq;
  }

  /** What was printed since `mark` (at most the last OUTPUT_CHECK_BYTES), decoded as text. */
  outputSince(mark: number): string {
    const from = Math.max(mark, this.seq - OUTPUT_CHECK_BYTES);
    return Buffer.from(this.replay.since(from) ?? this.replay.tail()).toString('utf8');
  }

  isAttachedTo(sink: TerminalSink): boolean {
    return this.sink === sink;
  }

  private activate(sink: TerminalSink, fromSeq: number): void {
    const held = this.held ?? [];
    this.held = null;
    if (this.disposed) return;
    this.sink = sink;
    // A new page starts with nothing unacknowledged.
    const wasPaused = this.flow.isPaused;
    this.flow = new FlowControl();
    for (const h of held) if (h.seq > fromSeq) this.deliver(h.data, h.seq);
    if (wasPaused && !this.flow.isPaused && !this.exitInfo) this.pty.resume();
    if (this.exitInfo) sink.exit(this.exitInfo.exitCode, this.exitInfo.signal);
  }

  /** One message's worth of output: numbered, kept for replay and the mirror, sent to the page and the watchers. */
  private publish(data: Buffer): void {
    if (this.disposed) return;
    const seq = this.replay.append(data);
    this.mirror.outputAdded();
    if (this.held) this.held.push({ data, seq });
    else this.deliver(data, seq);
    this.watchers.output(data, seq);
    this.observer?.output(this);
  }

  /** Sends to the page and counts it as unacknowledged; with no page attached nobody acknowledges, so a flood pauses. */
  private deliver(data: Buffer, seq: number): void {
    this.sink?.output(data, seq);
    if (this.flow.sent(data.length) === 'pause') this.pty.pause();
  }

  private onExit(exitCode: number, signal: number | null): void {
    // Deliver output that was read before the exit, then the exit itself.
    this.batcher.flush();
    this.exitInfo = { exitCode, signal: signal && signal > 0 ? signal : null };
    if (!this.disposed && !this.held) this.sink?.exit(this.exitInfo.exitCode, this.exitInfo.signal);
    if (!this.disposed) this.watchers.exit(this.exitInfo);
  }

  /** Stops listening, forgets the page and the watchers, and kills the shell if it still runs. Safe to call twice. */
  dispose(): void {
    this.sink = null;
    this.store.dispose();
  }

  private kill(): void {
    if (this.exitInfo) return;
    try {
      this.pty.kill('SIGKILL');
    } catch {
      // The process may already be gone between the check and the kill; nothing to clean then.
    }
  }
}
