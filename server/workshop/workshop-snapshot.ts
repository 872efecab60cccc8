// Builds the instructor's picture of the workshop from the live sessions of every node: each learner's step, time on it, failures, stuck flags.
import { z } from 'zod';
import type { Lesson } from '../../core/lesson/schema';
import { WorkshopLearner, type StuckFlag, type WorkshopJoin, type WorkshopLesson, type WorkshopSession, type WorkshopSnapshot } from '../../core/protocol';
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

/**
 * What one node knows of the workshop: the learners with a page connected to it or a session on it, and
 * those sessions. Every node builds its own; the instructor's node combines them (combineParts).
 */
export const LivePart = z.object({ learners: z.array(WorkshopLearner.omit({ name: true })) });
export type LivePart = z.infer<typeof LivePart>;

/** `node`: this node's id, stamped on each of its sessions so the dashboard can say which node holds whom. */
export function livePart(sessions: readonly Session[], roster: Roster, now = Date.now(), node?: string): LivePart {
  const byLearner = new Map<string, Session[]>();
  for (const learner of roster.online) byLearner.set(learner, []);
  for (const s of sessions) byLearner.set(s.owner, [...(byLearner.get(s.owner) ?? []), s]);
  return {
    learners: [...byLearner].map(([learnerId, mine]) => ({
      learnerId,
      online: roster.isOnline(learnerId),
      sessions: mine.map((s) => (node === undefined ? describeSession(s, now) : { ...describeSession(s, now), node })),
    })),
  };
}

/** The learners of every part, once each: online on any node, with their sessions of every node. */
export function mergeParts(parts: readonly LivePart[]): LivePart['learners'] {
  const byLearner = new Map<string, LivePart['learners'][number]>();
  for (const { learners } of parts) {
    for (const l of learners) {
      const seen = byLearner.get(l.learnerId);
      byLearner.set(l.learnerId, seen ? { learnerId: l.learnerId, online: seen.online || l.online, sessions: [...seen.sessions, ...l.sessions] } : l);
    }
  }
  return [...byLearner.values()];
}

export function combineParts(
  parts: readonly LivePart[],
  /** The lessons the sessions of `parts` have open, by slug (a slug missing here is left out of `lessons`). */
  lessonsBySlug: ReadonlyMap<string, Lesson>,
  nameOf: (learner: string) => string | null,
  join: WorkshopJoin,
  now = Date.now(),
  /** A learner's answers to a lesson's predictions (the progress store knows them). */
  predictionsOf: (learner: string, lesson: string) => readonly RoomAnswer[] = () => [],
): WorkshopSnapshot {
  const merged = mergeParts(parts);
  const learners: WorkshopLearner[] = merged.map(({ learnerId, online, sessions }) => ({
    learnerId,
    name: nameOf(learnerId) ?? shortName(learnerId),
    online,
    sessions: [...sessions].sort((a, b) => b.lastActivityAt - a.lastActivityAt),
  }));
  // A stable order for the wire; the dashboard orders the room itself (stuck learners first).
  learners.sort((a, b) => a.name.localeCompare(b.name) || a.learnerId.localeCompare(b.learnerId));
  const lessons: WorkshopLesson[] = [];
  for (const [slug, lesson] of lessonsBySlug) {
    // The room's answers: one list per learner with this lesson open (a learner with two of its sessions counts once).
    const owners = merged.filter((l) => l.sessions.some((s) => s.lesson === slug)).map((l) => l.learnerId);
    if (owners.length === 0) continue;
    const predictions = tallyPredictions(
      lesson,
      owners.map((learner) => predictionsOf(learner, slug)),
    );
    lessons.push({ slug, title: lesson.title, steps: lesson.steps.map((s) => ({ id: s.id, title: s.title })), predictions });
  }
  return { learners, lessons: lessons.sort((a, b) => a.title.localeCompare(b.title)), join, at: now };
}
