// Watches a session's terminals: once one settles after a command, recognises classic mistakes in what it printed and pushes explanations.
import { QuietTimer } from '../../core/quiet-timer';
import type { Explanation, ExplanationId } from '../../core/protocol';
import { createLogger, type Logger } from '../log';
import type { Sandbox } from '../machine/machine';
import { QUIET_AFTER_COMMAND_MS } from '../sessions/step-checker';
import { stripEscapes } from '../terminals/output-log';
import type { Terminal } from '../terminals/terminal';
import { SandboxLabState, type LabState } from './lab-state';
import type { Recogniser } from './recogniser';
import { RECOGNISERS } from './recognisers';
import { SettledOutput } from './settled-output';

export type ExplainerDeps = {
  sessionId: string;
  sandbox(): Sandbox;
  terminalTitle: (name: string) => string;
  push(explanation: Explanation): void;
  /** Where a recogniser's bug is logged (default: the server's log). */
  log?: Pick<Logger, 'error'>;
  /** For tests: other recognisers, or another view of the machine's state. */
  recognisers?: readonly Recogniser[];
  labState?: (sandbox: Sandbox) => LabState;
};

/** How far back the start of the line being typed is looked for (in bytes). */
const LINE_BYTES = 4096;

/**
 * Where the line on which Enter was just pressed began: the first look at a terminal then sees the
 * prompt and the command, not the shell's start-up output before it.
 */
function lineStart(terminal: Terminal): number {
  const seq = terminal.outputMark();
  const tail = terminal.outputSince(Math.max(0, seq - LINE_BYTES));
  return seq - Buffer.byteLength(tail.slice(tail.lastIndexOf('\n') + 1));
}

/** One terminal as the explainer follows it: where its last settle read up to, and its quiet timer. */
type Watch = { terminal: Terminal; mark: number; armed: boolean; quiet: QuietTimer };

export class Explainer {
  private readonly watches = new Map<string, Watch>();
  /** Settles are worked through one at a time: each may probe the machine. */
  private running: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(private readonly deps: ExplainerDeps) {}

  /** The learner pressed Enter in `terminal`: its output is looked at once it goes quiet. */
  commandEntered(terminal: Terminal): void {
    if (this.disposed) return;
    const watch = this.watch(terminal);
    watch.armed = true;
    watch.quiet.poke();
  }

  output(terminal: Terminal): void {
    const watch = this.watches.get(terminal.id);
    if (watch?.armed && !this.disposed) watch.quiet.poke();
  }

  /** The terminal is gone (closed, replaced, the sandbox reset). */
  forget(terminalId: string): void {
    this.watches.get(terminalId)?.quiet.cancel();
    this.watches.delete(terminalId);
  }

  /** Resolves once every settle so far has been looked at (for tests). */
  idle(): Promise<void> {
    return this.running;
  }

  private watch(terminal: Terminal): Watch {
    let watch = this.watches.get(terminal.id);
    if (!watch) {
      const created: Watch = { terminal, mark: lineStart(terminal), armed: false, quiet: new QuietTimer(QUIET_AFTER_COMMAND_MS, () => this.settled(created)) };
      watch = created;
      this.watches.set(terminal.id, watch);
    }
    return watch;
  }

  private settled(watch: Watch): void {
    watch.armed = false;
    const text = stripEscapes(watch.terminal.outputSince(watch.mark));
    watch.mark = watch.terminal.outputMark();
    const output = new SettledOutput(watch.terminal.name, text);
    // Cheap first: only recognisers whose pattern matched touch the machine.
    const confirms = (this.deps.recognisers ?? RECOGNISERS).map((r) => ({ name: r.name, confirm: r.spot(output) })).filter((c) => c.confirm !== null);
    if (confirms.length === 0) return;
    this.running = this.running.then(() => this.explain(output.terminal, confirms));
  }

  private async explain(terminal: string, confirms: { name: string; confirm: ReturnType<Recogniser['spot']> }[]): Promise<void> {
    const sandbox = this.deps.sandbox();
    if (this.disposed || sandbox.ended) return;
    const state = this.deps.labState?.(sandbox) ?? new SandboxLabState(sandbox, this.deps.terminalTitle);
    // At most one explanation per mistake for each settle.
    const pushed = new Set<ExplanationId>();
    for (const { name, confirm } of confirms) {
      try {
        const draft = await confirm!(state);
        if (!draft || pushed.has(draft.id) || this.disposed) continue;
        pushed.add(draft.id);
        this.deps.push({ ...draft, sessionId: this.deps.sessionId, terminal, at: Date.now() });
      } catch (e) {
        // A recogniser that trips over odd state is a bug to log, but it must not stop the others, nor the session.
        (this.deps.log ?? createLogger()).error(`explainer: ${name} failed`, e);
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const watch of this.watches.values()) watch.quiet.cancel();
    this.watches.clear();
  }
}
