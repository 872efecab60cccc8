// A headless xterm fed with a terminal's output, so a page that attaches later gets the exact screen (VS Code's approach).
import headlessPkg from '@xterm/headless';
import serializePkg from '@xterm/addon-serialize';
import { QuietTimer } from '../../core/quiet-timer';
import { REPLAY_BUFFER_BYTES } from './replay-buffer';

// Both packages are CommonJS bundles: their named exports live on the default export under Node's ESM loader.
const { Terminal: HeadlessTerminal } = headlessPkg as unknown as typeof import('@xterm/headless');
const { SerializeAddon } = serializePkg as unknown as typeof import('@xterm/addon-serialize');

/** Lines kept above the screen for a reattaching page (in lines). */
export const MIRROR_SCROLLBACK_LINES = 1000;

/**
 * Output is parsed once the terminal has been quiet this long (in milliseconds), not as it
 * streams: parsing every byte twice (here and in the browser) halved a flood's throughput.
 */
export const MIRROR_QUIET_MS = 60;

/**
 * Unparsed output kept at most (in bytes). Past it the backlog is dropped and the screen is
 * rebuilt, when someone asks for it, from the replay buffer's tail: a flood that long has
 * redrawn every line of the screen anyway.
 */
export const MIRROR_BACKLOG_BYTES = 256 * 1024;

/**
 * A stale screen is rebuilt from at most this much of the tail (in bytes): enough to redraw the
 * screen and most of the scrollback, at a fraction of the parse time of the whole replay buffer.
 * Invariant: MIRROR_BACKLOG_BYTES <= MIRROR_REBUILD_BYTES <= REPLAY_BUFFER_BYTES.
 */
export const MIRROR_REBUILD_BYTES = 512 * 1024;

if (!(MIRROR_BACKLOG_BYTES <= MIRROR_REBUILD_BYTES && MIRROR_REBUILD_BYTES <= REPLAY_BUFFER_BYTES)) {
  throw new Error('screen mirror invariant broken: MIRROR_BACKLOG_BYTES <= MIRROR_REBUILD_BYTES <= REPLAY_BUFFER_BYTES');
}

export class ScreenMirror {
  /** Made when first needed (catching up, a snapshot), not when the terminal opens: opening is on the learner's wait. */
  private term_: InstanceType<typeof HeadlessTerminal> | null = null;
  private serializer = new SerializeAddon();
  private backlog: Uint8Array[] = [];
  private backlogBytes = 0;
  /** The backlog overflowed: the screen must be rebuilt from `tail()` before it is read. */
  private stale = false;
  private readonly quiet = new QuietTimer(MIRROR_QUIET_MS, () => this.catchUp());
  private disposed = false;

  constructor(
    private cols: number,
    private rows: number,
    /** The terminal's most recent output, as much as the replay buffer keeps. */
    private readonly tail: () => Uint8Array,
  ) {}

  write(data: Uint8Array): void {
    if (this.disposed || this.stale) return;
    this.backlog.push(data);
    this.backlogBytes += data.byteLength;
    if (this.backlogBytes > MIRROR_BACKLOG_BYTES) {
      // Stale until someone asks for the screen: rebuilding it while the flood goes on would parse
      // the tail again and again (every quiet moment of a flood), which cost the flood most of its speed.
      this.backlog = [];
      this.backlogBytes = 0;
      this.stale = true;
      this.quiet.cancel();
      return;
    }
    this.quiet.poke();
  }

  resize(cols: number, rows: number): void {
    if (this.disposed) return;
    // A stale screen is rebuilt at the new size when it is asked for; one not made yet is made at it.
    const later = this.stale || (this.term_ === null && this.backlog.length === 0);
    if (!later) {
      // Output so far was laid out at the old size: parse it (at that size) before resizing.
      this.catchUp();
      this.term.resize(cols, rows);
    }
    this.cols = cols;
    this.rows = rows;
  }

  /**
   * The screen as escape sequences that redraw it, once everything written so far is parsed.
   * xterm parses asynchronously; the callback of an empty write runs right after all earlier
   * writes were parsed and before any later one, so the snapshot matches the output so far exactly.
   */
  snapshot(): Promise<string> {
    return new Promise((resolve) => {
      if (this.disposed) return resolve('');
      this.catchUp();
      this.term.write('', () => resolve(this.serializer.serialize({ scrollback: MIRROR_SCROLLBACK_LINES })));
    });
  }

  /** Hands the backlog to the parser (or rebuilds the screen from the tail after an overflow). */
  private catchUp(): void {
    this.quiet.cancel();
    if (this.disposed) return;
    if (this.stale) {
      this.stale = false;
      this.term_?.dispose();
      this.term_ = this.create();
      const tail = this.tail();
      this.term.write(tail.subarray(Math.max(0, tail.byteLength - MIRROR_REBUILD_BYTES)));
      return;
    }
    for (const chunk of this.backlog) this.term.write(chunk);
    this.backlog = [];
    this.backlogBytes = 0;
  }

  private get term(): InstanceType<typeof HeadlessTerminal> {
    this.term_ ??= this.create();
    return this.term_;
  }

  private create(): InstanceType<typeof HeadlessTerminal> {
    const term = new HeadlessTerminal({ cols: this.cols, rows: this.rows, scrollback: MIRROR_SCROLLBACK_LINES, allowProposedApi: true });
    this.serializer = new SerializeAddon();
    term.loadAddon(this.serializer);
    return term;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.quiet.cancel();
    this.backlog = [];
    this.term_?.dispose();
    this.term_ = null;
  }
}
