// LessonProgressBar: how many of the lesson's steps passed, as a bar and as words ("3 of 6 steps").
'use client';

import { useProgress } from './lesson-progress-provider';

export function LessonProgressBar() {
  const { summary } = useProgress();
  const { passed, total, complete } = summary;
  const words = `${passed} of ${total} ${total === 1 ? 'step' : 'steps'}`;
  return (
    <div data-testid="lesson-progress" data-passed={passed} data-total={total} className="flex items-center gap-3">
      <div
        role="progressbar"
        aria-label="Lesson progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={passed}
        aria-valuetext={`${words} done`}
        className="h-2 max-w-64 flex-1 overflow-hidden rounded-full bg-line"
      >
        <div
          className={`h-full rounded-full transition-[width] duration-500 motion-reduce:transition-none ${complete ? 'bg-emerald-600' : 'bg-accent'}`}
          style={{ width: `${total > 0 ? (passed / total) * 100 : 0}%` }}
        />
      </div>
      <span className={`text-sm tabular-nums ${complete ? 'font-medium text-emerald-800' : 'text-muted'}`}>
        {complete ? '✓ ' : null}
        {words}
        {complete ? ' done' : null}
      </span>
    </div>
  );
}
