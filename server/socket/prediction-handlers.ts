// Prediction requests: the learner's answers to a lesson's predictions, judged against the lesson and kept with their progress.
import { isPossibleAnswer, isRightAnswer } from '../../core/lesson/prediction';
import { err, ok } from '../../core/result';
import { wireError, type SavedPrediction } from '../../core/protocol';
import type { PredictionRecord } from '../store/progress-store';
import type { LabDeps, Page } from './lab-deps';

const NOT_SAVED = 'the lab could not save your answer (its database failed; the server log says why); try again';

const toWire = (p: PredictionRecord): SavedPrediction => ({ stepId: p.step, answer: p.answer, correct: p.correct, at: p.at });

export function registerPredictionHandlers(page: Page, deps: LabDeps): void {
  const { edge, owner } = page;
  const store = deps.progress;

  edge.onRequest('prediction:list', async ({ lesson: slug }) => {
    const lesson = await deps.getLesson(slug);
    if (!lesson) return err(wireError('not_found', `there is no lesson "${slug}"`));
    // Answers to steps whose prediction the author since removed are not shown.
    const asked = new Set(lesson.steps.filter((s) => s.prediction).map((s) => s.id));
    return ok((await store.predictions(owner, slug)).filter((p) => asked.has(p.step)).map(toWire));
  });

  edge.onRequest('prediction:save', async ({ lesson: slug, stepId, answer }) => {
    const lesson = await deps.getLesson(slug);
    if (!lesson) return err(wireError('not_found', `there is no lesson "${slug}"`));
    const prediction = lesson.steps.find((s) => s.id === stepId)?.prediction;
    if (!prediction) return err(wireError('not_found', `step "${stepId}" of lesson "${slug}" asks for no prediction`));
    if (!isPossibleAnswer(prediction, answer)) {
      return err(wireError('bad_request', `"${answer.slice(0, 40)}" is not one of the choices: ${prediction.choices?.join(', ')}`));
    }
    const kept = await store.savePrediction({ learner: owner, lesson: slug, step: stepId, answer, correct: isRightAnswer(prediction, answer), at: Date.now() });
    return kept ? ok(toWire(kept)) : err(wireError('internal', NOT_SAVED));
  });
}
