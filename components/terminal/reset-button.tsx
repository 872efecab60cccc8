// ResetButton: destroys the session's sandbox and starts a fresh one, after the learner confirms.
'use client';

import { useState } from 'react';

/** `onReset` resolves with the problem to show (null when the reset worked); it does not reject. */
type Props = { onReset: () => Promise<string | null>; disabled: boolean };

export function ResetButton({ onReset, disabled }: Props) {
  const [state, setState] = useState<'idle' | 'confirm' | 'working'>('idle');
  const [problem, setProblem] = useState<string | null>(null);

  if (state === 'confirm') {
    return (
      <span role="group" aria-label="Confirm reset" className="flex items-center gap-1.5 text-xs text-term-muted">
        Wipe the sandbox?
        <button
          type="button"
          data-testid="reset-confirm"
          className="rounded bg-rose-500 px-2 py-0.5 font-semibold text-white hover:bg-rose-400"
          onClick={() => {
            setState('working');
            void onReset().then((problem) => {
              setProblem(problem);
              setState('idle');
            });
          }}
        >
          Reset
        </button>
        <button type="button" className="rounded px-2 py-0.5 hover:bg-term-line" onClick={() => setState('idle')}>
          Cancel
        </button>
      </span>
    );
  }
  return (
    <button
      type="button"
      data-testid="reset-button"
      disabled={disabled || state === 'working'}
      title={problem ?? 'Destroy this sandbox and start a fresh one (your lesson progress stays)'}
      onClick={() => setState('confirm')}
      className="rounded-md border border-term-line px-2 py-1 text-xs text-term-muted hover:text-term-text disabled:opacity-50"
    >
      {state === 'working' ? 'Resetting…' : problem ? 'Reset failed — retry' : 'Reset sandbox'}
    </button>
  );
}
