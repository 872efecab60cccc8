// Predictions on the wire: the learner's answers to a lesson's questions, and how a workshop's room answered them.
import { z } from 'zod';
import { PREDICTION_ANSWER_MAX_CHARS } from '../lesson/prediction';
import { Id } from './id';

/** The learner's answer to one step's prediction, as kept with their progress (their first answer counts). */
export const SavedPrediction = z.object({
  stepId: Id,
  answer: z.string(),
  /** Whether the answer was the right one, judged by the server against the lesson. */
  correct: z.boolean(),
  /** When the learner answered (ms since the epoch). */
  at: z.number(),
});
export type SavedPrediction = z.infer<typeof SavedPrediction>;

/** How the room answered one step's prediction: every distinct answer with its count, most given first. */
export const PredictionTally = z.object({
  stepId: Id,
  stepTitle: z.string(),
  question: z.string(),
  /** The right answer as the lesson declares it. */
  rightAnswer: z.string(),
  /** Learners with this lesson open who answered. */
  answered: z.number().int(),
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
