// The instructor's view of a workshop on the wire: every learner's place in their lesson, and observing a terminal read-only.
import { z } from 'zod';
import { Id } from './id';
import { PredictionTally } from './predictions';

/** A check that failed, as the learner was told. */
export const FailedCheck = z.object({ stepId: Id, stepTitle: z.string(), reason: z.string(), at: z.number() });
export type FailedCheck = z.infer<typeof FailedCheck>;

/** Why the dashboard flags a learner: too long on one step, or failing the same step's check again and again. */
export const StuckFlag = z.enum(['slow', 'failing']);
export type StuckFlag = z.infer<typeof StuckFlag>;

/** One lesson a learner has open: where they are and how it goes. */
export const WorkshopSession = z.object({
  sessionId: Id,
  lesson: Id,
  lessonTitle: z.string(),
  /** The step in focus; null once the lesson is complete. */
  stepId: Id.nullable(),
  stepTitle: z.string().nullable(),
  /** 1-based position of the step in focus (stepCount + 1 once complete). */
  stepNumber: z.number().int(),
  stepCount: z.number().int(),
  passedCount: z.number().int(),
  /** When the step in focus began (ms since the epoch): the dashboard counts time on it from here. */
  stepStartedAt: z.number(),
  lastActivityAt: z.number(),
  /** Most recent first. */
  failures: z.array(FailedCheck),
  stuck: z.array(StuckFlag),
  /** The learner's terminals, with their size in character cells (the read-only view matches it) and the title on their tab ("Terminal 1"), the only name people see. */
  terminals: z.array(z.object({ terminalId: Id, name: Id, title: z.string(), cols: z.number().int(), rows: z.number().int() })),
  /** The id of the lab node holding the session's sandbox (its NSLAB_NODE_ID); absent from a node that does not say (an older version). */
  node: z.string().optional(),
});
export type WorkshopSession = z.infer<typeof WorkshopSession>;

export const WorkshopLearner = z.object({
  learnerId: Id,
  /** The learner's display name, or a short form of their id. */
  name: z.string(),
  /** A page of this learner is connected now. */
  online: z.boolean(),
  /** Most recently active first. */
  sessions: z.array(WorkshopSession),
});
export type WorkshopLearner = z.infer<typeof WorkshopLearner>;

/** A lesson some learner has open, with every step's title (the dashboard's histogram names steps nobody is on yet) and the room's predictions. */
export const WorkshopLesson = z.object({
  slug: Id,
  title: z.string(),
  steps: z.array(z.object({ id: Id, title: z.string() })),
  /** How the learners with this lesson open answered its predictions (./predictions). */
  predictions: z.array(PredictionTally),
});
export type WorkshopLesson = z.infer<typeof WorkshopLesson>;

/** How learners join: the join code, and this machine's LAN address when the lab listens on every interface (for a link that works from other machines). */
export const WorkshopJoin = z.object({ code: z.string(), lanAddress: z.string().nullable() });
export type WorkshopJoin = z.infer<typeof WorkshopJoin>;

export const WorkshopSnapshot = z.object({ learners: z.array(WorkshopLearner), lessons: z.array(WorkshopLesson), join: WorkshopJoin, at: z.number() });
export type WorkshopSnapshot = z.infer<typeof WorkshopSnapshot>;

/** The start of a read-only view of a learner's terminal: its screen now; output pushes continue from `seq`. */
export const ObservedTerminal = z.object({ terminalId: Id, seq: z.number().int(), screen: z.string(), cols: z.number().int(), rows: z.number().int() });
export type ObservedTerminal = z.infer<typeof ObservedTerminal>;

/** Instructor requests (refused with `forbidden` unless the page holds the instructor cookie). */
export const WORKSHOP_REQUESTS = {
  /** Start receiving `workshop:update` pushes; the reply is the workshop as it is now. */
  'instructor:watch': { request: z.object({}), reply: WorkshopSnapshot, timeoutMs: 10_000 },
  /** Watch a learner's terminal read-only: its screen now, then its output on the terminal stream (never acknowledged). */
  'instructor:observe': { request: z.object({ terminalId: Id }), reply: ObservedTerminal, timeoutMs: 15_000 },
  'instructor:unobserve': { request: z.object({ terminalId: Id }), reply: z.null(), timeoutMs: 10_000 },
  /** End a learner's session; their page is told it was ended by the instructor. */
  'instructor:end-session': { request: z.object({ sessionId: Id }), reply: z.null(), timeoutMs: 30_000 },
} as const;

/** Pushed to watching instructors whenever the workshop changed (checked every WORKSHOP_PUSH_INTERVAL_MS). */
export type WorkshopUpdate = WorkshopSnapshot;
