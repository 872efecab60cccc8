// How a room answered a lesson's predictions: per step that asks one, every distinct answer and how many gave it.
import type { Lesson } from '../../core/lesson/schema';
import { normaliseAnswer, rightAnswer } from '../../core/lesson/prediction';
import type { PredictionTally } from '../../core/protocol';

/** One learner's answer, as the store keeps it (`afterRun`: given after they had run the command). */
export type RoomAnswer = { step: string; answer: string; correct: boolean; afterRun: boolean };

/**
 * Tallies the answers of the room (each learner's first answer per step; `answers` holds one list per learner).
 * Only answers given before running count: one given after seeing what happened is hindsight, and would make
 * "62% expected PID 1" partly a count of who looked first; those are only counted as `afterRun`.
 * Short answers are grouped as they are judged (case and spaces ignored), shown in the first spelling given.
 */
export function tallyPredictions(lesson: Lesson, answers: readonly (readonly RoomAnswer[])[]): PredictionTally[] {
  return lesson.steps.flatMap((step) => {
    const prediction = step.prediction;
    if (!prediction) return [];
    const groups = new Map<string, { answer: string; count: number; correct: boolean }>();
    let answered = 0;
    let afterRun = 0;
    for (const mine of answers) {
      const a = mine.find((p) => p.step === step.id);
      if (!a) continue;
      if (a.afterRun) {
        afterRun++;
        continue;
      }
      answered++;
      const key = prediction.choices ? a.answer : normaliseAnswer(a.answer);
      const group = groups.get(key) ?? groups.set(key, { answer: a.answer, count: 0, correct: a.correct }).get(key)!;
      group.count++;
    }
    const tally: PredictionTally = {
      stepId: step.id,
      stepTitle: step.title,
      question: prediction.question,
      rightAnswer: rightAnswer(prediction),
      answered,
      afterRun,
      answers: [...groups.values()].sort((x, y) => y.count - x.count || Number(y.correct) - Number(x.correct) || x.answer.localeCompare(y.answer)),
    };
    return [tally];
  });
}
