// StepHistogram: where the room is in one lesson: a table of learners per step (bars drawn beside the numbers), a step choosable as the filter.
'use client';

import type { WorkshopLearner, WorkshopLesson } from '../../core/protocol';
import { stepHistogram } from './room';

type Props = { learners: readonly WorkshopLearner[]; lesson: WorkshopLesson; selected: number | 'done' | null; onSelect: (step: number | 'done' | null) => void };

export function StepHistogram({ learners, lesson, selected, onSelect }: Props) {
  const bars = stepHistogram(learners, lesson);
  const most = Math.max(1, ...bars.map((b) => b.count));
  return (
    <table data-testid="step-histogram" className="w-full table-fixed border-collapse text-xs">
      <caption className="px-1 pb-1 text-left text-sm font-semibold text-ink">Where the room is in “{lesson.title}”</caption>
      <thead className="sr-only">
        <tr>
          <th scope="col">Step</th>
          <th scope="col">Learners</th>
        </tr>
      </thead>
      <tbody>
        {bars.map((b) => {
          const isSelected = selected === b.step;
          const label = b.step === 'done' ? 'Finished' : `${b.step}. ${b.title}`;
          return (
            <tr key={b.step} data-testid="histogram-row" data-step={b.step} data-count={b.count}>
              <th scope="row" className="w-1/2 truncate py-0.5 pr-2 text-left font-normal">
                <button
                  type="button"
                  aria-pressed={isSelected}
                  onClick={() => onSelect(isSelected ? null : b.step)}
                  title={`Show only learners at: ${label}`}
                  className={`max-w-full truncate rounded px-1 text-left ${isSelected ? 'bg-accent-soft font-semibold text-accent-strong' : 'text-ink-soft hover:text-accent'}`}
                >
                  {label}
                </button>
              </th>
              <td className="py-0.5">
                <div className="flex items-center gap-2">
                  <span aria-hidden className="relative h-3 flex-1 overflow-hidden rounded-sm bg-paper">
                    <span className={`absolute inset-y-0 left-0 ${b.step === 'done' ? 'bg-emerald-500' : 'bg-accent'}`} style={{ width: `${(b.count / most) * 100}%` }} />
                    {b.stuck > 0 && <span className="absolute inset-y-0 left-0 bg-amber-500" style={{ width: `${(b.stuck / most) * 100}%` }} />}
                  </span>
                  <span className="w-24 shrink-0 text-right font-mono text-ink">
                    {b.count}
                    {b.stuck > 0 && <span className="text-amber-800"> ({b.stuck} stuck)</span>}
                  </span>
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
