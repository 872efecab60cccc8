// Every lesson, for real: each step's check fails before its solution and passes after it; every other way it lists
// passes, and every shortcut it lists fails, each typed in a fresh sandbox brought to where the step begins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Check } from '../../core/checks/check-schema';
import type { Lesson, LessonStep, StepWay } from '../../core/lesson/schema';
import { getLessonCatalogue } from '../../server/lessons/load-lessons';
import { connectClient, newLearnerCookie, startTestLab, whenConnected, type LabClient, type TestLab } from '../support/lab';
import { describeWay, LessonRunner, wayCommands } from '../support/lesson-runner';

const catalogue = await getLessonCatalogue();
/** NSLAB_LESSON=slug runs one lesson only (for lesson authors). */
const only = process.env.NSLAB_LESSON;
const lessons = catalogue.lessons.filter((l) => !only || l.slug === only);
/**
 * Ways tried at once across every lesson, each in its own sandbox: the work is mostly waiting for
 * shells to settle (a full run keeps the CPU about a quarter busy at 5), so lessons run side by side.
 */
const WAYS_AT_ONCE = 8;

/** The kinds of a check and all its parts. */
const kindsOf = (check: Check): string[] => (check.kind === 'all' ? check.checks.flatMap(kindsOf) : [check.kind]);
const sameCommands = (a: readonly string[], b: StepWay) => JSON.stringify(a) === JSON.stringify(wayCommands(b).map((c) => c.run));

describe('lesson files', () => {
  it('all load', () => {
    expect(catalogue.problems).toEqual([]);
    expect(lessons.length).toBeGreaterThan(0);
  });

  it('every step lists another valid way, and every step judged by what was printed or seen lists a shortcut that must fail', () => {
    const missing: string[] = [];
    for (const lesson of lessons) {
      for (const step of lesson.steps) {
        if (!step.accepts.some((way) => !sameCommands(step.solution, way))) missing.push(`${lesson.slug}/${step.id}: no accepted way that differs from the solution`);
        const readsScreen = kindsOf(step.check).some((k) => k === 'output' || k === 'shows' || k === 'ran');
        if (readsScreen && step.rejects.length === 0) missing.push(`${lesson.slug}/${step.id}: its check reads output, and no rejected way shows what must not pass`);
      }
    }
    expect(missing).toEqual([]);
  });
});

type Job = { step: LessonStep; index: number; way: StepWay; expect: 'pass' | 'fail' };

/** Slots for ways in flight, shared by every lesson: `run` waits for one, then frees it. */
const slots = (() => {
  let free = WAYS_AT_ONCE;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (free === 0) await new Promise<void>((r) => waiting.push(r));
    else free--;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
})();

/** Brings a fresh session to where `job.step` begins (every earlier step passed with its solution), types the way, and judges. */
async function tryWay(lab: TestLab, lesson: Lesson, job: Job): Promise<string | null> {
  const client = connectClient(lab, { cookie: newLearnerCookie() });
  let runner: LessonRunner | null = null;
  const label = `${job.step.id}: ${job.expect === 'pass' ? 'accepted' : 'rejected'} way \`${describeWay(job.way)}\``;
  try {
    await whenConnected(client);
    runner = await LessonRunner.start(client, lesson);
    for (const earlier of lesson.steps.slice(0, job.index)) {
      await runner.runSolution(earlier);
      const verdict = await runner.judge(earlier);
      if (!verdict.passed) return `${label}: could not get there, step "${earlier.id}" failed after its solution: ${verdict.reason}\n${runner.transcripts()}`;
    }
    await runner.runWay(job.step, job.way);
    const verdict = await runner.judge(job.step);
    if (job.expect === 'pass' && !verdict.passed) return `${label} did not pass: ${verdict.reason}\n${runner.transcripts()}`;
    if (job.expect === 'fail' && verdict.passed) return `${label} passed, and must not: ${verdict.reason}\n${runner.transcripts()}`;
    const wanted = !Array.isArray(job.way) ? job.way.reason : undefined;
    if (job.expect === 'fail' && wanted && !new RegExp(wanted).test(verdict.reason)) return `${label} failed, but its reason "${verdict.reason}" does not match /${wanted}/`;
    return null;
  } finally {
    await runner?.close().catch(() => undefined); // the session may be gone with a broken sandbox; the lab's dispose ends it anyway
    client.close();
  }
}

describe.concurrent.each(lessons.map((l) => [l.slug, l] as const))('lesson %s', (_slug, lesson) => {
  let lab: TestLab;
  let client: LabClient;

  beforeAll(async () => {
    lab = await startTestLab();
    // Checks of actions that leave no state need the tracer: without it, rejected ways would pass on trust.
    expect(await lab.machine.whenTracing?.(), 'the exec tracer must attach (root, bpftrace, tracefs)').toBe(true);
    client = connectClient(lab);
    await whenConnected(client);
  }, 90_000);

  afterAll(async () => {
    client?.close();
    await lab?.dispose();
  });

  it('passes every step with its own solution, and no step passes before it', async () => {
    const runner = await LessonRunner.start(client, lesson);
    try {
      expect(await runner.runAllSteps()).toEqual([]);
    } finally {
      await runner.close();
    }
  }, 180_000);

  it('passes every accepted way and fails every rejected one, each from where its step begins', async () => {
    const jobs: Job[] = lesson.steps.flatMap((step, index) => [
      ...step.accepts.map((way) => ({ step, index, way, expect: 'pass' as const })),
      ...step.rejects.map((way) => ({ step, index, way, expect: 'fail' as const })),
    ]);
    const problems = (await Promise.all(jobs.map((job) => slots(() => tryWay(lab, lesson, job))))).filter((p): p is string => p !== null);
    expect(problems).toEqual([]);
  }, 900_000);
});
