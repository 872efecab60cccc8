// PredictionOutcome: the learner's prediction beside what the lab saw happen (the watched call, the passing check's own words), then the answer and why.
import { rightAnswer, type Prediction } from '../../../core/lesson/prediction';
import type { PredictionRun } from '../../../core/protocol/predictions';
import { InlineCode } from '../inline-code';
import { ObservedCall, ObservedCommand } from './observed-run';

/** Longest verdict shown as what the lab saw (in characters): longer ones quote a check's whole command. */
const OBSERVED_MAX_CHARS = 200;

type Props = {
  prediction: Prediction;
  /** The learner's answer, or null when they skipped the question. */
  answer: string | null;
  correct: boolean | null;
  /** The answer was given after the learner ran the command: kept, but hindsight, so not in the room's tally. */
  afterRun: boolean;
  /** What the passing check saw in the sandbox (its verdict), or null when the last verdict is not a pass. */
  observed: string | null;
  /** The step's watched call, as the timeline saw it (the newest), if it ran. */
  call: PredictionRun | null;
  /** A command of the step's terminal, for a step that watches no call. */
  command: PredictionRun | null;
};

export function PredictionOutcome({ prediction, answer, correct, afterRun, observed, call, command }: Props) {
  const right = rightAnswer(prediction);
  // The passing check's own words name what it found (a PID, a hostname, a line printed); a long one is a command, not a finding.
  const shownObserved = observed && observed.length <= OBSERVED_MAX_CHARS ? observed : null;
  return (
    // Polite: read out once, when the command ran (or the step passed) and the comparison replaces the question's note.
    <div aria-live="polite" data-testid="prediction-outcome" data-correct={correct === null ? 'none' : String(correct)} className="space-y-2">
      <dl className="grid gap-2 sm:grid-cols-2">
        <div className={`rounded-md border px-2.5 py-2 ${correct ? 'border-emerald-200 bg-emerald-50' : 'border-amber-200 bg-amber-50'}`}>
          <dt className="text-xs font-semibold text-ink-soft">You predicted</dt>
          <dd data-testid="prediction-yours" className="mt-0.5">
            {answer === null ? (
              <span className="text-muted">nothing: you skipped the question</span>
            ) : (
              <>
                <strong className="font-semibold break-words text-ink">
                  <InlineCode text={answer} codeClassName="bg-code-bg" />
                </strong>{' '}
                <span className={correct ? 'text-emerald-800' : 'text-amber-900'}>{correct ? '✓ right' : '✗ not what happened'}</span>
                {afterRun ? (
                  <span data-testid="prediction-after-run" className="mt-1 block text-xs text-muted">
                    Given after you ran it: kept, but not counted as a prediction.
                  </span>
                ) : null}
              </>
            )}
          </dd>
        </div>
        <div className="rounded-md border border-line bg-surface px-2.5 py-2">
          <dt className="text-xs font-semibold text-ink-soft">What happened</dt>
          <dd data-testid="prediction-observed" className="mt-0.5 break-words text-ink">
            <strong className="font-semibold">
              <InlineCode text={right} codeClassName="bg-code-bg" />
            </strong>
            {call ? <ObservedCall run={call} /> : null}
            {!call && command ? <ObservedCommand run={command} checked={shownObserved !== null} /> : null}
            {shownObserved ? (
              <span data-testid="prediction-lab-saw" className="mt-1 block text-xs text-muted">
                The lab saw: <InlineCode text={shownObserved} codeClassName="bg-code-bg" />
              </span>
            ) : null}
          </dd>
        </div>
      </dl>
      <p data-testid="prediction-why" className="leading-relaxed text-ink-soft">
        <span className="font-semibold text-ink">Why: </span>
        <InlineCode text={prediction.why} codeClassName="bg-sky-100" />
      </p>
    </div>
  );
}
