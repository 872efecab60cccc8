// What happened since the current step began: each terminal's output from its mark, and the programs the terminals started.
import type { TracedExec } from '../checks/check-context';
import type { ExecLog } from './exec-log';
import type { TerminalSet } from './terminal-set';

export class StepWindow {
  /** Where each terminal's output log stood when the current step began: terminal id → mark. */
  private marks = new Map<string, number>();
  /** When the current step began (ms since the epoch). */
  private startedAt = Date.now();
  private step: string | null;

  constructor(
    private readonly currentStep: () => string | null,
    private readonly terminals: TerminalSet,
    private readonly execLog: ExecLog,
  ) {
    this.step = currentStep();
  }

  /** Moves the window to the current step when it changed (a step passed, progress was reset). */
  refresh(): void {
    const current = this.currentStep();
    if (current === this.step) return;
    this.step = current;
    this.startedAt = Date.now();
    this.marks = new Map(this.terminals.all.map((t) => [t.id, t.outputMark()]));
  }

  /** What a terminal (by name) printed since the current step began. */
  outputSince(name: string): string {
    this.refresh();
    const terminal = this.terminals.byName(name);
    return terminal ? terminal.outputSince(this.marks.get(terminal.id) ?? 0) : '';
  }

  /** The programs the terminals started since the current step began; null where the machine cannot trace. */
  execsSince(): readonly TracedExec[] | null {
    this.refresh();
    return this.execLog.since(this.startedAt);
  }
}
