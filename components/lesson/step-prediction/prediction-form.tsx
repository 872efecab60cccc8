// PredictionForm: the step's question as choices or a short answer, submitted once ("your first answer counts").
'use client';

import { useState, type FormEvent } from 'react';
import { PREDICTION_ANSWER_MAX_CHARS, type Prediction } from '../../../core/lesson/prediction';
import { InlineCode } from '../inline-code';

type FormProps = {
  stepId: string;
  prediction: Prediction;
  saving: boolean;
  onAnswer: (answer: string) => Promise<void>;
  /** Offered once the learner ran the command without predicting: see what happened, answering nothing. */
  onSkip?: () => void;
};

export function PredictionForm({ stepId, prediction, saving, onAnswer, onSkip }: FormProps) {
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
        {onSkip ? (
          <button type="button" onClick={onSkip} data-testid="prediction-skip" className="rounded-md border border-line bg-surface px-3 py-1.5 font-semibold text-ink hover:bg-paper">
            Skip: show what happened
          </button>
        ) : null}
        <p id={noteId} className="text-xs text-muted">
          Your first answer counts. Run and Check work either way.
        </p>
      </div>
    </form>
  );
}
