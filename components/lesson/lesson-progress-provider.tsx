// LessonProgressProvider: shares the lesson's progress with the steps, header and completion panel, and announces passes.
'use client';

import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import type { StepProgress } from '../../core/protocol';
import { useLab } from '../terminal/lab-provider';
import { nextTarget, summarize, type NextTarget, type ProgressSummary } from './progress-state';
import { useLessonProgress } from './use-lesson-progress';

export type StepView = {
  /** 1-based position in the lesson. */
  number: number;
  state: StepProgress['state'];
  /** The step in focus: the first one not passed. */
  current: boolean;
  /** The last check's verdict (or why the check could not run), null until checked. */
  verdict: StepProgress['verdict'];
  checking: boolean;
  /** Passed while this page was open, and the latest to pass: marked in place until another one passes. */
  justPassed: boolean;
  /** Where this step's "Next step" control leads. */
  next: NextTarget;
};

type LessonProgressValue = {
  /** False until the session is open: nothing can be checked before. */
  ready: boolean;
  summary: ProgressSummary;
  stepView: (stepId: string) => StepView;
  check: (stepId: string) => void;
};

const ProgressContext = createContext<LessonProgressValue | null>(null);

type Props = { stepIds: readonly string[]; children: ReactNode };

export function LessonProgressProvider({ stepIds, children }: Props) {
  const lab = useLab();
  const { progress, running, failures, announcement, lastPassed, check, ready } = useLessonProgress(lab, stepIds);
  const summary = useMemo(() => summarize(progress, stepIds), [progress, stepIds]);

  const stepView = useCallback(
    (stepId: string): StepView => {
      const step = progress?.steps.find((s) => s.id === stepId);
      const failure = failures[stepId];
      return {
        number: stepIds.indexOf(stepId) + 1,
        state: step?.state ?? 'todo',
        current: summary.current === stepId,
        verdict: failure !== undefined ? { passed: false, reason: failure } : (step?.verdict ?? null),
        checking: running.has(stepId),
        justPassed: lastPassed === stepId && step?.state === 'passed',
        next: nextTarget(stepIds, stepId, summary),
      };
    },
    [progress, failures, running, stepIds, summary, lastPassed],
  );

  const value = useMemo(() => ({ ready, summary, stepView, check: (id: string) => void check(id) }), [ready, summary, stepView, check]);
  return (
    <ProgressContext.Provider value={value}>
      {children}
      {/* One polite region for the whole lesson: "Step 3 passed." while the learner keeps typing. */}
      <p role="status" aria-live="polite" aria-atomic="true" className="sr-only" data-testid="progress-announcement">
        {announcement ? <span key={announcement.seq}>{announcement.text}</span> : null}
      </p>
    </ProgressContext.Provider>
  );
}

export function useProgress(): LessonProgressValue {
  const value = useContext(ProgressContext);
  if (!value) throw new Error('useProgress needs a <LessonProgressProvider> above it');
  return value;
}
