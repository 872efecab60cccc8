// ResetProgressButton: forgets the learner's progress in this lesson (passes, verdicts, time), after they confirm.
'use client';

import { useState } from 'react';
import { useLab } from '../terminal/lab-provider';
import { useProgress } from './lesson-progress-provider';

export function ResetProgressButton({ lesson }: { lesson: string }) {
  const { conn } = useLab();
  const { summary, ready } = useProgress();
  const [state, setState] = useState<'idle' | 'confirm' | 'working'>('idle');
  const [problem, setProblem] = useState<string | null>(null);

  if (state === 'confirm' || state === 'working') {
    return (
      <span role="group" aria-label="Confirm progress reset" className="flex items-center gap-1.5 text-xs text-ink-soft">
        Forget your progress in this lesson?
        <button
          type="button"
          data-testid="reset-progress-confirm"
          disabled={state === 'working'}
          className="rounded bg-rose-600 px-2 py-0.5 font-semibold text-white hover:bg-rose-500 disabled:opacity-50"
          onClick={() => {
            setState('working');
            // The request resolves with the lab's answer, a failure included; it never rejects.
            void conn.request('progress:reset', { lesson }).then((reply) => {
              setProblem(reply.ok ? null : reply.error.message);
              setState('idle');
            });
          }}
        >
          Reset progress
        </button>
        <button type="button" autoFocus className="rounded px-2 py-0.5 hover:bg-line" onClick={() => setState('idle')}>
          Cancel
        </button>
      </span>
    );
  }
  return (
    <span className="flex items-center gap-2">
      <button
        type="button"
        data-testid="reset-progress"
        disabled={!ready || summary.passed === 0}
        onClick={() => setState('confirm')}
        title="Start this lesson over: every step back to not done"
        className="rounded px-1.5 py-0.5 text-xs text-muted underline-offset-2 hover:text-ink hover:underline disabled:hidden"
      >
        Reset progress
      </button>
      {problem ? (
        <span role="alert" className="text-xs text-rose-800">
          {problem}
        </span>
      ) : null}
    </span>
  );
}
