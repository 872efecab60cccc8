// LessonProgressBar: how many of the lesson's steps passed, as a bar and as words ("3 of 6 steps"), sticky at the top of the lesson pane.
'use client';

import { ProgressBar } from '../progress/progress-bar';
import { goToSection } from './go-to-section';
import { useProgress } from './lesson-progress-provider';
import { LESSON_COMPLETE_ID } from './progress-state';
import { ResetProgressButton } from './reset-progress-button';

/**
 * Sticks to the top of the lesson's scroll container (it must be a direct child of the element that
 * spans the whole lesson, or it would scroll away with its parent), so a pass is seen wherever the
 * learner is reading, without the page moving.
 */
export function LessonProgressBar({ lesson }: { lesson: string }) {
  const { summary, stepView } = useProgress();
  const { passed, total, complete, current } = summary;
  const words = `${passed} of ${total} ${total === 1 ? 'step' : 'steps'}`;
  return (
    <div
      data-testid="lesson-progress-sticky"
      className="sticky top-0 z-10 -mx-6 flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-line bg-paper/95 px-6 py-2 backdrop-blur-sm lg:-mx-8 lg:px-8"
    >
      <div data-testid="lesson-progress" data-passed={passed} data-total={total} className="flex min-w-48 flex-1 items-center gap-3">
        <ProgressBar passed={passed} total={total} complete={complete} label="Lesson progress" className="h-2 max-w-64 flex-1" />
        <span className={`text-sm whitespace-nowrap tabular-nums ${complete ? 'font-medium text-emerald-800' : 'text-muted'}`}>
          {complete ? '✓ ' : null}
          {words}
          {complete ? ' done' : null}
        </span>
      </div>
      <button
        type="button"
        data-testid="go-to-current"
        onClick={() => goToSection(current ?? LESSON_COMPLETE_ID)}
        className="rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap text-accent underline-offset-2 hover:text-accent-strong hover:underline"
      >
        {current ? `Go to step ${stepView(current).number}` : 'Lesson complete'}
      </button>
      <ResetProgressButton lesson={lesson} />
    </div>
  );
}
