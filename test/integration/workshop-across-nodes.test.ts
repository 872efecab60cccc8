// One workshop on two lab nodes sharing PostgreSQL and Redis: a learner on one node is seen (with the node holding them), peeked at and ended by the instructor on the other; a node whose Redis dies keeps serving; one that cannot reach Redis does not start.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { PUSH, type WorkshopSnapshot } from '../../core/protocol';
import { deriveSecrets } from '../../server/workshop/workshop-access';
import { connectClient, connectTo, newLearnerCookie, startTestLab, whenConnected, type LabClient, type TestLab } from '../support/lab';
import { startLabProcess } from '../support/lab-process';
import { expectNoLeaks, snapshotOurResources } from '../support/leaks';
import { postgresMissing, startPostgres, type ThrowawayPostgres } from '../support/postgres';
import { redisMissing, startRedis, type ThrowawayRedis } from '../support/redis';
import { request, requestOk, stripAnsi, TerminalClient } from '../support/terminal-client';
import { waitUntil } from '../support/wait';
import { joinAsInstructor, joinAsLearner } from '../support/workshop';

const missing = redisMissing() ?? postgresMissing();
/** What every node of the test workshop is started with: its identity comes from this secret alone. */
const WORKSHOP_SECRET = 'workshop-across-nodes-secret-0123456789';
const { joinCode, instructorToken } = deriveSecrets(WORKSHOP_SECRET);

const sessionsOf = (s: WorkshopSnapshot) => s.learners.flatMap((l) => l.sessions.map((x) => x.sessionId));

describe.skipIf(missing !== null)(missing ? `a workshop across nodes (skipped: ${missing})` : 'a workshop across nodes', () => {
  let postgres: ThrowawayPostgres;
  let redis: ThrowawayRedis;
  let nodeA: TestLab;
  let nodeB: TestLab;
  const clients: LabClient[] = [];
  const connect = async (lab: TestLab, cookie: string) => {
    const client = connectClient(lab, { cookie });
    clients.push(client);
    await whenConnected(client);
    return client;
  };

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
    const env = {
      NSLAB_DATABASE_URL: await postgres.createDatabase(),
      NSLAB_REDIS_URL: redis.url,
      NSLAB_WORKSHOP: '1',
      NSLAB_WORKSHOP_SECRET: WORKSHOP_SECRET,
      // No warm sandboxes: the only sandbox of node A is the learner's, so its end can be seen.
      NSLAB_WARM_SANDBOXES: '0',
    };
    // Each node has its own data directory and sandboxes; all they share is the database, Redis and the secret.
    [nodeA, nodeB] = await Promise.all([startTestLab({ env: { ...env, NSLAB_NODE_ID: 'node-a' } }), startTestLab({ env: { ...env, NSLAB_NODE_ID: 'node-b' } })]);
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    for (const lab of [nodeA, nodeB]) await lab?.dispose();
    await redis?.dispose();
    await postgres?.dispose();
  });

  it('gives every node the same join code and instructor token, so a learner joined on one is joined on the other', async () => {
    expect(nodeA.server.workshop?.joinCode).toBe(joinCode);
    expect(nodeB.server.workshop?.joinCode).toBe(joinCode);
    const joined = await joinAsLearner(nodeA, joinCode);
    expect(joined.status).toBe(303);
    const onB = await connect(nodeB, `${newLearnerCookie()}; ${joined.cookie}`);
    expect(await requestOk(onB, 'learner:rename', { displayName: 'Joined on A' })).toBeDefined();
    expect((await joinAsInstructor(nodeA, instructorToken)).status).toBe(303);
  });

  it('shows the instructor on node B a learner of node A as they join, their terminal read-only, and ends their session there', async () => {
    const scopeA = nodeA.uidRange;
    const before = await snapshotOurResources(scopeA);
    const teacher = await joinAsInstructor(nodeB, instructorToken);
    const instructor = await connect(nodeB, teacher.cookie);
    const updates: WorkshopSnapshot[] = [];
    instructor.on(PUSH.workshopUpdate, (u) => updates.push(u));
    await requestOk(instructor, 'instructor:watch', {});

    // The learner joins on node A and opens a lesson there: node B's dashboard shows them, named and with the session.
    const joined = await joinAsLearner(nodeA, joinCode);
    const learner = await connect(nodeA, `${newLearnerCookie()}; ${joined.cookie}`);
    await requestOk(learner, 'learner:rename', { displayName: 'Ada on A' });
    await waitUntil(() => updates.some((u) => u.learners.some((l) => l.name === 'Ada on A' && l.online)), "the learner of node A online on node B's dashboard", 10_000);
    const ada = await TerminalClient.open(learner, 'uts');
    expect(nodeA.server.sessions.size).toBe(1);
    expect(nodeB.server.sessions.size).toBe(0);
    await waitUntil(() => updates.some((u) => sessionsOf(u).includes(ada.session.sessionId)), "the session of node A on node B's dashboard", 10_000);
    const latest = updates.at(-1)!;
    expect(latest.learners.find((l) => l.name === 'Ada on A')?.sessions[0]).toMatchObject({ lesson: 'uts', node: 'node-a', terminals: [expect.objectContaining({ terminalId: ada.terminalId })] });
    expect(latest.lessons.map((l) => l.slug)).toContain('uts');

    // A learner of node B beside her: each session names the node holding it, the instructor's own and the other.
    const bo = await TerminalClient.open(await connect(nodeB, `${newLearnerCookie()}; ${(await joinAsLearner(nodeB, joinCode)).cookie}`), 'uts');
    const nodeOf = (u: WorkshopSnapshot, sessionId: string) => u.learners.flatMap((l) => l.sessions).find((x) => x.sessionId === sessionId)?.node;
    await waitUntil(() => nodeOf(updates.at(-1)!, bo.session.sessionId) !== undefined, "node B's own session on its dashboard", 10_000);
    expect([nodeOf(updates.at(-1)!, ada.session.sessionId), nodeOf(updates.at(-1)!, bo.session.sessionId)]).toEqual(['node-a', 'node-b']);
    await requestOk(instructor, 'instructor:end-session', { sessionId: bo.session.sessionId });

    // The peek: the screen now, then what the learner types on node A, on node B's instructor page.
    const seen: string[] = [];
    instructor.stream.onOutput((o) => void (o.terminalId === ada.terminalId && seen.push(Buffer.from(o.data).toString())));
    const observed = await requestOk(instructor, 'instructor:observe', { terminalId: ada.terminalId });
    expect(observed).toMatchObject({ terminalId: ada.terminalId, cols: 100, rows: 30 });
    expect(stripAnsi(observed.screen)).toMatch(/[#$]/);
    await ada.run('echo typed-on-node-a-$((6*7))');
    await waitUntil(() => stripAnsi(seen.join('')).includes('typed-on-node-a-42'), "the learner's output in the read-only view on node B", 10_000);
    // Read-only across nodes too: the instructor's keystrokes reach no shell.
    instructor.stream.input(ada.terminalId, 'echo instructor-typed\r');
    expect(await ada.run('echo still-mine')).toContain('still-mine');
    expect(ada.output).not.toContain('instructor-typed');

    // Ending it from node B: the learner is told, node A holds no session and no sandbox process any more.
    const ended = new Promise<string>((resolve) => learner.on(PUSH.sessionEnded, (e) => resolve(e.reason)));
    await requestOk(instructor, 'instructor:end-session', { sessionId: ada.session.sessionId });
    expect(await ended).toBe('ended by the instructor');
    expect(nodeA.server.sessions.size).toBe(0);
    // Node A's sandbox processes and cgroups are gone (this test's own descriptors are not the point: its clients stay open).
    await expectNoLeaks({ ...before, fdCount: Number.POSITIVE_INFINITY }, scopeA, 10_000);
    await waitUntil(() => !sessionsOf(updates.at(-1)!).includes(ada.session.sessionId), "the ended session gone from node B's dashboard", 10_000);
    expect(await request(instructor, 'instructor:end-session', { sessionId: ada.session.sessionId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  }, 60_000);
  it('shows node B only its own learners while Redis is away, and every node again once it is back', async () => {
    const teacher = await joinAsInstructor(nodeB, instructorToken);
    const instructor = await connect(nodeB, teacher.cookie);
    await redis.kill();
    const joined = await joinAsLearner(nodeA, joinCode);
    const grace = await TerminalClient.open(await connect(nodeA, `${newLearnerCookie()}; ${joined.cookie}`), 'uts');
    // Node A serves its learner without Redis; node B's picture holds node B only (no learner of A, no error).
    expect(await grace.run('echo without-redis-$((6*7))')).toContain('without-redis-42');
    expect(sessionsOf(await requestOk(instructor, 'instructor:watch', {}))).not.toContain(grace.session.sessionId);
    const updates: WorkshopSnapshot[] = [];
    instructor.on(PUSH.workshopUpdate, (u) => updates.push(u));
    await redis.restart();
    await waitUntil(() => updates.some((u) => sessionsOf(u).includes(grace.session.sessionId)), "node A's session on node B's dashboard once Redis is back", 15_000);
    await requestOk(instructor, 'instructor:end-session', { sessionId: grace.session.sessionId });
    expect(nodeA.server.sessions.size).toBe(0);
  }, 60_000);
});

describe.skipIf(missing !== null)(missing ? `a node and its Redis (skipped: ${missing})` : 'a node and its Redis', () => {
  it('keeps serving its own learners and instructor when Redis dies, and says so in its log', async () => {
    const redis = await startRedis();
    onTestFinished(() => redis.dispose());
    const lab = await startLabProcess(
      { NSLAB_REDIS_URL: redis.url, NSLAB_WORKSHOP: '1', HOST: '127.0.0.1', NSLAB_WORKSHOP_SECRET: WORKSHOP_SECRET, NSLAB_WARM_SANDBOXES: '0' },
      { args: ['--api-only'] },
    );
    onTestFinished(async () => void (await lab.stop()));
    const clients: LabClient[] = [];
    onTestFinished(() => clients.forEach((c) => c.close()));
    const connectWith = async (cookie: string) => {
      const client = connectTo(lab.origin, { cookie });
      clients.push(client);
      await client.ready;
      return client;
    };

    await redis.kill();
    await waitUntil(
      () => lab.output().includes('lost the Redis connection'),
      () => `the node to log the lost Redis connection:\n${lab.output()}`,
      10_000,
    );
    expect(lab.output()).not.toMatch(/unhandled|uncaught/i);

    const joined = await fetch(`${lab.origin}/join?code=${joinCode}`, { redirect: 'manual' });
    const joinedCookie = joined.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
    const learner = await TerminalClient.open(await connectWith(`${newLearnerCookie()}; ${joinedCookie}`), 'uts');
    expect(await learner.run('echo still-serving-$((6*7))')).toContain('still-serving-42');
    const teacher = await fetch(`${lab.origin}/instructor?token=${instructorToken}`, { redirect: 'manual' });
    const instructor = await connectWith(
      teacher.headers
        .getSetCookie()
        .map((c) => c.split(';')[0]!)
        .join('; '),
    );
    const snapshot = await requestOk(instructor, 'instructor:watch', {});
    expect(sessionsOf(snapshot)).toEqual([learner.session.sessionId]);

    for (const c of clients) c.close();
    // It still stops cleanly, its sandboxes gone, though Redis never came back.
    expect(await lab.stop()).toBeNull();
  }, 60_000);

  it('refuses to start a node whose Redis cannot be reached, and says why without the password', async () => {
    // The host machine starts nothing of its own, so a node that fails to start leaves nothing behind but this directory.
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nslab-no-redis-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    await expect(startTestLab({ dataDir, machine: 'host', env: { NSLAB_REDIS_URL: 'redis://:s3cret@127.0.0.1:1' } })).rejects.toThrow(
      /^cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1: .*ECONNREFUSED.*; check that it runs and NSLAB_REDIS_URL is right$/,
    );
  });
});
