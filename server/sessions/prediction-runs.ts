// When the learner ran what a step's prediction is about: its watched call on the timeline, or a command in its terminal.
import type { IDisposable } from '../../core/lifecycle';
import type { LessonStep } from '../../core/lesson/schema';
import { matchesWatch } from '../../core/lesson/watch';
import { MAX_PREDICTION_RUNS, type PredictionRun, type PredictionRunsUpdate } from '../../core/protocol/predictions';
import type { TimelineUpdate } from '../../core/protocol/timeline';

export type PredictionRunsDeps = {
  sessionId: string;
  /** The step the learner is on (the first not passed), or null once the lesson is complete. */
  currentStep(): LessonStep | null;
  /** The terminal a step's commands are for when it names none. */
  defaultTerminal: string;
  /** The title a learner sees on a terminal's tab. */
  terminalTitle(name: string): string;
  push(update: PredictionRunsUpdate): void;
};

export class PredictionRuns implements IDisposable {
  private readonly runs: PredictionRun[] = [];
  /** Every step with a run in this session: `runs` keeps only the newest, this keeps one id per step however many ran. */
  private readonly ranSteps = new Set<string>();

  constructor(private readonly deps: PredictionRunsDeps) {}

  /**
   * The learner pressed Enter in a terminal. It counts for the current step's prediction when the
   * step watches no call (a watched step waits for the call itself: Enter on `ls` is not `unshare`)
   * and the terminal is the step's own.
   */
  commandEntered(terminal: string): void {
    const step = this.deps.currentStep();
    if (!step?.prediction || step.watch) return;
    if (terminal !== (step.terminal ?? this.deps.defaultTerminal)) return;
    this.add({ stepId: step.id, at: Date.now(), by: 'command', terminal: this.deps.terminalTitle(terminal), entry: null });
  }

  /** New calls on the timeline: the current step's watched call is what its prediction is about. */
  timeline(update: TimelineUpdate): void {
    if (update.replay) return;
    const step = this.deps.currentStep();
    if (!step?.prediction || !step.watch) return;
    for (const entry of update.entries) {
      if (matchesWatch(step.watch, entry)) this.add({ stepId: step.id, at: entry.at, by: 'call', terminal: entry.terminal, entry });
    }
  }

  /** Whether the learner ran what step `stepId`'s prediction is about in this session (an answer now is hindsight). */
  ranFor(stepId: string): boolean {
    return this.ranSteps.has(stepId);
  }

  /** What a page that (re)attaches is sent. */
  replay(): PredictionRunsUpdate {
    return { sessionId: this.deps.sessionId, replay: true, runs: [...this.runs] };
  }

  /** The lesson's progress was reset: the answers went with it, and so do the runs (the pages are told). */
  forget(): void {
    this.runs.length = 0;
    this.ranSteps.clear();
    this.deps.push(this.replay());
  }

  private add(run: PredictionRun): void {
    this.ranSteps.add(run.stepId);
    this.runs.push(run);
    if (this.runs.length > MAX_PREDICTION_RUNS) this.runs.splice(0, this.runs.length - MAX_PREDICTION_RUNS);
    this.deps.push({ sessionId: this.deps.sessionId, replay: false, runs: [run] });
  }

  dispose(): void {
    this.runs.length = 0;
    this.ranSteps.clear();
  }
}
