// A headless xterm fed with a terminal's output, so a page that attaches later gets the exact screen (VS Code's approach).
import type { IDisposable } from '../../core/lifecycle';
import headlessPkg from '@xterm/headless';
import serializePkg from '@xterm/addon-serialize';
import { QuietTimer } from '../../core/quiet-timer';
import { REPLAY_BUFFER_BYTES } from './replay-buffer';

// Both packages are CommonJS bundles: their named exports live on the default export under Node's ESM loader.
const { Terminal: HeadlessTerminal } = headlessPkg;
const { SerializeAddon } = serializePkg;

/** Lines kept above the screen for a reattaching page (in lines). */
export const MIRROR_SCROLLBACK_LINES = 1000;

/**
 * Output is parsed once the terminal has been quiet this long (in milliseconds), not as it
 * streams: parsing every byte twice (here and in the browser) halved a flood's throughput.
 */
export const MIRROR_QUIET_MS = 60;

/**
 * Unparsed output below this (in bytes) waits until the screen is asked for. A headless terminal
 * costs about 160 KB of server memory (its buffers, handlers and line arrays), most of an idle
 * session's share; a shell that printed little more than its prompt does not need one until a
 * page reloads, and then parsing that little takes a millisecond or two.
 */
export const MIRROR_EAGER_BYTES = 16 * 1024;

/**
 * Unparsed output kept at most (in bytes). Past it the screen is marked stale and rebuilt, when
 * someone asks for it, from the replay buffer's tail: a flood that long has redrawn every line of
 * the screen anyway.
 */
export const MIRROR_BACKLOG_BYTES = 256 * 1024;

/**
 * A stale screen is rebuilt from at most this much of the tail (in bytes): enough to redraw the
 * screen and most of the scrollback, at a fraction of the parse time of the whole replay buffer.
 * Invariant: MIRROR_EAGER_BYTES <= MIRROR_BACKLOG_BYTES <= MIRROR_REBUILD_BYTES <= REPLAY_BUFFER_BYTES.
 */
export const MIRROR_REBUILD_BYTES = 512 * 1024;

if (!(MIRROR_EAGER_BYTES <= MIRROR_BACKLOG_BYTES && MIRROR_BACKLOG_BYTES <= MIRROR_REBUILD_BYTES && MIRROR_REBUILD_BYTES <= REPLAY_BUFFER_BYTES)) {
  throw new Error('screen mirror invariant broken: MIRROR_EAGER_BYTES <= MIRROR_BACKLOG_BYTES <= MIRROR_REBUILD_BYTES <= REPLAY_BUFFER_BYTES');
}

/** Where the mirror reads the terminal's output: its replay buffer, which holds the bytes once. */
export type MirrorSource = {
  /** Bytes output so far. */
  readonly end: number;
  /** The bytes after `seq`, or null once they are no longer kept. */
  since(seq: number): Uint8Array | null;
  /** The latest output, as much as is kept. */
  tail(): Uint8Array;
};

export class ScreenMirror implements IDisposable {
  /** Made when first needed (enough output to parse, a snapshot), not when the terminal opens. */
  private term_: InstanceType<typeof HeadlessTerminal> | null = null;
  private serializer = new SerializeAddon();
  /** The source's `end` up to which the headless terminal has been fed. */
  private parsed = 0;
  /** The unparsed output outgrew MIRROR_BACKLOG_BYTES: the screen must be rebuilt from the tail before it is read. */
  private stale = false;
  private readonly quiet = new QuietTimer(MIRROR_QUIET_MS, () => this.catchUp());
  private disposed = false;

  constructor(
    private cols: number,
    private rows: number,
    private readonly source: MirrorSource,
  ) {}

  /** The source has more output (call after it was added there). */
  outputAdded(): void {
    if (this.disposed || this.stale) return;
    const unparsed = this.source.end - this.parsed;
    if (unparsed > MIRROR_BACKLOG_BYTES) {
      // Stale until someone asks for the screen: rebuilding it while the flood goes on would parse
      // the tail again and again (every quiet moment of a flood), which cost the flood most of its speed.
      this.stale = true;
      this.quiet.cancel();
      return;
    }
    if (unparsed >= MIRROR_EAGER_BYTES) this.quiet.poke();
  }

  resize(cols: number, rows: number): void {
    if (this.disposed) return;
    // A stale screen is rebuilt at the new size when it is asked for; one not made yet is made at it.
    const later = this.stale || (this.term_ === null && this.source.end === this.parsed);
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

  /** Feeds the unparsed output to the parser (or rebuilds the screen from the tail after an overflow). */
  private catchUp(): void {
    this.quiet.cancel();
    if (this.disposed) return;
    const end = this.source.end;
    if (!this.stale && end > this.parsed) {
      const unparsed = this.source.since(this.parsed);
      if (unparsed) this.term.write(unparsed);
      else this.stale = true; // The replay buffer no longer holds it all.
    }
    if (this.stale) {
      this.stale = false;
      this.term_?.dispose();
      this.term_ = this.create();
      const tail = this.source.tail();
      this.term.write(tail.subarray(Math.max(0, tail.byteLength - MIRROR_REBUILD_BYTES)));
    }
    this.parsed = end;
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
    this.term_?.dispose();
    this.term_ = null;
  }
}
