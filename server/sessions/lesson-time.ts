// Adds up the active time learners spend in each lesson: while a page shows the session and the learner does something.
import type { IDisposable } from '../../core/lifecycle';
import type { ProgressStore, TimeSpent } from '../store/progress-store';

/** How often active time is added to the store (in milliseconds); also the most that a crash can lose. */
export const TIME_TICK_MS = 10_000;
/** A session counts as active this long after the learner's last action (in milliseconds). Invariant: > TIME_TICK_MS. */
export const ACTIVE_WINDOW_MS = 5 * 60_000;

/** What the clock needs to know of a session. */
export type TimedSession = { owner: string; lesson: { slug: string }; isAttached: boolean; lastActivityAt: number };

export class LessonTime implements IDisposable {
  /** When each session's time was last counted (ms since the epoch); a session enters at its first tick. */
  private readonly countedAt = new WeakMap<TimedSession, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly sessions: () => Iterable<TimedSession>,
    private readonly store: ProgressStore,
  ) {
    this.timer = setInterval(() => this.tick(), TIME_TICK_MS);
    this.timer.unref();
  }

  tick(now = Date.now()): void {
    const spent: TimeSpent[] = [];
    for (const session of this.sessions()) {
      const since = this.countedAt.get(session);
      this.countedAt.set(session, now);
      if (since === undefined || !session.isAttached || now - session.lastActivityAt > ACTIVE_WINDOW_MS) continue;
      spent.push({ learner: session.owner, lesson: session.lesson.slug, seconds: (now - since) / 1000 });
    }
    // Never rejects: the store logs a failed write and moves on.
    void this.store.addTimes(spent);
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
