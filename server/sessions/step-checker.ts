// Runs step checks for a session: on request, and automatically once a terminal goes quiet after the learner pressed Enter.
import type { IDisposable } from '../../core/lifecycle';
import type { CheckVerdict } from '../../core/checks/check-schema';
import { QuietTimer } from '../../core/quiet-timer';
import type { LessonStep } from '../../core/lesson/schema';
import type { TracedExec } from '../checks/check-context';
import { evaluateCheck } from '../checks/evaluate-check';
import type { Sandbox } from '../machine/machine';
import { ProcessTree } from '../../core/probe/process-tree';
import { probeProcesses } from '../probe/run-probe';
import { stripEscapes } from '../terminals/output-log';

/**
 * How long a terminal must stay quiet after Enter before the automatic check runs (in milliseconds).
 * Long enough for a command's first burst of output, short enough to feel immediate.
 */
export const QUIET_AFTER_COMMAND_MS = 400;

export type StepCheckerDeps = {
  sandbox(): Sandbox;
  /** What a terminal (by name) printed since the current step began. */
  outputSince(terminal: string): string;
  /** The programs the terminals started since the current step began; null where the machine cannot trace. */
  execsSince(): readonly TracedExec[] | null;
  terminalTitle(name: string): string;
  defaultTerminal: string;
  /** The step to check automatically, or null when the lesson is complete. */
  currentStep(): LessonStep | null;
  /** Receives every automatic verdict. */
  onAutomaticVerdict(step: LessonStep, verdict: CheckVerdict): void;
};

export class StepChecker implements IDisposable {
  /** Runs the automatic check once the terminal has been quiet long enough after Enter. */
  private readonly quiet = new QuietTimer(QUIET_AFTER_COMMAND_MS, () => this.checkAutomatically());
  private armed = false;
  private running: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(private readonly deps: StepCheckerDeps) {}

  /** Probe the machine and evaluate one step's check. Checks run one at a time. */
  check(step: LessonStep): Promise<CheckVerdict> {
    const next = this.running.then(() => this.evaluate(step));
    this.running = next.catch(() => undefined);
    return next;
  }

  commandEntered(): void {
    this.armed = true;
    if (!this.disposed) this.quiet.poke();
  }

  output(): void {
    if (this.armed && !this.disposed) this.quiet.poke();
  }

  private checkAutomatically(): void {
    this.armed = false;
    const step = this.deps.currentStep();
    if (!step) return;
    void this.check(step).then((verdict) => {
      if (!this.disposed) this.deps.onAutomaticVerdict(step, verdict);
    });
  }

  private async evaluate(step: LessonStep): Promise<CheckVerdict> {
    const sandbox = this.deps.sandbox();
    const snapshot = await probeProcesses(sandbox);
    if (!snapshot.ok) return { passed: false, reason: `the lab could not look at your sandbox: ${snapshot.error}` };
    return evaluateCheck(step.check, {
      tree: new ProcessTree(snapshot.value),
      sandbox,
      terminal: step.terminal ?? this.deps.defaultTerminal,
      outputSince: (name) => stripEscapes(this.deps.outputSince(name)),
      execsSince: () => this.deps.execsSince(),
      terminalTitle: (name) => this.deps.terminalTitle(name),
    });
  }

  dispose(): void {
    this.disposed = true;
    this.quiet.cancel();
  }
}
