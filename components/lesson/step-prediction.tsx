// StepPrediction: a step's question, answered before running its command, then set beside what the lab saw happen.
'use client';

import { useId, useState, type FormEvent } from 'react';
import { PREDICTION_ANSWER_MAX_CHARS, type Prediction } from '../../core/lesson/prediction';
import { InlineCode } from './inline-code';
import { useProgress } from './lesson-progress-provider';
import { PredictionOutcome } from './step-prediction/prediction-outcome';
import { usePrediction } from './use-prediction';

type Props = { stepId: string; prediction: Prediction };

export function StepPrediction({ stepId, prediction }: Props) {
  const view = useProgress().stepView(stepId);
  const { loaded, saved, saving, problem, save } = usePrediction(stepId);
  const headingId = useId();
  const revealed = view.state === 'passed';
  const state = revealed ? 'revealed' : saved ? 'waiting' : 'ask';
  return (
    <section aria-labelledby={headingId} data-testid="step-prediction" data-state={state} className="space-y-2 rounded-lg border border-sky-200 bg-sky-50 px-3 py-3 text-sm text-ink">
      <h3 id={headingId} className="text-xs font-semibold tracking-wide text-sky-800 uppercase">
        {revealed ? 'Your prediction and what happened' : 'Predict before you run'}
      </h3>
      <p className="font-medium text-ink" data-testid="prediction-question">
        <InlineCode text={prediction.question} codeClassName="bg-sky-100" />
      </p>
      {revealed ? (
        <PredictionOutcome prediction={prediction} answer={saved?.answer ?? null} correct={saved ? saved.correct : null} observed={view.verdict?.passed ? view.verdict.reason : null} />
      ) : saved ? (
        <p data-testid="prediction-locked" className="text-ink-soft">
          You predicted{' '}
          <strong className="font-semibold text-ink">
            <InlineCode text={saved.answer} codeClassName="bg-sky-100" />
          </strong>
          . Now run the command: once the step passes, your prediction is set beside what happened.
        </p>
      ) : loaded ? (
        <PredictionForm stepId={stepId} prediction={prediction} saving={saving} onAnswer={save} />
      ) : (
        <p className="text-muted">{problem ? null : 'Loading your answer…'}</p>
      )}
      {problem ? (
        <p role="alert" className="rounded border border-amber-200 bg-amber-50 px-2 py-1 text-amber-950">
          {problem}
        </p>
      ) : null}
    </section>
  );
}

type FormProps = { stepId: string; prediction: Prediction; saving: boolean; onAnswer: (answer: string) => Promise<void> };

function PredictionForm({ stepId, prediction, saving, onAnswer }: FormProps) {
  const [answer, setAnswer] = useState('');
  const inputId = `prediction-${stepId}`;
  const noteId = `prediction-note-${stepId}`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (answer.trim()) void onAnswer(answer.trim());
  };
  return (
    <form onSubmit={submit} className="space-y-2" aria-describedby={noteId}>
      {prediction.choices ? (
        <fieldset>
          <legend className="sr-only">{prediction.question.replaceAll('`', '')}</legend>
          <div className="flex flex-col gap-1.5">
            {prediction.choices.map((choice) => (
              <label
                key={choice}
                className="flex cursor-pointer items-start gap-2 rounded-md border border-line bg-surface px-2.5 py-1.5 has-[:checked]:border-accent has-[:checked]:ring-2 has-[:checked]:ring-accent/25"
              >
                <input
                  type="radio"
                  name={inputId}
                  value={choice}
                  checked={answer === choice}
                  onChange={() => setAnswer(choice)}
                  data-testid="prediction-choice"
                  className="mt-0.5 accent-[var(--color-accent)]"
                />
                <span className="min-w-0">
                  <InlineCode text={choice} codeClassName="bg-code-bg" />
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : (
        <div className="flex flex-col gap-1">
          <label htmlFor={inputId} className="text-ink-soft">
            Your answer
          </label>
          <input
            id={inputId}
            type="text"
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
            maxLength={PREDICTION_ANSWER_MAX_CHARS}
            autoComplete="off"
            spellCheck={false}
            data-testid="prediction-input"
            className="w-full max-w-xs rounded-md border border-line bg-surface px-2.5 py-1.5 font-mono text-ink"
          />
        </div>
      )}
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <button
          type="submit"
          disabled={saving || !answer.trim()}
          data-testid="prediction-submit"
          className="rounded-md bg-accent px-3 py-1.5 font-semibold text-on-accent hover:bg-accent-strong disabled:cursor-not-allowed disabled:opacity-60"
        >
          {saving ? 'Saving…' : 'Lock in my prediction'}
        </button>
        <p id={noteId} className="text-xs text-muted">
          Your first answer counts. Run and Check work either way.
        </p>
      </div>
    </form>
  );
}
