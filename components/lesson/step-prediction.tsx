// StepPrediction: a step's question, answered before running its command, then set beside what the lab saw happen.
'use client';

import { useId, useState } from 'react';
import type { Prediction } from '../../core/lesson/prediction';
import { InlineCode } from './inline-code';
import { useProgress } from './lesson-progress-provider';
import { PredictionForm } from './step-prediction/prediction-form';
import { PredictionOutcome } from './step-prediction/prediction-outcome';
import { predictionStage } from './step-prediction/prediction-stage';
import { usePredictionRuns } from './step-prediction/use-prediction-runs';
import { usePrediction } from './use-prediction';

type Props = { stepId: string; prediction: Prediction };

export function StepPrediction({ stepId, prediction }: Props) {
  const view = useProgress().stepView(stepId);
  const { loaded, saved, saving, problem, save } = usePrediction(stepId);
  const runs = usePredictionRuns(stepId);
  // Skipping saves nothing: the room's tally counts answers only, and a reload asks again.
  const [skipped, setSkipped] = useState(false);
  const headingId = useId();
  const passed = view.state === 'passed';
  const stage = predictionStage({ loaded, saved, passed, runs, skipped });
  return (
    <section
      aria-labelledby={headingId}
      data-testid="step-prediction"
      data-state={stage.kind === 'revealed' ? 'revealed' : stage.kind}
      className="space-y-2 rounded-lg border border-sky-200 bg-sky-50 px-3 py-3 text-sm text-ink"
    >
      <h3 id={headingId} className="text-xs font-semibold tracking-wide text-sky-800 uppercase">
        {stage.kind === 'revealed' ? 'Your prediction and what happened' : 'Predict before you run'}
      </h3>
      <p className="font-medium text-ink" data-testid="prediction-question">
        <InlineCode text={prediction.question} codeClassName="bg-sky-100" />
      </p>
      {stage.kind === 'revealed' ? (
        <PredictionOutcome
          prediction={prediction}
          answer={saved?.answer ?? null}
          correct={saved ? saved.correct : null}
          afterRun={saved?.afterRun ?? false}
          observed={passed && view.verdict?.passed ? view.verdict.reason : null}
          call={stage.call}
          command={stage.command}
        />
      ) : stage.kind === 'waiting' && saved ? (
        <p data-testid="prediction-locked" className="text-ink-soft">
          You predicted{' '}
          <strong className="font-semibold text-ink">
            <InlineCode text={saved.answer} codeClassName="bg-sky-100" />
          </strong>
          . Now run the command: as soon as it runs, your prediction is set beside what happened.
        </p>
      ) : stage.kind === 'ask' ? (
        <>
          {stage.ranFirst ? (
            <p data-testid="prediction-ran-first" className="text-ink-soft">
              {passed ? 'The step passed before you predicted.' : 'You ran it before predicting.'} Answer anyway (it is kept, but not counted as a prediction), or skip the question, to see what
              happened.
            </p>
          ) : null}
          <PredictionForm stepId={stepId} prediction={prediction} saving={saving} onAnswer={save} onSkip={stage.ranFirst ? () => setSkipped(true) : undefined} />
        </>
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
