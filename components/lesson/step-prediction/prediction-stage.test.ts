// The prediction's stage from the answer, the step's runs and its check: it comes first, and is set beside the first run after it.
import { describe, expect, it } from 'vitest';
import type { PredictionRun, SavedPrediction } from '../../../core/protocol/predictions';
import { predictionStage, type StageInput } from './prediction-stage';

const saved: SavedPrediction = { stepId: 's', answer: '1', correct: false, at: 100, afterRun: false };
const command = (at: number): PredictionRun => ({ stepId: 's', at, by: 'command', terminal: 'Terminal 1', entry: null });
const call = (at: number): PredictionRun => ({ stepId: 's', at, by: 'call', terminal: 'Terminal 1', entry: null });
const input = (over: Partial<StageInput>): StageInput => ({ loaded: true, saved: null, passed: false, runs: [], skipped: false, ...over });

describe('prediction stage', () => {
  it('asks until answered, and waits for the command after the answer', () => {
    expect(predictionStage(input({ loaded: false }))).toEqual({ kind: 'loading' });
    expect(predictionStage(input({}))).toEqual({ kind: 'ask', ranFirst: false });
    expect(predictionStage(input({ saved }))).toEqual({ kind: 'waiting' });
  });

  it('sets the answer beside the command as soon as it ran after the answer, before the step passes', () => {
    expect(predictionStage(input({ saved, runs: [command(150)] }))).toEqual({ kind: 'revealed', call: null, command: command(150) });
    // The newest watched call is what happened, whatever ran in between.
    expect(predictionStage(input({ saved, runs: [call(120), command(130), call(140)] }))).toEqual({ kind: 'revealed', call: call(140), command: command(130) });
  });

  it('does not count a run before the answer, but the step passing always reveals', () => {
    expect(predictionStage(input({ saved, runs: [command(50)] }))).toEqual({ kind: 'waiting' });
    expect(predictionStage(input({ saved, runs: [command(50)], passed: true }))).toEqual({ kind: 'revealed', call: null, command: command(50) });
  });

  it('sets an answer given after running beside what ran before it at once: the server said so, whatever this page heard', () => {
    const late = { ...saved, afterRun: true };
    expect(predictionStage(input({ saved: late, runs: [command(50)] }))).toEqual({ kind: 'revealed', call: null, command: command(50) });
    // A page that heard no run (opened after it) still shows the answer beside what the lesson says happened.
    expect(predictionStage(input({ saved: late }))).toEqual({ kind: 'revealed', call: null, command: null });
  });

  it('still asks a learner who ran the command first, and reveals once they skip', () => {
    expect(predictionStage(input({ runs: [call(50)] }))).toEqual({ kind: 'ask', ranFirst: true });
    expect(predictionStage(input({ passed: true }))).toEqual({ kind: 'ask', ranFirst: true });
    expect(predictionStage(input({ runs: [call(50)], skipped: true }))).toEqual({ kind: 'revealed', call: call(50), command: null });
  });
});
