// Builds the instructor's picture of the workshop from the live sessions: each learner's step, time on it, failures, stuck flags.
import type { StuckFlag, WorkshopJoin, WorkshopLearner, WorkshopLesson, WorkshopSession, WorkshopSnapshot } from '../../core/protocol';
import type { Session } from '../sessions/session';
import type { Roster } from './roster';
import { tallyPredictions, type RoomAnswer } from './prediction-tally';

/** A learner on one step longer than this is flagged `slow` (in milliseconds). */
export const STUCK_ON_STEP_MS = 10 * 60_000;
/** This many failed checks in a row on one step flag the learner `failing`. */
export const STUCK_FAILURES_IN_A_ROW = 3;
/** Failed checks sent per session (in entries): all the session keeps; the dashboard folds repeats into one line with a count. */
const FAILURES_SHOWN = 10;

/** Shown instead of a display name: the start of the learner id. */
export const shortName = (learnerId: string): string => `learner ${learnerId.replace(/^connection-/, '').slice(0, 6)}`;

export function describeSession(session: Session, now: number): WorkshopSession {
  const progress = session.progressSnapshot();
  const steps = session.lesson.steps;
  const index = progress.current === null ? steps.length : steps.findIndex((s) => s.id === progress.current);
  const titleOf = (stepId: string) => steps.find((s) => s.id === stepId)?.title ?? stepId;
  const stuck: StuckFlag[] = [];
  if (progress.current !== null && now - session.checks.stepStartedAt > STUCK_ON_STEP_MS) stuck.push('slow');
  if (session.checks.failuresInARow >= STUCK_FAILURES_IN_A_ROW) stuck.push('failing');
  return {
    sessionId: session.id,
    lesson: session.lesson.slug,
    lessonTitle: session.lesson.title,
    stepId: progress.current,
    stepTitle: progress.current === null ? null : titleOf(progress.current),
    stepNumber: index + 1,
    stepCount: steps.length,
    passedCount: progress.steps.filter((s) => s.state === 'passed').length,
    stepStartedAt: session.checks.stepStartedAt,
    lastActivityAt: session.lastActivityAt,
    failures: session.checks.failures.slice(0, FAILURES_SHOWN).map((f) => ({ ...f, stepTitle: titleOf(f.stepId) })),
    stuck,
    terminals: session.terminals.all.filter((t) => !t.isExited).map((t) => ({ terminalId: t.id, name: t.name, title: session.terminalTitle(t.name), ...t.size })),
  };
}

export function workshopSnapshot(
  sessions: readonly Session[],
  roster: Roster,
  nameOf: (learner: string) => string | null,
  join: WorkshopJoin,
  now = Date.now(),
  /** A learner's answers to a lesson's predictions (the progress store knows them). */
  predictionsOf: (learner: string, lesson: string) => readonly RoomAnswer[] = () => [],
): WorkshopSnapshot {
  const byLearner = new Map<string, Session[]>();
  for (const learner of roster.online) byLearner.set(learner, []);
  for (const s of sessions) byLearner.set(s.owner, [...(byLearner.get(s.owner) ?? []), s]);
  const learners: WorkshopLearner[] = [...byLearner].map(([learnerId, mine]) => ({
    learnerId,
    name: nameOf(learnerId) ?? shortName(learnerId),
    online: roster.isOnline(learnerId),
    sessions: mine.sort((a, b) => b.lastActivityAt - a.lastActivityAt).map((s) => describeSession(s, now)),
  }));
  // A stable order for the wire; the dashboard orders the room itself (stuck learners first).
  learners.sort((a, b) => a.name.localeCompare(b.name) || a.learnerId.localeCompare(b.learnerId));
  const lessons = new Map<string, WorkshopLesson>();
  for (const { lesson } of sessions) {
    if (lessons.has(lesson.slug)) continue;
    // The room's answers: one list per learner with this lesson open (a learner with two of its sessions counts once).
    const owners = new Set(sessions.filter((s) => s.lesson.slug === lesson.slug).map((s) => s.owner));
    const predictions = tallyPredictions(lesson, [...owners].map((learner) => predictionsOf(learner, lesson.slug)));
    lessons.set(lesson.slug, { slug: lesson.slug, title: lesson.title, steps: lesson.steps.map((s) => ({ id: s.id, title: s.title })), predictions });
  }
  return { learners, lessons: [...lessons.values()].sort((a, b) => a.title.localeCompare(b.title)), join, at: now };
}
