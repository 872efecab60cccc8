// LessonProgressProvider: shares the lesson's progress with the steps, header and completion panel, and announces passes.
'use client';

import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import type { StepProgress } from '../../core/protocol';
import { useLab } from '../terminal/lab-provider';
import { summarize, type ProgressSummary } from './progress-state';
import { useLessonProgress, type ScrollTarget } from './use-lesson-progress';

export type StepView = {
  /** 1-based position in the lesson. */
  number: number;
  state: StepProgress['state'];
  /** The step in focus: the first one not passed. */
  current: boolean;
  /** The last check's verdict (or why the check could not run), null until checked. */
  verdict: StepProgress['verdict'];
  checking: boolean;
};

type LessonProgressValue = {
  /** False until the session is open: nothing can be checked before. */
  ready: boolean;
  summary: ProgressSummary;
  stepView(stepId: string): StepView;
  check(stepId: string): void;
  scrollTarget: ScrollTarget | null;
};

const ProgressContext = createContext<LessonProgressValue | null>(null);

type Props = { stepIds: readonly string[]; children: ReactNode };

export function LessonProgressProvider({ stepIds, children }: Props) {
  const lab = useLab();
  const { progress, running, failures, announcement, scrollTarget, check, ready } = useLessonProgress(lab, stepIds);
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
      };
    },
    [progress, failures, running, stepIds, summary.current],
  );

  const value = useMemo(
    () => ({ ready, summary, stepView, check: (id: string) => void check(id), scrollTarget }),
    [ready, summary, stepView, check, scrollTarget],
  );
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
