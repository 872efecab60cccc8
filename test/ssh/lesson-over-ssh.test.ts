// A whole lesson through the lab server on the ssh machine: each step's check fails before its solution and passes after, over SSH.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getLesson } from '../../server/lessons/load-lessons';
import { createSshMachine } from '../../server/machine/ssh/ssh-machine';
import { connectClient, startTestLab, whenConnected, type LabClient, type TestLab } from '../support/lab';
import { LessonRunner } from '../support/lesson-runner';
import { sshdProblemSaid, startSshd, TEST_LIMITS, type TestSshd } from '../support/sshd';

const problem = sshdProblemSaid('the lessons over SSH');

describe.skipIf(problem !== null)('a lesson over SSH', () => {
  let sshd: TestSshd;
  let lab: TestLab;
  let client: LabClient;

  beforeAll(async () => {
    sshd = await startSshd();
    const machine = createSshMachine({
      target: sshd.target,
      instance: `lesson${process.pid}`,
      limits: TEST_LIMITS,
    });
    lab = await startTestLab({ machine });
    client = connectClient(lab);
    await whenConnected(client);
  }, 60_000);

  afterAll(async () => {
    client?.close();
    await lab?.dispose();
    await sshd?.stop();
  });

  it.each(['uts', 'cgroup'])(
    'the %s lesson passes with its own solutions',
    async (slug) => {
      const lesson = await getLesson(slug);
      if (!lesson) throw new Error(`no lesson ${slug}`);
      const runner = await LessonRunner.start(client, lesson);
      try {
        expect(runner.session.machine).toBe('ssh');
        expect(await runner.runAllSteps()).toEqual([]);
      } finally {
        await runner.close();
      }
    },
    180_000,
  );
});
