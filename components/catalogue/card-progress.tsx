// CardProgress: one catalogue card's line about the learner: steps passed of the total, a completed mark, time spent.
'use client';

import { ProgressBar } from '../progress/progress-bar';
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
    <div data-testid="card-progress" data-passed={passed} data-total={total} data-completed={completed} className="mt-3 flex items-center gap-2 text-xs">
      <ProgressBar passed={passed} total={total} complete={completed} label="Your progress" className="h-1.5 flex-1" />
      <span className={`tabular-nums ${completed ? 'font-medium text-emerald-800' : 'text-ink-soft'}`}>{completed ? '✓ Completed' : `${passed}/${total} steps`}</span>
      <span aria-hidden className="text-muted">
        ·
      </span>
      <span className="text-muted" title="Time spent in this lesson">
        {formatTimeSpent(secondsSpent)}
      </span>
    </div>
  );
}
