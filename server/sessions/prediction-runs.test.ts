// Which of the learner's actions count as running what the current step's prediction is about, and what a page is sent.
import { describe, expect, it } from 'vitest';
import { StepMeta, type LessonStep } from '../../core/lesson/schema';
import { MAX_PREDICTION_RUNS, type PredictionRunsUpdate } from '../../core/protocol/predictions';
import type { TimelineEntry, TimelineUpdate } from '../../core/protocol/timeline';
import { PredictionRuns } from './prediction-runs';

const PREDICTION = { question: 'What will it print?', accept: ['lab'], why: 'uts_namespaces(7)' };
const step = (meta: Record<string, unknown>): LessonStep => ({ ...StepMeta.parse({ check: { kind: 'output', pattern: 'x' }, solution: ['true'], ...meta }), title: 'A step', body: [] });
const WATCHED = step({ id: 'watched', prediction: PREDICTION, watch: 'unshare CLONE_NEWNET' });
const PLAIN = step({ id: 'plain', prediction: PREDICTION, terminal: 'two' });
const UNASKED = step({ id: 'unasked' });

const entry = (seq: number, call: string, flags: string[]): TimelineEntry => ({
  seq,
  at: 1000 + seq,
  call,
  text: `${call}(${flags.join('|')})`,
  flags,
  result: { ok: true, value: 0 },
  pid: 7,
  comm: 'unshare',
  terminal: 'Terminal 1',
  namespaces: [],
  man: 'https://man7.org/linux/man-pages/man2/unshare.2.html',
});
const calls = (...entries: TimelineEntry[]): TimelineUpdate => ({ sessionId: 's1', replay: false, tracing: { state: 'ready' }, entries });

function setup(current: LessonStep | null) {
  const pushed: PredictionRunsUpdate[] = [];
  const state = { current };
  const runs = new PredictionRuns({
    sessionId: 's1',
    currentStep: () => state.current,
    defaultTerminal: 'one',
    terminalTitle: (name) => (name === 'one' ? 'Terminal 1' : 'Terminal 2'),
    push: (u) => pushed.push(u),
  });
  return { runs, pushed, state };
}

describe('prediction runs', () => {
  it('counts the watched call of a step that watches one, not the Enter before it nor other calls', () => {
    const { runs, pushed } = setup(WATCHED);
    runs.commandEntered('one');
    runs.timeline(calls(entry(1, 'unshare', ['CLONE_NEWUTS']), entry(2, 'unshare', ['CLONE_NEWNET'])));
    expect(pushed).toEqual([{ sessionId: 's1', replay: false, runs: [{ stepId: 'watched', at: 1002, by: 'call', terminal: 'Terminal 1', entry: entry(2, 'unshare', ['CLONE_NEWNET']) }] }]);
  });

  it('ignores a replayed timeline: those calls were made before, and were counted then', () => {
    const { runs, pushed } = setup(WATCHED);
    runs.timeline({ ...calls(entry(1, 'unshare', ['CLONE_NEWNET'])), replay: true });
    expect(pushed).toEqual([]);
  });

  it('counts a command in the step’s own terminal for a step that watches no call', () => {
    const { runs, pushed } = setup(PLAIN);
    runs.commandEntered('one');
    expect(pushed).toEqual([]);
    runs.commandEntered('two');
    expect(pushed).toHaveLength(1);
    expect(pushed[0]!.runs[0]).toMatchObject({ stepId: 'plain', by: 'command', terminal: 'Terminal 2', entry: null });
  });

  it('counts nothing on a step without a prediction, or once the lesson is complete', () => {
    const { runs, pushed, state } = setup(UNASKED);
    runs.commandEntered('one');
    state.current = null;
    runs.commandEntered('one');
    runs.timeline(calls(entry(1, 'unshare', ['CLONE_NEWNET'])));
    expect(pushed).toEqual([]);
  });

  it('remembers which steps ran, past the newest runs a page is sent, until the progress is reset', () => {
    const { runs, state } = setup(WATCHED);
    expect(runs.ranFor('watched')).toBe(false);
    runs.commandEntered('one');
    // Enter alone is not the watched call.
    expect(runs.ranFor('watched')).toBe(false);
    runs.timeline(calls(entry(1, 'unshare', ['CLONE_NEWNET'])));
    expect(runs.ranFor('watched')).toBe(true);
    // Many runs of the next step push the first one out of the replay, not out of what ran.
    state.current = PLAIN;
    for (let i = 0; i < MAX_PREDICTION_RUNS + 5; i++) runs.commandEntered('two');
    expect(runs.replay().runs.some((r) => r.stepId === 'watched')).toBe(false);
    expect(runs.ranFor('watched')).toBe(true);
    expect(runs.ranFor('plain')).toBe(true);
    expect(runs.ranFor('unasked')).toBe(false);
    runs.forget();
    expect(runs.ranFor('watched')).toBe(false);
    expect(runs.ranFor('plain')).toBe(false);
  });

  it('replays the newest runs to a page that attaches, and forgets them on a progress reset', () => {
    const { runs, pushed } = setup(PLAIN);
    for (let i = 0; i < MAX_PREDICTION_RUNS + 5; i++) runs.commandEntered('two');
    const replay = runs.replay();
    expect(replay.replay).toBe(true);
    expect(replay.runs).toHaveLength(MAX_PREDICTION_RUNS);
    expect(replay.runs.at(-1)).toEqual(pushed.at(-1)!.runs[0]);
    runs.forget();
    expect(pushed.at(-1)).toEqual({ sessionId: 's1', replay: true, runs: [] });
  });
});
