// StepPassed: the mark a passed step gets where it stands, and the "Next step" control that moves on when the learner chooses.
'use client';

import { goToSection } from './go-to-section';
import type { StepView } from './lesson-progress-provider';

export function StepPassed({ number, view }: { number: number; view: StepView }) {
  const { next, justPassed } = view;
  const label = next.number === null ? 'See the lesson complete' : next.number === number + 1 ? 'Next step' : `Go to step ${next.number}`;
  const arrow = next.number !== null && next.number < number ? '↑' : '↓';
  return (
    <div
      data-testid="step-passed"
      className={`flex flex-wrap items-center justify-between gap-x-4 gap-y-2 rounded-lg border px-3 py-2 ${justPassed ? 'border-emerald-300 bg-emerald-50' : 'border-line bg-surface'}`}
    >
      <p className="flex items-center gap-2 text-sm font-medium text-emerald-900">
        <span aria-hidden className="inline-flex size-5 items-center justify-center rounded-full bg-emerald-600 text-white">
          <svg viewBox="0 0 16 16" className="size-3" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round">
            <path d="M3.5 8.5l3 3 6-7" />
          </svg>
        </span>
        Step {number} done, confirmed from your sandbox.
      </p>
      <button
        type="button"
        data-testid="next-step"
        onClick={() => goToSection(next.id)}
        aria-label={next.number === null ? label : `${label}: step ${next.number}`}
        className={`inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-semibold ${
          justPassed ? 'bg-emerald-700 text-white hover:bg-emerald-800' : 'border border-line bg-surface text-ink-soft hover:border-accent hover:text-accent'
        }`}
      >
        {label} <span aria-hidden>{arrow}</span>
      </button>
    </div>
  );
}
