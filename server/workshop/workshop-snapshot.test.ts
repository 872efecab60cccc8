// The instructor's picture from the parts of several nodes: one row per learner, online on any node, with the sessions of every node.
import { describe, expect, it } from 'vitest';
import type { Lesson } from '../../core/lesson/schema';
import type { WorkshopSession } from '../../core/protocol';
import { combineParts, LivePart } from './workshop-snapshot';

const session = (sessionId: string, lesson: string, lastActivityAt: number): WorkshopSession => ({
  sessionId,
  lesson,
  lessonTitle: lesson.toUpperCase(),
  stepId: 'one',
  stepTitle: 'One',
  stepNumber: 1,
  stepCount: 2,
  passedCount: 0,
  stepStartedAt: 0,
  lastActivityAt,
  failures: [],
  stuck: [],
  terminals: [],
});
const lesson = (slug: string) =>
  ({ slug, title: slug.toUpperCase(), steps: [{ id: 'one', title: 'One', prediction: { question: 'Q?', choices: ['a', 'b'], answer: 'a', why: 'w' } }] }) as unknown as Lesson;
const join = { code: 'CODE', lanAddress: null };

describe('combineParts', () => {
  it('merges a learner seen on two nodes into one row: online if online anywhere, every session, most recent first', () => {
    const nodeA: LivePart = { learners: [{ learnerId: 'ada-0000000000000000', online: false, sessions: [session('s-a', 'uts', 10)] }] };
    const nodeB: LivePart = {
      learners: [
        { learnerId: 'ada-0000000000000000', online: true, sessions: [session('s-b', 'pid', 20)] },
        { learnerId: 'bob-0000000000000000', online: true, sessions: [] },
      ],
    };
    const names = new Map([['ada-0000000000000000', 'Ada']]);
    const snapshot = combineParts(
      [nodeA, nodeB],
      new Map([
        ['uts', lesson('uts')],
        ['pid', lesson('pid')],
      ]),
      (l) => names.get(l) ?? null,
      join,
      99,
    );
    expect(snapshot.learners.map((l) => [l.name, l.online, l.sessions.map((s) => s.sessionId)])).toEqual([
      ['Ada', true, ['s-b', 's-a']],
      ['learner bob-00', true, []],
    ]);
    expect(snapshot.lessons.map((l) => l.slug)).toEqual(['pid', 'uts']);
    expect(snapshot).toMatchObject({ join, at: 99 });
  });

  it('keeps the node holding each session, through the JSON between nodes and into the picture', () => {
    // Another node's part arrives as JSON and is parsed (workshop-nodes.ts): the node id must survive the parse.
    const fromB = LivePart.parse(JSON.parse(JSON.stringify({ learners: [{ learnerId: 'ada-0000000000000000', online: true, sessions: [{ ...session('s-b', 'pid', 20), node: 'node-b' }] }] })));
    const onA: LivePart = { learners: [{ learnerId: 'ada-0000000000000000', online: true, sessions: [{ ...session('s-a', 'uts', 10), node: 'node-a' }] }] };
    const snapshot = combineParts([onA, fromB], new Map(), () => null, join, 0);
    expect(snapshot.learners[0]?.sessions.map((s) => [s.sessionId, s.node])).toEqual([
      ['s-b', 'node-b'],
      ['s-a', 'node-a'],
    ]);
  });

  it("tallies each lesson's predictions once per learner, whichever nodes their sessions are on", () => {
    const part = (sessionId: string): LivePart => ({ learners: [{ learnerId: 'ada-0000000000000000', online: true, sessions: [session(sessionId, 'uts', 1)] }] });
    const snapshot = combineParts(
      [part('s-1'), part('s-2')],
      new Map([['uts', lesson('uts')]]),
      () => null,
      join,
      0,
      () => [{ step: 'one', answer: 'a', correct: true, afterRun: false }],
    );
    expect(snapshot.lessons[0]?.predictions[0]).toMatchObject({ answered: 1, answers: [{ answer: 'a', count: 1 }] });
  });
});
