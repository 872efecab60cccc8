// The room's tally of a lesson's predictions: one answer per learner, short answers grouped as they are judged.
import { describe, expect, it } from 'vitest';
import type { Lesson, LessonStep } from '../../core/lesson/schema';
import { tallyPredictions } from './prediction-tally';

const step = (id: string, prediction?: LessonStep['prediction']): LessonStep => ({
  id,
  title: `Step ${id}`,
  body: [],
  check: { kind: 'output', pattern: 'x' },
  highlight: [],
  hints: [],
  solution: ['true'],
  accepts: [],
  rejects: [],
  prediction,
});
const lesson = {
  slug: 'pid',
  steps: [
    step('no-fork', { question: 'What PID?', choices: ['1', 'the same as outside'], answer: '1', why: 'w' }),
    step('plain'),
    step('count', { question: 'How many?', accept: ['2', 'two'], why: 'w' }),
  ],
} as unknown as Lesson;

describe('tallyPredictions', () => {
  it('counts each learner once per step, most given first, and skips steps without a prediction', () => {
    const tally = tallyPredictions(lesson, [
      [
        { step: 'no-fork', answer: '1', correct: true, afterRun: false },
        { step: 'count', answer: 'Two', correct: true, afterRun: false },
      ],
      [
        { step: 'no-fork', answer: 'the same as outside', correct: false, afterRun: false },
        { step: 'count', answer: ' two ', correct: true, afterRun: false },
      ],
      [{ step: 'no-fork', answer: 'the same as outside', correct: false, afterRun: false }],
      [],
    ]);
    expect(tally.map((t) => t.stepId)).toEqual(['no-fork', 'count']);
    expect(tally[0]).toEqual({
      stepId: 'no-fork',
      stepTitle: 'Step no-fork',
      question: 'What PID?',
      rightAnswer: '1',
      answered: 3,
      afterRun: 0,
      answers: [
        { answer: 'the same as outside', count: 2, correct: false },
        { answer: '1', count: 1, correct: true },
      ],
    });
    // "Two" and " two " are one answer, shown as first spelled.
    expect(tally[1]).toMatchObject({ rightAnswer: '2', answered: 2, answers: [{ answer: 'Two', count: 2, correct: true }] });
  });

  it('leaves out answers given after running the command, and says how many there were', () => {
    const tally = tallyPredictions(lesson, [
      [{ step: 'no-fork', answer: '1', correct: true, afterRun: true }],
      [{ step: 'no-fork', answer: '1', correct: true, afterRun: true }],
      [{ step: 'no-fork', answer: 'the same as outside', correct: false, afterRun: false }],
      [{ step: 'count', answer: '2', correct: true, afterRun: true }],
    ]);
    // Two learners answered right only once they had seen it: the room's tally is the one who predicted, wrong.
    expect(tally[0]).toMatchObject({ answered: 1, afterRun: 2, answers: [{ answer: 'the same as outside', count: 1, correct: false }] });
    expect(tally[1]).toMatchObject({ answered: 0, afterRun: 1, answers: [] });
  });

  it('has a row with no answers for a prediction nobody answered yet', () => {
    expect(tallyPredictions(lesson, [])[0]).toMatchObject({ answered: 0, afterRun: 0, answers: [] });
  });
});
