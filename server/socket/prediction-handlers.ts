// Prediction requests: the learner's answers to a lesson's predictions, judged against the lesson and kept with their progress.
import { isPossibleAnswer, isRightAnswer } from '../../core/lesson/prediction';
import { err, ok } from '../../core/result';
import { wireError, type SavedPrediction } from '../../core/protocol';
import type { PredictionRecord } from '../store/progress-store';
import type { LabDeps, Page } from './lab-deps';

const NOT_SAVED = 'the lab could not save your answer (its database failed; the server log says why); try again';

const toWire = (p: PredictionRecord): SavedPrediction => ({ stepId: p.step, answer: p.answer, correct: p.correct, at: p.at, afterRun: p.afterRun });

/**
 * Whether the learner already ran what the step's prediction is about in their session of this lesson (its
 * watched call, or a command in its terminal), or passed the step: an answer now is hindsight. The server
 * decides from what it saw, not from what the page says.
 */
function ranBefore(deps: LabDeps, owner: string, lesson: string, stepId: string): boolean {
  const session = deps.sessions.ownedBy(owner).find((s) => s.lesson.slug === lesson);
  if (!session) return false;
  return session.predictionRuns.ranFor(stepId) || session.progressSnapshot().steps.some((s) => s.id === stepId && s.state === 'passed');
}

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
    const afterRun = ranBefore(deps, owner, slug, stepId);
    const kept = await store.savePrediction({ learner: owner, lesson: slug, step: stepId, answer, correct: isRightAnswer(prediction, answer), at: Date.now(), afterRun });
    return kept ? ok(toWire(kept)) : err(wireError('internal', NOT_SAVED));
  });
}
