// The learner's remembered progress on the wire: per-lesson totals for the catalogue, resetting a lesson, the display name.
import { z } from 'zod';
import { Id } from './id';

/** Longest display name (in characters, after trimming). */
export const DISPLAY_NAME_MAX_CHARS = 40;

export const DisplayName = z
  .string()
  .trim()
  .min(1, 'a display name needs at least one character that is not a space')
  .max(DISPLAY_NAME_MAX_CHARS, `a display name has at most ${DISPLAY_NAME_MAX_CHARS} characters`)
  .regex(/^[^\p{Cc}]*$/u, 'a display name cannot contain control characters');

/** One lesson of the catalogue as the calling learner stands in it. */
export const LessonTotals = z.object({
  slug: Id,
  /** Steps of the lesson (as it is now) that the learner passed. */
  passed: z.number().int(),
  total: z.number().int(),
  completed: z.boolean(),
  /** Active time spent in the lesson: while a page showed it and the learner was doing something (in seconds). */
  secondsSpent: z.number().int(),
});
export type LessonTotals = z.infer<typeof LessonTotals>;

/** The learner as others (an instructor) see them; null until they set a name. */
export const LearnerProfile = z.object({ displayName: z.string().nullable() });
export type LearnerProfile = z.infer<typeof LearnerProfile>;

export const PROGRESS_REQUESTS = {
  /** The calling learner's progress in every lesson of the catalogue. */
  'progress:catalogue': {
    request: z.object({}),
    reply: z.array(LessonTotals),
    timeoutMs: 10_000,
  },
  /** Forget the calling learner's progress (passes, verdicts, time) in a lesson; an open session of it pushes `progress:update`. */
  'progress:reset': {
    request: z.object({ lesson: Id }),
    reply: z.null(),
    timeoutMs: 10_000,
  },
  /** The calling learner's display name. */
  'learner:profile': {
    request: z.object({}),
    reply: LearnerProfile,
    timeoutMs: 10_000,
  },
  /** Set the calling learner's display name (1–40 characters, trimmed). */
  'learner:rename': {
    request: z.object({ displayName: DisplayName }),
    reply: LearnerProfile,
    timeoutMs: 10_000,
  },
} as const;
