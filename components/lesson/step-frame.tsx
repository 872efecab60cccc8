// StepFrame: a step's section and heading, showing its state (to do, current, done); a passed step is marked where it stands, with a "Next step" control.
'use client';

import type { ReactNode } from 'react';
import { useProgress } from './lesson-progress-provider';
import { StepPassed } from './step-passed';

type Props = { stepId: string; number: number; title: string; children: ReactNode };

export function StepFrame({ stepId, number, title, children }: Props) {
  const view = useProgress().stepView(stepId);
  const passed = view.state === 'passed';
  const headingId = `${stepId}-title`;
  // The step just passed keeps its full colour: the learner is likely still reading what its command printed.
  const quiet = passed && !view.current && !view.justPassed;
  const frame = view.justPassed
    ? 'border-emerald-300 bg-surface shadow-sm ring-4 ring-emerald-600/10'
    : view.current
      ? 'border-accent/35 bg-surface shadow-sm ring-4 ring-accent/10'
      : 'border-transparent';
  return (
    <section
      id={stepId}
      aria-labelledby={headingId}
      aria-current={view.current ? 'step' : undefined}
      data-testid="lesson-step"
      data-step-id={stepId}
      data-state={view.state}
      data-current={view.current}
      data-just-passed={view.justPassed}
      // Clear of the sticky progress bar at the top of the lesson pane when scrolled to.
      className={`relative -mx-4 scroll-mt-16 rounded-xl border px-4 py-4 transition-[background-color,border-color,box-shadow] duration-300 ${frame}`}
    >
      <div className="flex items-start gap-3">
        <StepMarker number={number} passed={passed} current={view.current} />
        <h2 id={headingId} tabIndex={-1} data-focus-target className={`min-w-0 flex-1 rounded pt-0.5 text-lg font-semibold ${quiet ? 'text-ink-soft' : 'text-ink'}`}>
          <span className="sr-only">
            Step {number}
            {passed ? ', done' : view.current ? ', current step' : ''}:{' '}
          </span>
          {title}
        </h2>
        {passed ? (
          <span aria-hidden className="mt-1 shrink-0 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-emerald-200 ring-inset">
            Done
          </span>
        ) : view.current ? (
          <span aria-hidden className="mt-1 shrink-0 rounded-full bg-accent-soft px-2 py-0.5 text-xs font-medium text-accent-strong ring-1 ring-accent/25 ring-inset">
            Current step
          </span>
        ) : null}
      </div>
      {/* Passed steps stay fully readable, their prose only a shade quieter. */}
      <div className={`mt-3 space-y-4 pl-10 ${quiet ? '[&_.lesson-prose]:text-muted' : ''}`}>
        {children}
        {passed ? <StepPassed number={number} view={view} /> : null}
      </div>
    </section>
  );
}

function StepMarker({ number, passed, current }: { number: number; passed: boolean; current: boolean }) {
  if (passed) {
    return (
      <span aria-hidden className="inline-flex size-7 shrink-0 items-center justify-center rounded-full bg-emerald-600 text-white">
        <svg viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M3.5 8.5l3 3 6-7" />
        </svg>
      </span>
    );
  }
  return (
    <span aria-hidden className={`inline-flex size-7 shrink-0 items-center justify-center rounded-full text-sm font-semibold ${current ? 'bg-accent text-white' : 'bg-accent-soft text-accent'}`}>
      {number}
    </span>
  );
}
