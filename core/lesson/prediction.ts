// A step's prediction: a question the learner answers before running the command, with the right answer and why.
import { z } from 'zod';

/** Longest answer a learner may give (in characters, after trimming): a PID, a hostname, a word or two. */
export const PREDICTION_ANSWER_MAX_CHARS = 80;

/**
 * Declared in a step's frontmatter as `prediction:`. Either multiple choice (`choices` and `answer`, one of
 * them) or a short answer (`accept`: every spelling that counts as right, compared after `normaliseAnswer`).
 */
export const Prediction = z
  .object({
    /** What the learner predicts, e.g. "What PID will `sh` have inside the new namespace?" */
    question: z.string().min(1, 'ask a question, e.g. "What PID will `sh` have?"'),
    /** Multiple choice: the options, shown in this order. */
    choices: z.array(z.string().min(1)).min(2, 'give at least two choices').max(6, 'give at most six choices').optional(),
    /** Multiple choice: the right one, spelled exactly as in `choices`. */
    answer: z.string().min(1).optional(),
    /** Short answer: the answers that count as right (case, spaces and a trailing full stop do not matter). */
    accept: z.array(z.string().min(1)).min(1, 'give at least one accepted answer').optional(),
    /** Shown beside what happened: why the kernel does what it does (cite the man page). */
    why: z.string().min(1, 'say why the right answer is right'),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.choices && p.accept) {
      ctx.addIssue({ code: 'custom', path: ['accept'], message: 'give either "choices" (multiple choice) or "accept" (a short answer), not both' });
    } else if (!p.choices && !p.accept) {
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'give "choices" and "answer" (multiple choice) or "accept" (a short answer)' });
    }
    if (p.choices) {
      if (p.answer === undefined) ctx.addIssue({ code: 'custom', path: ['answer'], message: 'missing "answer"; name the right one of "choices"' });
      else if (!p.choices.includes(p.answer)) ctx.addIssue({ code: 'custom', path: ['answer'], message: `"${p.answer}" is not one of "choices"; spell it exactly as there` });
      if (new Set(p.choices).size !== p.choices.length) ctx.addIssue({ code: 'custom', path: ['choices'], message: 'two choices are the same' });
    } else if (p.answer !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['answer'], message: '"answer" goes with "choices"; for a short answer list the right ones in "accept"' });
    }
  });
export type Prediction = z.infer<typeof Prediction>;

/** How short answers are compared: case, surrounding and repeated spaces, a trailing full stop and quotes do not matter. */
export function normaliseAnswer(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/^["'`]+|["'`.]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether `answer` is the right one: the declared choice exactly, or a short answer one of `accept` once normalised. */
export function isRightAnswer(prediction: Prediction, answer: string): boolean {
  if (prediction.choices) return answer === prediction.answer;
  const given = normaliseAnswer(answer);
  return (prediction.accept ?? []).some((a) => normaliseAnswer(a) === given);
}

/** The right answer as the learner reads it: the right choice, or the first accepted spelling. */
export const rightAnswer = (prediction: Prediction): string => prediction.answer ?? prediction.accept?.[0] ?? '';

/** Whether an answer can be given at all: one of the choices, or a short answer of 1–80 characters. */
export function isPossibleAnswer(prediction: Prediction, answer: string): boolean {
  if (prediction.choices) return prediction.choices.includes(answer);
  const trimmed = answer.trim();
  return trimmed.length > 0 && trimmed.length <= PREDICTION_ANSWER_MAX_CHARS;
}
