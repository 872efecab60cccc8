// A step's prediction in a lesson file: multiple choice and short answers load; mistakes name the line and field.
import { describe, expect, it } from 'vitest';
import { isPossibleAnswer, isRightAnswer, normaliseAnswer, rightAnswer, type Prediction } from '../../core/lesson/prediction';
import { parseLesson } from './parse-lesson';

const BODY = '## First {#first}\n\nRun it:\n\n```sh\nhostname\n```\n';
// Line 1 is the opening "---"; "prediction:" is on line 12, its fields start on line 13.
const lesson = (prediction: string) => `---
slug: demo
title: Demo
summary: A demo.
namespace: uts
order: 1
minutes: 5
steps:
  - id: first
    check: { kind: output, pattern: lab }
    solution: [hostname]
    prediction:
${prediction}
---
${BODY}`;

const parse = (prediction: string) => parseLesson('lessons/demo.md', lesson(prediction));
const problems = (prediction: string) => {
  const r = parse(prediction);
  if (r.ok) throw new Error('expected problems, the lesson loaded');
  return r.error;
};

describe('a step prediction', () => {
  it('loads a multiple choice', () => {
    const r = parse(`      question: What PID will sh have?
      choices: ["1", "the same as outside"]
      answer: "1"
      why: the first process of a new pid namespace is its PID 1`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.steps[0]!.prediction).toEqual({
      question: 'What PID will sh have?',
      choices: ['1', 'the same as outside'],
      answer: '1',
      why: 'the first process of a new pid namespace is its PID 1',
    });
  });

  it('loads a short answer', () => {
    const r = parse(`      question: How many processes will ps list?
      accept: ["2", two]
      why: only sh and ps`);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.steps[0]!.prediction?.accept).toEqual(['2', 'two']);
  });

  it('is optional', () => {
    const r = parseLesson('lessons/demo.md', lesson('      question: x\n      accept: [y]\n      why: z').replace(/ {4}prediction:\n( {6}.*\n)+/, ''));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.steps[0]!.prediction).toBeUndefined();
  });

  it('names the line of an answer that is not one of the choices', () => {
    const [p] = problems(`      question: What PID?
      choices: ["1", "2"]
      answer: "3"
      why: because`);
    expect(p).toMatchObject({ file: 'lessons/demo.md', line: 15, field: 'steps.0.prediction.answer' });
    expect(p!.message).toMatch(/"3" is not one of "choices"/);
  });

  it('asks for the answer of a multiple choice', () => {
    const [p] = problems(`      question: What PID?
      choices: ["1", "2"]
      why: because`);
    expect(p).toMatchObject({ field: 'steps.0.prediction.answer' });
    expect(p!.message).toMatch(/missing "answer"/);
  });

  it('refuses a prediction with neither choices nor accepted answers', () => {
    const [p] = problems(`      question: What PID?
      why: because`);
    expect(p).toMatchObject({ line: 13, field: 'steps.0.prediction.choices' });
    expect(p!.message).toMatch(/give "choices" and "answer".*or "accept"/);
  });

  it('refuses both choices and accepted answers, naming "accept"', () => {
    const [p] = problems(`      question: What PID?
      choices: ["1", "2"]
      answer: "1"
      accept: ["1"]
      why: because`);
    expect(p).toMatchObject({ line: 16, field: 'steps.0.prediction.accept' });
  });

  it('says which required field is missing', () => {
    const [p] = problems(`      question: What PID?
      accept: ["1"]`);
    expect(p).toMatchObject({ line: 13, field: 'steps.0.prediction.why' });
    expect(p!.message).toMatch(/missing "why"/);
  });

  it('names an unknown field and its line', () => {
    const [p] = problems(`      question: What PID?
      accept: ["1"]
      because: typo
      why: because`);
    expect(p).toMatchObject({ line: 15, field: 'steps.0.prediction.because' });
    expect(p!.message).toMatch(/unknown field "because"/);
  });

  it('refuses a single choice and a repeated choice', () => {
    expect(problems(`      question: Q?\n      choices: ["1"]\n      answer: "1"\n      why: w`)[0]).toMatchObject({ line: 14, field: 'steps.0.prediction.choices' });
    expect(problems(`      question: Q?\n      choices: ["1", "1"]\n      answer: "1"\n      why: w`)[0]!.message).toMatch(/two choices are the same/);
  });
});

describe('judging an answer', () => {
  const choice: Prediction = { question: 'q', choices: ['1', 'the same as outside'], answer: '1', why: 'w' };
  const short: Prediction = { question: 'q', accept: ['web1', 'Web 1'], why: 'w' };

  it('takes the declared choice only, spelled exactly', () => {
    expect(isRightAnswer(choice, '1')).toBe(true);
    expect(isRightAnswer(choice, 'the same as outside')).toBe(false);
    expect(isPossibleAnswer(choice, 'something else')).toBe(false);
    expect(rightAnswer(choice)).toBe('1');
  });

  it('compares short answers without case, spaces, quotes or a full stop', () => {
    expect(normaliseAnswer('  "Web   1". ')).toBe('web 1');
    expect(isRightAnswer(short, 'WEB1')).toBe(true);
    expect(isRightAnswer(short, ' web  1.')).toBe(true);
    expect(isRightAnswer(short, 'lab')).toBe(false);
    expect(isPossibleAnswer(short, '   ')).toBe(false);
    expect(isPossibleAnswer(short, 'x'.repeat(81))).toBe(false);
    expect(rightAnswer(short)).toBe('web1');
  });
});

describe('the lessons in lessons/', () => {
  it('each ask at least one prediction', async () => {
    const { getLessonCatalogue } = await import('./load-lessons');
    const catalogue = await getLessonCatalogue();
    expect(catalogue.problems).toEqual([]);
    const without = catalogue.lessons.filter((l) => !l.steps.some((s) => s.prediction)).map((l) => l.slug);
    expect(without).toEqual([]);
  });
});
