// Routes the terminal stream's output and exits (and socket.io's `terminal:detached`) to the terminal view that owns each terminal id.
import { PUSH, type ServerToClientEvents, type TerminalExit, type TerminalOutput } from '../protocol';
import type { PushSocket } from './page-socket';
import type { TerminalStream } from './terminal-stream';

export type TerminalSink = {
  /** `seq`: the terminal's total output in bytes once `data` is added (for reattaching without loss). */
  output(data: Uint8Array, seq: number): void;
  exit(event: TerminalExit): void;
  /** Another tab took this terminal over. */
  detached?(reason: string): void;
};

/**
 * Output for a terminal id nobody has claimed yet is kept (up to this many bytes per id), because
 * the server may send a terminal's first output (prompt, restored screen) in the same breath as
 * its `terminal:open` reply, and the stream may deliver it before socket.io delivers the reply.
 */
const UNCLAIMED_LIMIT_BYTES = 1024 * 1024;

/** One listener per event for the whole page instead of one per terminal; dispose removes them. */
export class OutputRouter {
  private readonly sinks = new Map<string, TerminalSink>();
  private readonly unclaimed = new Map<string, { chunks: { data: Uint8Array; seq: number }[]; bytes: number; exit: TerminalExit | null }>();

  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly socket: PushSocket<'terminal:detached'>,
    stream: TerminalStream,
  ) {
    this.unsubscribe = [stream.onOutput(this.onOutput), stream.onExit(this.onExit)];
    socket.on(PUSH.terminalDetached, this.onDetached);
  }

  /** Deliver a terminal's pushes to `sink` (including any that arrived early); returns the unclaim function. */
  claim(terminalId: string, sink: TerminalSink): () => void {
    this.sinks.set(terminalId, sink);
    const early = this.unclaimed.get(terminalId);
    this.unclaimed.delete(terminalId);
    if (early) {
      for (const chunk of early.chunks) sink.output(chunk.data, chunk.seq);
      if (early.exit) sink.exit(early.exit);
    }
    return () => {
      if (this.sinks.get(terminalId) === sink) this.sinks.delete(terminalId);
    };
  }

  dispose(): void {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this.socket.off(PUSH.terminalDetached, this.onDetached);
    this.sinks.clear();
    this.unclaimed.clear();
  }

  private readonly onOutput = ({ terminalId, seq, data: bytes }: TerminalOutput) => {
    const sink = this.sinks.get(terminalId);
    if (sink) return sink.output(bytes, seq);
    const early = this.early(terminalId);
    // Beyond the limit the terminal is evidently not ours to show; dropping is safe (nothing to render).
    if (early.bytes + bytes.length > UNCLAIMED_LIMIT_BYTES) return;
    early.chunks.push({ data: bytes, seq });
    early.bytes += bytes.length;
  };

  private readonly onExit = (event: TerminalExit) => {
    const sink = this.sinks.get(event.terminalId);
    if (sink) return sink.exit(event);
    this.early(event.terminalId).exit = event;
  };

  private readonly onDetached: ServerToClientEvents['terminal:detached'] = ({ terminalId, reason }) => {
    this.sinks.get(terminalId)?.detached?.(reason);
  };

  private early(terminalId: string) {
    let entry = this.unclaimed.get(terminalId);
    if (!entry) {
      entry = { chunks: [], bytes: 0, exit: null };
      this.unclaimed.set(terminalId, entry);
    }
    return entry;
  }
}
