// PredictionTally: how the room answered one lesson's predictions: per question, the share of each answer given before running, the right one marked, and how many answered only after.
'use client';

import type { PredictionTally as Tally, WorkshopLesson } from '../../core/protocol';

const percent = (count: number, of: number) => (of === 0 ? 0 : Math.round((count / of) * 100));
const plain = (text: string) => text.replaceAll('`', '');

export function PredictionTally({ lesson }: { lesson: WorkshopLesson }) {
  if (lesson.predictions.length === 0) return null;
  return (
    <section aria-label={`Predictions in “${lesson.title}”`} data-testid="prediction-tally" className="mt-3 space-y-2 border-t border-line pt-2">
      <h2 className="text-sm font-semibold text-ink">How the room predicted</h2>
      <ul className="space-y-3">
        {lesson.predictions.map((t) => (
          <TallyItem key={t.stepId} tally={t} />
        ))}
      </ul>
    </section>
  );
}

function TallyItem({ tally }: { tally: Tally }) {
  const { answered, answers, afterRun } = tally;
  return (
    <li data-testid="prediction-tally-item" data-step={tally.stepId} data-answered={answered} data-after-run={afterRun} className="text-xs">
      <p className="font-medium text-ink" title={tally.stepTitle}>
        {plain(tally.question)}
      </p>
      {answered === 0 ? (
        <p className="text-muted">{afterRun === 0 ? 'Nobody has answered yet.' : 'Nobody has predicted before running yet.'}</p>
      ) : (
        <ul className="mt-1 space-y-0.5">
          {answers.map((a) => {
            const share = percent(a.count, answered);
            return (
              <li key={a.answer} data-testid="prediction-tally-answer" data-correct={a.correct} className="flex items-center gap-2">
                <span aria-hidden className="relative h-2.5 w-16 shrink-0 overflow-hidden rounded-sm bg-paper ring-1 ring-line">
                  <span className={`absolute inset-y-0 left-0 ${a.correct ? 'bg-emerald-500' : 'bg-amber-500'}`} style={{ width: `${share}%` }} />
                </span>
                <span className="min-w-0 flex-1 text-ink-soft">
                  <span className="font-mono text-ink">{share}%</span> expected <span className="font-medium break-words text-ink">{plain(a.answer)}</span>
                  {a.correct ? <span className="text-emerald-800"> ✓ right</span> : null}
                  <span className="text-muted">
                    {' '}
                    ({a.count} of {answered})
                  </span>
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {answers.every((a) => !a.correct) && answered > 0 ? <p className="mt-0.5 text-muted">Right: {plain(tally.rightAnswer)} (nobody yet)</p> : null}
      {afterRun > 0 ? (
        // Hindsight is not a prediction: those answers are kept for their learners, not counted above.
        <p data-testid="prediction-tally-after-run" className="mt-0.5 text-muted">
          {afterRun} answered after running: not counted
        </p>
      ) : null}
    </li>
  );
}
