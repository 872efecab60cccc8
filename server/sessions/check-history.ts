// A session's recent failed checks and when its current step began, kept in memory for the instructor's dashboard.

/** Failed checks remembered per session (in entries); older ones are dropped. */
export const FAILED_CHECKS_KEPT = 10;

export type FailedCheckEntry = { stepId: string; reason: string; at: number };

export class CheckHistory {
  private readonly failed: FailedCheckEntry[] = [];
  private streak = { stepId: '', count: 0 };
  private step: { id: string | null; since: number };

  constructor(currentStep: string | null, now = Date.now()) {
    this.step = { id: currentStep, since: now };
  }

  /** Most recent first. */
  get failures(): readonly FailedCheckEntry[] {
    return this.failed;
  }

  /** Failed checks in a row on the current step (a pass or another step's check breaks the run). */
  get failuresInARow(): number {
    return this.streak.stepId === this.step.id ? this.streak.count : 0;
  }

  /** When the step in focus began (ms since the epoch). */
  get stepStartedAt(): number {
    return this.step.since;
  }

  /** Call after every verdict the learner saw, with the step in focus afterwards. */
  record(stepId: string, passed: boolean, reason: string, currentStep: string | null, now = Date.now()): void {
    if (passed) this.streak = { stepId: '', count: 0 };
    else {
      this.failed.unshift({ stepId, reason, at: now });
      this.failed.length = Math.min(this.failed.length, FAILED_CHECKS_KEPT);
      this.streak = this.streak.stepId === stepId ? { stepId, count: this.streak.count + 1 } : { stepId, count: 1 };
    }
    this.focus(currentStep, now);
  }

  /** The step in focus may have moved (a pass); the clock restarts when it did. */
  focus(currentStep: string | null, now = Date.now()): void {
    if (currentStep !== this.step.id) this.step = { id: currentStep, since: now };
  }
}
