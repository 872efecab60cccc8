// Where a step's prediction stands: asked, answered and waiting for the command, or set beside what happened.
import type { PredictionRun, SavedPrediction } from '../../../core/protocol/predictions';

export type PredictionStage =
  | { kind: 'loading' }
  /** Not answered. `ranFirst`: the learner already ran the command (or passed the step), so they may skip the question. */
  | { kind: 'ask'; ranFirst: boolean }
  /** Answered; nothing it is about has run since. */
  | { kind: 'waiting' }
  /**
   * Set beside what happened: the command ran after the answer, or the answer came after running it
   * (`saved.afterRun`: the learner has seen it already), or the step passed, or the learner skipped
   * the question (`saved` is then null). `call`: the newest watched call on the timeline.
   * `command`: a command of the step's terminal, when it watches no call and none is traced.
   */
  | { kind: 'revealed'; call: PredictionRun | null; command: PredictionRun | null };

export type StageInput = {
  loaded: boolean;
  saved: SavedPrediction | null;
  /** The step's check passed. */
  passed: boolean;
  /** This step's runs, oldest first (see PredictionRun). */
  runs: readonly PredictionRun[];
  /** The learner chose to see what happened without predicting (on this page only). */
  skipped: boolean;
};

/**
 * The prediction comes first: a run before the answer does not reveal it (a learner who typed `ls`
 * while thinking has not run the step's command), it only lets the learner skip the question.
 * Both times are the server's clock (`SavedPrediction.at`, `PredictionRun.at`).
 */
export function predictionStage({ loaded, saved, passed, runs, skipped }: StageInput): PredictionStage {
  const call = runs.findLast((r) => r.by === 'call') ?? null;
  const command = runs.findLast((r) => r.by === 'command') ?? null;
  if (saved) {
    const ranSince = runs.some((r) => r.at >= saved.at);
    return passed || ranSince || saved.afterRun ? { kind: 'revealed', call, command } : { kind: 'waiting' };
  }
  if (!loaded) return { kind: 'loading' };
  if (skipped) return { kind: 'revealed', call, command };
  return { kind: 'ask', ranFirst: passed || runs.length > 0 };
}
