// StepCheck: a step's Check button (asks the server to confirm the step from the sandbox) and the verdict it gave.
'use client';

import { InlineCode } from './inline-code';
import { useProgress } from './lesson-progress-provider';

export function StepCheck({ stepId }: { stepId: string }) {
  const { ready, stepView, check } = useProgress();
  const view = stepView(stepId);
  const verdictId = `verdict-${stepId}`;
  const primary = view.current && !view.checking;
  return (
    <div className="space-y-2">
      <button
        type="button"
        data-testid="check-button"
        onClick={() => check(stepId)}
        disabled={!ready || view.checking}
        aria-busy={view.checking}
        aria-label={`${view.checking ? 'Checking' : 'Check'} step ${view.number}`}
        aria-describedby={view.verdict ? verdictId : undefined}
        title={ready ? 'Confirm this step from your sandbox' : 'Waiting for your sandbox to start'}
        className={`inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-semibold transition-colors disabled:cursor-not-allowed disabled:opacity-60 ${
          primary ? 'bg-accent text-white hover:bg-accent-strong' : 'border border-line bg-surface text-ink-soft hover:border-stone-400 hover:text-ink'
        }`}
      >
        {view.checking ? <Spinner /> : <CheckIcon />}
        {view.checking ? 'Checking…' : 'Check'}
      </button>
      {view.verdict && !view.checking ? <StepVerdict id={verdictId} verdict={view.verdict} /> : null}
    </div>
  );
}

function StepVerdict({ id, verdict }: { id: string; verdict: { passed: boolean; reason: string } }) {
  const { passed, reason } = verdict;
  return (
    <p
      id={id}
      data-testid="step-verdict"
      data-passed={String(passed)}
      className={`rounded-md border px-3 py-2 text-sm leading-relaxed ${passed ? 'border-emerald-200 bg-emerald-50 text-emerald-900' : 'border-amber-200 bg-amber-50 text-amber-950'}`}
    >
      {passed ? (
        <>
          <span className="font-semibold">✓ Done</span>
          {reason ? (
            <>
              {' '}
              — <InlineCode text={reason} codeClassName="bg-emerald-100" />
            </>
          ) : null}
        </>
      ) : (
        <>
          <span className="font-semibold">Not yet: </span>
          <InlineCode text={reason} codeClassName="bg-amber-100" />
        </>
      )}
    </p>
  );
}

function CheckIcon() {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M3.5 8.5l3 3 6-7" />
    </svg>
  );
}

function Spinner() {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className="size-3.5 animate-spin motion-reduce:animate-none" fill="none">
      <circle cx="8" cy="8" r="6" stroke="currentColor" strokeOpacity="0.3" strokeWidth="2" />
      <path d="M14 8a6 6 0 0 0-6-6" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
