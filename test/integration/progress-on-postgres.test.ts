// Progress in PostgreSQL outlives a node: what a learner did on one lab node (a passed step, a name, a prediction) is there on another node sharing the database; an unreachable database stops a node from starting, saying why.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { getLesson } from '../../server/lessons/load-lessons';
import { connectClient, newLearnerCookie, startTestLab, whenConnected, type LabClient, type TestLab } from '../support/lab';
import { LessonRunner } from '../support/lesson-runner';
import { postgresMissing, startPostgres, type ThrowawayPostgres } from '../support/postgres';
import { requestOk } from '../support/terminal-client';

const missing = postgresMissing();

describe.skipIf(missing !== null)(missing ? `progress on PostgreSQL (skipped: ${missing})` : 'progress on PostgreSQL', () => {
  let cluster: ThrowawayPostgres;
  const labs: TestLab[] = [];
  const clients: LabClient[] = [];
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    for (const lab of labs) await lab.dispose();
    await cluster?.dispose();
  });

  const node = async (url: string) => {
    const lab = await startTestLab({ env: { NSLAB_DATABASE_URL: url } });
    labs.push(lab);
    return lab;
  };
  const learnerOn = async (lab: TestLab, cookie: string) => {
    const client = connectClient(lab, { cookie });
    clients.push(client);
    await whenConnected(client);
    return client;
  };

  it('shows a learner on a second node what they did on the first', async () => {
    const url = await cluster.createDatabase();
    // Two nodes at once, each with its own data directory: all they share is the database.
    const [first, second] = await Promise.all([node(url), node(url)]);
    const cookie = newLearnerCookie();
    const lesson = (await getLesson('uts'))!;

    const onFirst = await learnerOn(first, cookie);
    const runner = await LessonRunner.start(onFirst, lesson);
    const step = lesson.steps[0]!;
    await runner.runSolution(step);
    expect((await runner.check(step.id)).steps.find((s) => s.id === step.id)?.state, runner.transcript(runner.terminalOf(step))).toBe('passed');
    await requestOk(onFirst, 'learner:rename', { displayName: 'Ada' });
    // A multiple-choice prediction, answered right.
    const predicted = lesson.steps.find((s) => s.prediction?.answer)!;
    await requestOk(onFirst, 'prediction:save', { lesson: 'uts', stepId: predicted.id, answer: predicted.prediction!.answer! });

    const onSecond = await learnerOn(second, cookie);
    const session = await requestOk(onSecond, 'session:open', { lesson: 'uts' });
    // A new session on this node (the first node holds the live one), with the progress the first node saved.
    expect(session.resumed).toBe(false);
    expect(session.progress.steps.map((s) => s.state)).toEqual(lesson.steps.map((_, i) => (i === 0 ? 'passed' : 'todo')));
    expect(await requestOk(onSecond, 'learner:profile', {})).toEqual({ displayName: 'Ada' });
    expect(await requestOk(onSecond, 'prediction:list', { lesson: 'uts' })).toEqual([expect.objectContaining({ stepId: predicted.id, correct: true })]);
    expect((await requestOk(onSecond, 'progress:catalogue', {})).find((l) => l.slug === 'uts')).toMatchObject({ passed: 1, total: lesson.steps.length });
  }, 120_000);

  it('refuses to start a node whose database cannot be reached, and says why', async () => {
    // The host machine starts nothing of its own, so a node that fails to start leaves nothing behind but this directory.
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nslab-no-db-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    await expect(startTestLab({ dataDir, machine: 'host', env: { NSLAB_DATABASE_URL: 'postgresql://lab:s3cret@127.0.0.1:1/nslab' } })).rejects.toThrow(
      /^cannot use the PostgreSQL database postgresql:\/\/lab:\*\*\*@127\.0\.0\.1:1\/nslab: connect ECONNREFUSED 127\.0\.0\.1:1; check that the server runs and NSLAB_DATABASE_URL is right$/,
    );
  });
});
