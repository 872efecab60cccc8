// Which steps of a lesson have passed, each step's last verdict, and the step in focus.
import type { CheckVerdict } from '../../core/checks/check-schema';
import type { Lesson, LessonStep } from '../../core/lesson/schema';
import type { LessonProgress, StepProgress } from '../../core/protocol';

export class ProgressTracker {
  private readonly steps: Map<string, StepProgress>;

  constructor(
    private readonly sessionId: string,
    private readonly lesson: Lesson,
  ) {
    this.steps = new Map(lesson.steps.map((s) => [s.id, { id: s.id, state: 'todo', verdict: null, passedAt: null }]));
  }

  /** The first step not passed yet, or null when the lesson is complete. */
  get current(): LessonStep | null {
    return this.lesson.steps.find((s) => this.steps.get(s.id)?.state !== 'passed') ?? null;
  }

  step(id: string): LessonStep | undefined {
    return this.lesson.steps.find((s) => s.id === id);
  }

  /** Records a verdict; a passed step stays passed (a later failure is remembered as its verdict only). */
  record(stepId: string, verdict: CheckVerdict, now = Date.now()): void {
    const step = this.steps.get(stepId);
    if (!step) return;
    step.verdict = verdict;
    if (verdict.passed && step.state !== 'passed') {
      step.state = 'passed';
      step.passedAt = now;
    }
  }

  snapshot(): LessonProgress {
    return { sessionId: this.sessionId, steps: this.lesson.steps.map((s) => ({ ...this.steps.get(s.id)! })), current: this.current?.id ?? null };
  }
}
