// Every lesson, for real: in a fresh sandbox, each step's check fails before its solution and passes after it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getLessonCatalogue } from '../../server/lessons/load-lessons';
import { connectClient, startTestLab, whenConnected, type LabClient, type TestLab } from '../support/lab';
import { LessonRunner } from '../support/lesson-runner';

const catalogue = await getLessonCatalogue();
/** NSLAB_LESSON=slug runs one lesson only (for lesson authors). */
const only = process.env.NSLAB_LESSON;
const lessons = catalogue.lessons.filter((l) => !only || l.slug === only);

describe('lesson files', () => {
  it('all load', () => {
    expect(catalogue.problems).toEqual([]);
    expect(lessons.length).toBeGreaterThan(0);
  });
});

describe.each(lessons.map((l) => [l.slug, l] as const))('lesson %s', (_slug, lesson) => {
  let lab: TestLab;
  let client: LabClient;
  let runner: LessonRunner;

  beforeAll(async () => {
    lab = await startTestLab();
    client = connectClient(lab);
    await whenConnected(client);
    runner = await LessonRunner.start(client, lesson);
  }, 60_000);

  afterAll(async () => {
    client?.close();
    await lab?.dispose();
  });

  it('passes every step with its own solution, and no step passes before it', async () => {
    expect(await runner.runAllSteps()).toEqual([]);
  }, 180_000);
});
