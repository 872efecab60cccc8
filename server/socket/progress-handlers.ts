// Progress requests: the learner's totals per lesson for the catalogue, resetting a lesson, and the learner's display name.
import { err, ok } from '../../core/result';
import { wireError, type LessonTotals } from '../../core/protocol';
import type { LabDeps, Page } from './lab-deps';

const NOT_SAVED = 'the lab could not save that (its database failed; the server log says why); try again';

export function registerProgressHandlers(page: Page, deps: LabDeps): void {
  const { edge, owner } = page;
  const store = deps.progress;

  edge.onRequest('progress:catalogue', async () => {
    const lessons = await deps.lessonList();
    const summaries = new Map((await store.summaries(owner)).map((s) => [s.lesson, s]));
    return ok(
      lessons.map((lesson): LessonTotals => {
        const summary = summaries.get(lesson.slug);
        // Counted against the lesson as it is now: a pass of a step its author since removed does not count.
        const passedIds = new Set(summary?.passedSteps);
        const passed = lesson.steps.filter((s) => passedIds.has(s.id)).length;
        const total = lesson.steps.length;
        return { slug: lesson.slug, passed, total, completed: total > 0 && passed === total, secondsSpent: Math.floor(summary?.secondsSpent ?? 0) };
      }),
    );
  });

  edge.onRequest('progress:reset', async ({ lesson: slug }) => {
    const lesson = await deps.getLesson(slug);
    if (!lesson) return err(wireError('not_found', `there is no lesson "${slug}"`));
    if (!(await store.resetLesson(owner, slug))) return err(wireError('internal', NOT_SAVED));
    for (const session of deps.sessions.ownedBy(owner)) if (session.lesson.slug === slug) session.resetProgress();
    return ok(null);
  });

  edge.onRequest('learner:profile', async () => ok({ displayName: await store.displayName(owner) }));

  edge.onRequest('learner:rename', async ({ displayName }) => {
    if (!(await store.rename(owner, displayName))) return err(wireError('internal', NOT_SAVED));
    return ok({ displayName });
  });
}
