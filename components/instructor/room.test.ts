// The room's order, filter, histogram and folded failures, on hand-made snapshots.
import { describe, expect, it } from 'vitest';
import type { WorkshopLearner, WorkshopLesson, WorkshopSession } from '../../core/protocol';
import { busiestLesson, codeSpans, filterRoom, foldFailures, learnerState, NO_FILTER, orderRoom, roomNodes, stepHistogram } from './room';

const UTS: WorkshopLesson = { slug: 'uts', title: 'UTS', steps: ['a', 'b', 'c'].map((id) => ({ id, title: `Step ${id}` })), predictions: [] };

function session(over: Partial<WorkshopSession> = {}): WorkshopSession {
  return {
    sessionId: `s-${Math.random().toString(36).slice(2)}`,
    lesson: 'uts',
    lessonTitle: 'UTS',
    stepId: 'a',
    stepTitle: 'Step a',
    stepNumber: 1,
    stepCount: 3,
    passedCount: 0,
    stepStartedAt: 1000,
    lastActivityAt: 1000,
    failures: [],
    stuck: [],
    terminals: [],
    ...over,
  };
}
const at = (n: number) => ({ stepId: 'abc'[n - 1]!, stepTitle: `Step ${'abc'[n - 1]}`, stepNumber: n, passedCount: n - 1 });
const done = { stepId: null, stepTitle: null, stepNumber: 4, passedCount: 3 };
const learner = (name: string, sessions: WorkshopSession[], online = true): WorkshopLearner => ({ learnerId: name.replace(/\W/g, ''), name, online, sessions });

describe('the room', () => {
  const ada = learner('Ada', [session({ ...at(2), lastActivityAt: 5000 })]);
  const bob = learner('Bob', [session({ ...at(1), stuck: ['failing'], stepStartedAt: 3000 })]);
  const cy = learner('Cy', [session({ ...at(3), stuck: ['slow'], stepStartedAt: 2000 })]);
  const dee = learner('Dee', [session(done)]);
  const eve = learner('Eve', [session({ ...at(1), stuck: ['failing'] })], false);
  const fay = learner('Fay', []);
  const gus = learner('Gus', [session({ ...at(2), lastActivityAt: 4000 })]);
  const hal = learner('Hal', [session({ ...at(1), lastActivityAt: 9000 })]);
  const room = [ada, bob, cy, dee, eve, fay, gus, hal];

  it('knows each learner state, offline before anything their lesson says', () => {
    expect(room.map((l) => learnerState(l))).toEqual(['working', 'stuck', 'stuck', 'done', 'offline', 'idle', 'working', 'working']);
  });

  it('lists stuck learners first (longest stuck first), then the least advanced and quietest, then idle, done, offline', () => {
    expect(orderRoom(room).map((l) => l.name)).toEqual(['Cy', 'Bob', 'Hal', 'Gus', 'Ada', 'Fay', 'Dee', 'Eve']);
  });

  it('filters by state, by lesson and by step', () => {
    expect(filterRoom(room, { ...NO_FILTER, state: 'stuck' }).map((l) => l.name)).toEqual(['Bob', 'Cy']);
    expect(filterRoom(room, { ...NO_FILTER, lesson: 'uts', step: 1 }).map((l) => l.name)).toEqual(['Bob', 'Eve', 'Hal']);
    expect(filterRoom(room, { ...NO_FILTER, lesson: 'uts', step: 'done' }).map((l) => l.name)).toEqual(['Dee']);
    expect(filterRoom(room, { ...NO_FILTER, lesson: 'pid' })).toEqual([]);
    // Without a lesson a step means nothing; the state still applies.
    expect(filterRoom(room, { ...NO_FILTER, step: 2, state: 'working' }).map((l) => l.name)).toEqual(['Ada', 'Gus', 'Hal']);
  });

  it('names the nodes of a room spread over two or more, and filters by the node holding the session in focus', () => {
    // One node, named or not: no nodes, so the dashboard shows no node column.
    expect(roomNodes(room)).toEqual([]);
    expect(roomNodes([learner('Ida', [session({ node: 'only' })]), fay])).toEqual([]);
    const spread = [
      learner('Ida', [session({ node: 'node-b', lesson: 'pid' }), session({ node: 'node-a' })]),
      learner('Jo', [session({ node: 'node-c' })]),
      learner('Kim', [session({ node: 'node-a' })]),
      fay,
    ];
    expect(roomNodes(spread)).toEqual(['node-a', 'node-b', 'node-c']);
    expect(filterRoom(spread, { ...NO_FILTER, node: 'node-a' }).map((l) => l.name)).toEqual(['Kim']);
    expect(filterRoom(spread, { ...NO_FILTER, lesson: 'uts', node: 'node-a' }).map((l) => l.name)).toEqual(['Ida', 'Kim']);
  });

  it('counts learners per step of a lesson, stuck ones too, and the finished', () => {
    expect(stepHistogram(room, UTS)).toEqual([
      { step: 1, title: 'Step a', count: 3, stuck: 1 },
      { step: 2, title: 'Step b', count: 2, stuck: 0 },
      { step: 3, title: 'Step c', count: 1, stuck: 1 },
      { step: 'done', title: 'Finished', count: 1, stuck: 0 },
    ]);
  });

  it('uses a learner session of the chosen lesson, not only their latest', () => {
    const both = learner('Ivy', [session({ lesson: 'pid', lessonTitle: 'PID' }), session({ ...at(3) })]);
    expect(stepHistogram([both], UTS).map((b) => b.count)).toEqual([0, 0, 1, 0]);
    expect(filterRoom([both], { ...NO_FILTER, lesson: 'uts', step: 3 })).toHaveLength(1);
    expect(busiestLesson([both, ada])).toBe('uts');
    expect(busiestLesson([])).toBeNull();
  });
});

describe('failed checks', () => {
  it('folds repeats of one reason on one step into one entry with a count, most recent first', () => {
    const f = (stepId: string, reason: string, t: number) => ({ stepId, stepTitle: stepId, reason, at: t });
    const folded = foldFailures([f('a', 'no `foo`', 9), f('a', 'no `foo`', 8), f('b', 'no `foo`', 7), f('a', 'no `foo`', 6), f('a', 'other', 5)]);
    expect(folded.map((x) => [x.stepId, x.reason, x.count, x.at])).toEqual([
      ['a', 'no `foo`', 3, 9],
      ['b', 'no `foo`', 1, 7],
      ['a', 'other', 1, 5],
    ]);
  });

  it('splits backticks into inline code, keeping an unmatched one as text', () => {
    expect(codeSpans('run `hostname` in terminal `one`')).toEqual([
      { text: 'run ', code: false },
      { text: 'hostname', code: true },
      { text: ' in terminal ', code: false },
      { text: 'one', code: true },
    ]);
    expect(codeSpans('a `b` c ` d')).toEqual([
      { text: 'a ', code: false },
      { text: 'b', code: true },
      { text: ' c ` d', code: false },
    ]);
  });
});
