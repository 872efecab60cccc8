// Predictions against a real server: answers are judged and kept (the first counts), bad ones refused, reset forgets them, the page hears when the command ran, the instructor sees the room's tally, and an answer given after running is flagged and left out of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUSH, type PredictionRunsUpdate, type TimelineUpdate, type WorkshopSnapshot } from '../../core/protocol';
import { startTestLab, type LabClient, type TestLab } from '../support/lab';
import { request, requestOk, TerminalClient } from '../support/terminal-client';
import { waitUntil } from '../support/wait';
import { joinAsLearner, workshopClients } from '../support/workshop';

const WORKSHOP = { joinCode: 'JOIN-predict-7', instructorToken: 'instructor-token-for-predictions-01' };

describe('predictions', () => {
  let lab: TestLab;
  let room: ReturnType<typeof workshopClients>;

  beforeAll(async () => {
    lab = await startTestLab({ workshop: WORKSHOP });
    room = workshopClients(lab, WORKSHOP);
  });
  afterAll(async () => {
    room?.close();
    await lab?.dispose();
  });

  it('judges an answer, keeps the first one, and lists it on another page of the same learner', async () => {
    const { cookie } = await joinAsLearner(lab, WORKSHOP.joinCode);
    const page = await room.connect(cookie);
    const saved = await requestOk(page, 'prediction:save', { lesson: 'ipc', stepId: 'fresh-view', answer: ' 1 ' });
    expect(saved).toMatchObject({ stepId: 'fresh-view', answer: '1', correct: false });
    // A second answer does not replace the first: the reply says which one counts.
    expect(await requestOk(page, 'prediction:save', { lesson: 'ipc', stepId: 'fresh-view', answer: '0' })).toMatchObject({ answer: '1', correct: false });
    const reloaded = await room.connect(cookie);
    expect(await requestOk(reloaded, 'prediction:list', { lesson: 'ipc' })).toEqual([saved]);
    expect(await requestOk(reloaded, 'prediction:list', { lesson: 'uts' })).toEqual([]);
    // Short answers are compared without case, spaces or a full stop; choices must be spelled as declared.
    expect(await requestOk(reloaded, 'prediction:save', { lesson: 'uts', stepId: 'look-in', answer: '`lab`' })).toMatchObject({ correct: true });
  });

  it('refuses bad answers with a reason, and keeps serving', async () => {
    const page = await room.learner();
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
    const page = await room.learner();
    await requestOk(page, 'prediction:save', { lesson: 'ipc', stepId: 'fresh-view', answer: '0' });
    await requestOk(page, 'progress:reset', { lesson: 'ipc' });
    expect(await requestOk(page, 'prediction:list', { lesson: 'ipc' })).toEqual([]);
    const visitor = await room.connect();
    expect(await request(visitor, 'prediction:save', { lesson: 'ipc', stepId: 'fresh-view', answer: '0' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  /** What a page hears: when the learner ran what a prediction is about, the timeline, the progress. */
  function listen(client: LabClient) {
    const runs: PredictionRunsUpdate[] = [];
    const timeline: TimelineUpdate[] = [];
    const current: (string | null)[] = [];
    client.on(PUSH.predictionRuns, (u) => runs.push(u));
    client.on(PUSH.timelineUpdate, (u) => timeline.push(u));
    client.on(PUSH.progressUpdate, (u) => current.push(u.current));
    return { runs, timeline, current, ran: () => runs.flatMap((u) => u.runs) };
  }

  it('tells the page as soon as the step’s watched call ran, with the timeline’s entry; a page opened later hears it too', async () => {
    const { cookie } = await joinAsLearner(lab, WORKSHOP.joinCode);
    const page = await room.connect(cookie);
    const heard = listen(page);
    const term = await TerminalClient.open(page, 'net');
    await waitUntil(
      () => heard.timeline.at(-1)?.tracing.state === 'ready',
      () => `the syscall tracer to be ready; it is ${JSON.stringify(heard.timeline.at(-1)?.tracing)}`,
      60_000,
    );
    const saved = await requestOk(page, 'prediction:save', { lesson: 'net', stepId: 'compare', answer: 'No interfaces at all' });
    // `ip addr` makes no unshare call: the step watches `unshare CLONE_NEWNET`, so only the second command counts.
    await term.run('ip addr');
    await term.run('unshare --net ip addr');
    await waitUntil(() => heard.ran().length > 0, 'the page to hear that `unshare --net` ran', 10_000);
    const runs = heard.ran();
    expect(runs.every((r) => r.by === 'call')).toBe(true);
    expect(runs[0]).toMatchObject({
      stepId: 'compare',
      by: 'call',
      terminal: 'Terminal 1',
      entry: { call: 'unshare', text: 'unshare(CLONE_NEWNET)', result: { ok: true, value: 0 }, comm: 'unshare' },
    });
    expect(runs[0]!.at).toBeGreaterThanOrEqual(saved.at);
    // The PID as the sandbox shows it: small, not the host's.
    expect(runs[0]!.entry!.pid).toBeGreaterThan(1);
    expect(runs[0]!.entry!.pid).toBeLessThan(1000);

    const later = await room.connect(cookie);
    const heardLater = listen(later);
    await requestOk(later, 'session:open', { lesson: 'net' });
    await waitUntil(() => heardLater.runs.some((u) => u.replay), 'the replay of prediction runs on attach', 10_000);
    expect(heardLater.runs.find((u) => u.replay)!.runs).toEqual(runs);
  });

  it('for a step that watches no call, tells the page of a command in the step’s own terminal only, and forgets runs with the progress', async () => {
    const page = await room.learner();
    const heard = listen(page);
    const one = await TerminalClient.open(page, 'ipc');
    const two = await TerminalClient.reopen(one, 'two');
    // The first step asks no prediction: its commands are nobody's run.
    await one.run('ipcmk -M 1024');
    await waitUntil(() => heard.current.includes('fresh-view'), 'the first step to pass automatically', 15_000);
    await two.run('hostname');
    await one.run('ipcs -m');
    await waitUntil(() => heard.ran().length > 0, 'the page to hear that a command ran in Terminal 1', 10_000);
    expect(heard.ran()).toEqual([{ stepId: 'fresh-view', at: expect.any(Number) as number, by: 'command', terminal: 'Terminal 1', entry: null }]);

    await requestOk(page, 'progress:reset', { lesson: 'ipc' });
    await waitUntil(() => heard.runs.at(-1)?.replay === true, 'the runs to be forgotten with the progress', 10_000);
    expect(heard.runs.at(-1)!.runs).toEqual([]);
  });

  it('shows the instructor how the room answered, per prediction of the lessons open', async () => {
    const teacher = await room.instructor();
    const updates: WorkshopSnapshot[] = [];
    teacher.on(PUSH.workshopUpdate, (u) => updates.push(u));
    await requestOk(teacher, 'instructor:watch', {});
    const answers = ['0', 'None', '1'];
    for (const answer of answers) {
      const learner = await room.learner();
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

  it('flags an answer given after the learner ran the step’s command (the server saw the run), not one given before, and leaves it out of the tally', async () => {
    const teacher = await room.instructor();
    const updates: WorkshopSnapshot[] = [];
    teacher.on(PUSH.workshopUpdate, (u) => updates.push(u));
    await requestOk(teacher, 'instructor:watch', {});

    /** A learner on the IPC lesson's second step (its first passed), whose commands in Terminal 1 are what its prediction is about. */
    const onFreshView = async () => {
      const page = await room.learner();
      const heard = listen(page);
      const term = await TerminalClient.open(page, 'ipc');
      await term.run('ipcmk -M 1024');
      await waitUntil(() => heard.current.includes('fresh-view'), 'the first step to pass automatically', 15_000);
      return { page, heard, term };
    };

    // Predicts first, then runs: a prediction, even when their own later answer is asked for again.
    const first = await onFreshView();
    expect(await requestOk(first.page, 'prediction:save', { lesson: 'ipc', stepId: 'fresh-view', answer: '0' })).toMatchObject({ answer: '0', afterRun: false });
    await first.term.run('ipcs -m');
    await waitUntil(() => first.heard.ran().length > 0, 'the server to see the first learner run `ipcs -m`', 10_000);
    expect(await requestOk(first.page, 'prediction:list', { lesson: 'ipc' })).toMatchObject([{ answer: '0', afterRun: false }]);

    // Runs first, sees the empty list, then answers: kept, flagged by the server (the request says nothing about it).
    const second = await onFreshView();
    await second.term.run('ipcs -m');
    await waitUntil(() => second.heard.ran().length > 0, 'the server to see the second learner run `ipcs -m`', 10_000);
    const late = await requestOk(second.page, 'prediction:save', { lesson: 'ipc', stepId: 'fresh-view', answer: '0' });
    expect(late).toMatchObject({ answer: '0', correct: true, afterRun: true });
    expect(await requestOk(second.page, 'prediction:list', { lesson: 'ipc' })).toEqual([late]);

    // The room: the three answers of the test before and the first learner's count; the second's is only said.
    const tally = () =>
      updates
        .at(-1)
        ?.lessons.find((l) => l.slug === 'ipc')
        ?.predictions.find((p) => p.stepId === 'fresh-view');
    await waitUntil(
      () => tally()?.afterRun === 1,
      () => `a pushed tally with one answer after running; the last was ${JSON.stringify(tally())}`,
      10_000,
    );
    expect(tally()).toMatchObject({ answered: 4, afterRun: 1, answers: [{ answer: '0', count: 2, correct: true }, { answer: 'None' }, { answer: '1' }] });
  });
});
