// Predictions on the wire: the learner's answers to a lesson's questions, and how a workshop's room answered them.
import { z } from 'zod';
import { PREDICTION_ANSWER_MAX_CHARS } from '../lesson/prediction';
import { Id } from './id';
import type { TimelineEntry } from './timeline';

/** The learner's answer to one step's prediction, as kept with their progress (their first answer counts). */
export const SavedPrediction = z.object({
  stepId: Id,
  answer: z.string(),
  /** Whether the answer was the right one, judged by the server against the lesson. */
  correct: z.boolean(),
  /** When the learner answered (ms since the epoch). */
  at: z.number(),
  /** The server saw the learner run what it is about before they answered: kept and shown, but not counted in the room's tally. */
  afterRun: z.boolean(),
});
export type SavedPrediction = z.infer<typeof SavedPrediction>;

/** How the room answered one step's prediction: every distinct answer with its count, most given first. */
export const PredictionTally = z.object({
  stepId: Id,
  stepTitle: z.string(),
  question: z.string(),
  /** The right answer as the lesson declares it. */
  rightAnswer: z.string(),
  /** Learners with this lesson open who answered before running the command: the answers tallied. */
  answered: z.number().int(),
  /** Learners with this lesson open who answered only after running it: not counted (hindsight is not a prediction). */
  afterRun: z.number().int(),
  answers: z.array(z.object({ answer: z.string(), count: z.number().int(), correct: z.boolean() })),
});
export type PredictionTally = z.infer<typeof PredictionTally>;

export const PREDICTION_REQUESTS = {
  /** The calling learner's answers to the predictions of a lesson (after a reload: they stay answered). */
  'prediction:list': {
    request: z.object({ lesson: Id }),
    reply: z.array(SavedPrediction),
    timeoutMs: 10_000,
  },
  /** Answer a step's prediction; a step already answered keeps its first answer (the reply says which). */
  'prediction:save': {
    request: z.object({
      lesson: Id,
      stepId: Id,
      answer: z.string().trim().min(1, 'give an answer').max(PREDICTION_ANSWER_MAX_CHARS, `an answer has at most ${PREDICTION_ANSWER_MAX_CHARS} characters`),
    }),
    reply: SavedPrediction,
    timeoutMs: 10_000,
  },
} as const;

/**
 * The learner ran what a step's prediction is about (pushed while that step is the current one):
 * its `watch` call on the syscall timeline, or, for a step that watches none, a command entered
 * in the step's terminal. The page sets the prediction beside it once it comes after the answer.
 */
export type PredictionRun = {
  stepId: string;
  /** When it happened (ms since the epoch, the server's clock, as `SavedPrediction.at`). */
  at: number;
  by: 'call' | 'command';
  /** The title of the terminal it came from ("Terminal 2"), or null for a call from none. */
  terminal: string | null;
  /** The timeline's entry for the watched call (`by: 'call'`), else null. */
  entry: TimelineEntry | null;
};

/**
 * Runs a session keeps for pages that (re)attach, and a page holds (the newest). A page needs only
 * one run after the learner's answer, and the newest run is always after it.
 */
export const MAX_PREDICTION_RUNS = 50;

/** New runs, or all recent ones (a replay, replacing what the page holds) when a page attaches or the progress was reset. */
export type PredictionRunsUpdate = { sessionId: string; replay: boolean; runs: PredictionRun[] };

/** The push's event name (registered in PUSH by ./index). */
export const PREDICTION_PUSH = { predictionRuns: 'prediction:runs' } as const;
