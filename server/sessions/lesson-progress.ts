// Which steps of a lesson have passed, each step's last verdict, and the step in focus; resumed from and recorded to the store.
import type { CheckVerdict } from '../../core/checks/check-schema';
import type { Lesson, LessonStep } from '../../core/lesson/schema';
import type { LessonProgress, StepProgress } from '../../core/protocol';
import type { SavedStep } from '../store/progress-store';

/** The learner's remembered progress in this lesson, and where new verdicts go to be remembered. */
export type ProgressMemory = {
  saved: readonly SavedStep[];
  record(stepId: string, verdict: CheckVerdict, automatic: boolean, at: number): void;
};

export const FORGETFUL: ProgressMemory = { saved: [], record: () => {} };

export class ProgressTracker {
  private readonly steps = new Map<string, StepProgress>();

  constructor(
    private readonly sessionId: string,
    private readonly lesson: Lesson,
    private readonly memory: ProgressMemory = FORGETFUL,
  ) {
    this.clear();
    // Steps the lesson no longer has (an author renamed them) are ignored.
    for (const s of memory.saved) {
      const step = this.steps.get(s.step);
      if (!step) continue;
      step.verdict = s.verdict;
      if (s.passedAt !== null) Object.assign(step, { state: 'passed', passedAt: s.passedAt });
    }
  }

  /** The first step not passed yet, or null when the lesson is complete. */
  get current(): LessonStep | null {
    return this.lesson.steps.find((s) => this.steps.get(s.id)?.state !== 'passed') ?? null;
  }

  step(id: string): LessonStep | undefined {
    return this.lesson.steps.find((s) => s.id === id);
  }

  /** Records a verdict; a passed step stays passed (a later failure is remembered as its verdict only). */
  record(stepId: string, verdict: CheckVerdict, automatic = false, now = Date.now()): void {
    const step = this.steps.get(stepId);
    if (!step) return;
    step.verdict = verdict;
    if (verdict.passed && step.state !== 'passed') {
      step.state = 'passed';
      step.passedAt = now;
    }
    this.memory.record(stepId, verdict, automatic, now);
  }

  /** Forgets every verdict and pass (the learner reset the lesson's progress; the store is cleared by its caller). */
  clear(): void {
    this.steps.clear();
    for (const s of this.lesson.steps) this.steps.set(s.id, { id: s.id, state: 'todo', verdict: null, passedAt: null });
  }

  snapshot(): LessonProgress {
    return { sessionId: this.sessionId, steps: this.lesson.steps.map((s) => ({ ...this.steps.get(s.id)! })), current: this.current?.id ?? null };
  }
}
