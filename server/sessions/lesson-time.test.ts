// Lesson time: counted in ticks while a page shows the session and its learner was active lately; nothing else counts.
import { afterEach, describe, expect, it } from 'vitest';
import { NO_PROGRESS_STORE, type ProgressStore } from '../store/progress-store';
import { ACTIVE_WINDOW_MS, LessonTime, type TimedSession } from './lesson-time';

describe('LessonTime', () => {
  const added: { lesson: string; seconds: number }[] = [];
  const store: ProgressStore = { ...NO_PROGRESS_STORE, addTimes: async (spent) => void added.push(...spent.map(({ lesson, seconds }) => ({ lesson, seconds }))) };
  const session = (slug: string, isAttached: boolean, lastActivityAt: number): TimedSession => ({ owner: 'ada', lesson: { slug }, isAttached, lastActivityAt });
  let clock: LessonTime | null = null;
  afterEach(() => {
    clock?.dispose();
    added.length = 0;
  });

  it('counts attached, recently active sessions from their first tick on', () => {
    const t0 = 1_000_000;
    const shown = session('uts', true, t0);
    const hidden = session('pid', false, t0);
    const idle = session('net', true, t0 - ACTIVE_WINDOW_MS - 20_000);
    clock = new LessonTime(() => [shown, hidden, idle], store);
    clock.tick(t0);
    expect(added).toEqual([]);
    clock.tick(t0 + 10_000);
    clock.tick(t0 + 15_000);
    expect(added).toEqual([
      { lesson: 'uts', seconds: 10 },
      { lesson: 'uts', seconds: 5 },
    ]);
  });
});
