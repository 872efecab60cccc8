// Predictions against a real server: answers are judged and kept (the first counts), bad ones refused, reset forgets them, and the instructor sees the room's tally.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUSH, type WorkshopSnapshot } from '../../core/protocol';
import { connectClient, startTestLab, whenConnected, type LabClient, type TestLab } from '../support/lab';
import { request, requestOk } from '../support/terminal-client';
import { waitUntil } from '../support/wait';
import { joinAsInstructor, joinAsLearner } from '../support/workshop';

const WORKSHOP = { joinCode: 'JOIN-predict-7', instructorToken: 'instructor-token-for-predictions-01' };

describe('predictions', () => {
  let lab: TestLab;
  const clients: LabClient[] = [];
  const connect = async (cookie?: string) => {
    const client = connectClient(lab, { cookie });
    clients.push(client);
    await whenConnected(client);
    return client;
  };

  beforeAll(async () => {
    lab = await startTestLab({ workshop: WORKSHOP });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await lab?.dispose();
  });

  it('judges an answer, keeps the first one, and lists it on another page of the same learner', async () => {
    const { cookie } = await joinAsLearner(lab, WORKSHOP.joinCode);
    const page = await connect(cookie);
    const saved = await requestOk(page, 'prediction:save', { lesson: 'ipc', stepId: 'fresh-view', answer: ' 1 ' });
    expect(saved).toMatchObject({ stepId: 'fresh-view', answer: '1', correct: false });
    // A second answer does not replace the first: the reply says which one counts.
    expect(await requestOk(page, 'prediction:save', { lesson: 'ipc', stepId: 'fresh-view', answer: '0' })).toMatchObject({ answer: '1', correct: false });
    const reloaded = await connect(cookie);
    expect(await requestOk(reloaded, 'prediction:list', { lesson: 'ipc' })).toEqual([saved]);
    expect(await requestOk(reloaded, 'prediction:list', { lesson: 'uts' })).toEqual([]);
    // Short answers are compared without case, spaces or a full stop; choices must be spelled as declared.
    expect(await requestOk(reloaded, 'prediction:save', { lesson: 'uts', stepId: 'look-in', answer: '`lab`' })).toMatchObject({ correct: true });
  });

  it('refuses bad answers with a reason, and keeps serving', async () => {
    const { cookie } = await joinAsLearner(lab, WORKSHOP.joinCode);
    const page = await connect(cookie);
    const cases: [Parameters<typeof request<'prediction:save'>>[2], string, RegExp][] = [
      [{ lesson: 'no-such-lesson', stepId: 'x', answer: '1' }, 'not_found', /no lesson "no-such-lesson"/],
      [{ lesson: 'ipc', stepId: 'make-segment', answer: '1' }, 'not_found', /asks for no prediction/],
      [{ lesson: 'uts', stepId: 'look-in', answer: 'lab' }, 'bad_request', /not one of the choices: `web1`, `lab`/],
      [{ lesson: 'ipc', stepId: 'fresh-view', answer: '   ' }, 'bad_request', /give an answer/],
      [{ lesson: 'ipc', stepId: 'fresh-view', answer: 'x'.repeat(81) }, 'bad_request', /at most 80 characters/],
    ];
    for (const [payload, code, message] of cases) {
      const reply = await request(page, 'prediction:save', payload);
      expect(reply.ok ? null : reply.error.code).toBe(code);
      expect(reply.ok ? null : reply.error.message).toMatch(message);
    }
    expect(await request(page, 'prediction:save', { lesson: 'ipc', stepId: 'fresh-view', answer: 1 } as never)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await requestOk(page, 'prediction:list', { lesson: 'ipc' })).toEqual([]);
  });

  it('forgets the answers with the lesson progress, and refuses visitors without the join code', async () => {
    const { cookie } = await joinAsLearner(lab, WORKSHOP.joinCode);
    const page = await connect(cookie);
    await requestOk(page, 'prediction:save', { lesson: 'ipc', stepId: 'fresh-view', answer: '0' });
    await requestOk(page, 'progress:reset', { lesson: 'ipc' });
    expect(await requestOk(page, 'prediction:list', { lesson: 'ipc' })).toEqual([]);
    const visitor = await connect();
    expect(await request(visitor, 'prediction:save', { lesson: 'ipc', stepId: 'fresh-view', answer: '0' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('shows the instructor how the room answered, per prediction of the lessons open', async () => {
    const teacher = await connect((await joinAsInstructor(lab, WORKSHOP.instructorToken)).cookie);
    const updates: WorkshopSnapshot[] = [];
    teacher.on(PUSH.workshopUpdate, (u) => updates.push(u));
    await requestOk(teacher, 'instructor:watch', {});
    const answers = ['0', 'None', '1'];
    for (const answer of answers) {
      const learner = await connect((await joinAsLearner(lab, WORKSHOP.joinCode)).cookie);
      await requestOk(learner, 'session:open', { lesson: 'ipc' });
      await requestOk(learner, 'prediction:save', { lesson: 'ipc', stepId: 'fresh-view', answer });
    }
    const tally = () =>
      updates
        .at(-1)
        ?.lessons.find((l) => l.slug === 'ipc')
        ?.predictions.find((p) => p.stepId === 'fresh-view');
    // The last answer moves no learner: the tally alone must make the dashboard's picture change.
    await waitUntil(
      () => tally()?.answered === 3,
      () => `a pushed tally of 3 answers; the last was ${JSON.stringify(tally())}`,
      10_000,
    );
    expect(tally()?.question).toMatch(/How many segments/);
    expect(tally()).toMatchObject({
      rightAnswer: '0',
      // As many each: the right ones first.
      answers: [
        { answer: '0', count: 1, correct: true },
        { answer: 'None', count: 1, correct: true },
        { answer: '1', count: 1, correct: false },
      ],
    });
  });
});
