// CardProgress: one catalogue card's line about the learner: steps passed of the total, a completed mark, time spent.
'use client';

import { formatTimeSpent } from './format-time-spent';
import { useLessonTotals } from './catalogue-progress';

export function CardProgress({ slug }: { slug: string }) {
  const totals = useLessonTotals(slug);
  // Nothing until the lab answers, and nothing for a lesson never started: the card stays as it was.
  if (!totals || (totals.passed === 0 && totals.secondsSpent === 0)) {
    return totals ? <span data-testid="card-progress" data-passed={0} data-total={totals.total} hidden /> : null;
  }
  const { passed, total, completed, secondsSpent } = totals;
  return (
    <div
      data-testid="card-progress"
      data-passed={passed}
      data-total={total}
      data-completed={completed}
      className="mt-3 flex items-center gap-2 text-xs"
    >
      <div
        role="progressbar"
        aria-label="Your progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={passed}
        aria-valuetext={`${passed} of ${total} steps done`}
        className="h-1.5 flex-1 overflow-hidden rounded-full bg-line"
      >
        <div className={`h-full rounded-full ${completed ? 'bg-emerald-600' : 'bg-accent'}`} style={{ width: `${total > 0 ? (passed / total) * 100 : 0}%` }} />
      </div>
      <span className={`tabular-nums ${completed ? 'font-medium text-emerald-800' : 'text-ink-soft'}`}>
        {completed ? '✓ Completed' : `${passed}/${total} steps`}
      </span>
      <span aria-hidden className="text-muted">·</span>
      <span className="text-muted" title="Time spent in this lesson">
        {formatTimeSpent(secondsSpent)}
      </span>
    </div>
  );
}
