// Workshop mode against a real server: the join code hands out shells, instructor events stay the instructor's, observing is read-only.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUSH, type WorkshopSnapshot } from '../../core/protocol';
import { DATABASE_FILE } from '../../server/store/open-store';
import { connectClient, startTestLab, whenConnected, type LabClient, type TestLab } from '../support/lab';
import { request, requestOk, stripAnsi, TerminalClient } from '../support/terminal-client';
import { waitUntil } from '../support/wait';
import { joinAsInstructor, joinAsLearner } from '../support/workshop';
import { stringMatching } from '../support/matchers';

const WORKSHOP = { joinCode: 'JOIN-test-42', instructorToken: 'instructor-token-for-tests-0123' };

describe('workshop mode', () => {
  let lab: TestLab;
  const clients: LabClient[] = [];
  const connect = async (cookie?: string) => {
    const client = connectClient(lab, { cookie });
    clients.push(client);
    await whenConnected(client);
    return client;
  };

  beforeAll(async () => {
    lab = await startTestLab({ host: '0.0.0.0', workshop: WORKSHOP });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await lab?.dispose();
  });

  it('prints an instructor URL with its token and a join URL with the code', () => {
    expect(lab.server.workshop?.instructorUrl).toMatch(new RegExp(`/instructor\\?token=${WORKSHOP.instructorToken}$`));
    expect(lab.server.workshop?.joinUrl).toMatch(new RegExp(`/join\\?code=${WORKSHOP.joinCode}$`));
  });

  it('hands out no shell without the join code', async () => {
    const wrong = await joinAsLearner(lab, 'not-the-code');
    expect(wrong.status).toBe(401);
    const client = await connect();
    const refused = await request(client, 'session:open', { lesson: 'uts' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: stringMatching(/ask your instructor for the join link/) } });
    expect(lab.server.sessions.size).toBe(0);
  });

  it('stores nothing for a visitor without the join code: no name, no reset, no session (rows counted in SQLite)', async () => {
    const rows = () => {
      const db = new Database(path.join(lab.dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
      try {
        const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
        return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n]));
      } finally {
        db.close();
      }
    };
    const before = rows();
    const stranger = await connect();
    for (let i = 0; i < 20; i++) {
      expect(await request(stranger, 'learner:rename', { displayName: `stranger ${i}` })).toMatchObject({ ok: false, error: { code: 'forbidden', message: stringMatching(/join link/) } });
    }
    expect(await request(stranger, 'progress:reset', { lesson: 'uts' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await request(stranger, 'session:open', { lesson: 'uts' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Reading is allowed and stores nothing either.
    expect(await request(stranger, 'progress:catalogue', {})).toMatchObject({ ok: true });
    expect(await request(stranger, 'learner:profile', {})).toMatchObject({ ok: true, value: { displayName: null } });
    expect(rows()).toEqual(before);
  });

  it('trades the join code for an HttpOnly SameSite=Strict cookie that opens a shell', async () => {
    const joined = await joinAsLearner(lab, WORKSHOP.joinCode);
    expect(joined.status).toBe(303);
    const cookie = joined.setCookies.find((c) => c.startsWith('nslab_joined='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const term = await TerminalClient.open(await connect(joined.cookie), 'uts');
    expect((await term.run('echo joined-$((40+2))')).trim()).toBe('joined-42');
  });

  it('keeps the dashboard and instructor events from learners', async () => {
    const learner = await joinAsLearner(lab, WORKSHOP.joinCode);
    expect((await fetch(`${lab.server.origin}/instructor`, { headers: { cookie: learner.cookie } })).status).toBe(403);
    expect((await joinAsInstructor(lab, 'wrong-instructor-token-000')).status).toBe(401);
    const client = await connect(learner.cookie);
    for (const [event, payload] of [
      ['instructor:watch', {}],
      ['instructor:observe', { terminalId: 'whatever' }],
      ['instructor:end-session', { sessionId: 'whatever' }],
    ] as const) {
      expect(await request(client, event, payload as never)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('shows the instructor both learners live and one terminal read-only; learners cannot reach each other', async () => {
    const [a, b, teacher] = await Promise.all([joinAsLearner(lab, WORKSHOP.joinCode), joinAsLearner(lab, WORKSHOP.joinCode), joinAsInstructor(lab, WORKSHOP.instructorToken)]);
    const alice = await TerminalClient.open(await connect(a.cookie), 'uts');
    const bob = await TerminalClient.open(await connect(b.cookie), 'uts');

    // Bob guesses Alice's terminal and session ids: they do not exist for him.
    expect(await request(bob.client, 'terminal:attach', { terminalId: alice.terminalId, cols: 80, rows: 24, lastSeq: 0 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await request(bob.client, 'check:run', { sessionId: alice.session.sessionId, stepId: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    bob.client.stream.input(alice.terminalId, 'echo bob-was-here\r');

    const instructor = await connect(teacher.cookie);
    const updates: WorkshopSnapshot[] = [];
    instructor.on(PUSH.workshopUpdate, (u) => updates.push(u));
    const first = await requestOk(instructor, 'instructor:watch', {});
    const sessionsOf = (s: WorkshopSnapshot) => s.learners.flatMap((l) => l.sessions.map((x) => x.sessionId));
    expect(sessionsOf(first)).toEqual(expect.arrayContaining([alice.session.sessionId, bob.session.sessionId]));
    expect(first.learners.filter((l) => l.online).length).toBeGreaterThanOrEqual(2);

    // A failed check shows up live, with its reason.
    const step = alice.session.progress.current!;
    await requestOk(alice.client, 'check:run', { sessionId: alice.session.sessionId, stepId: step });
    await waitUntil(
      () => updates.some((u) => u.learners.some((l) => l.sessions.some((s) => s.sessionId === alice.session.sessionId && s.failures.length > 0))),
      'the failed check on the dashboard',
      10_000,
    );

    // The read-only view: the screen now, then live output; the learner keeps their terminal.
    const seen: string[] = [];
    instructor.stream.onOutput((o) => void (o.terminalId === alice.terminalId && seen.push(Buffer.from(o.data).toString())));
    const observed = await requestOk(instructor, 'instructor:observe', { terminalId: alice.terminalId });
    expect(stripAnsi(observed.screen)).toMatch(/[#$]/);
    await alice.run('echo typed-by-alice-$((6*7))');
    await waitUntil(() => stripAnsi(seen.join('')).includes('typed-by-alice-42'), "alice's output in the read-only view", 10_000);

    const notices: string[] = [];
    instructor.on(PUSH.serverNotice, (n) => notices.push(n.error.code));
    instructor.stream.input(alice.terminalId, 'echo instructor-typed\r');
    await waitUntil(() => notices.includes('forbidden'), "the notice refusing the instructor's input", 10_000);
    expect(await alice.run('echo still-mine')).toContain('still-mine');
    expect(alice.output).not.toContain('instructor-typed');
    expect(alice.output).not.toContain('bob-was-here');
  });

  it('lets the instructor end a learner session, and the learner is told', async () => {
    const [a, teacher] = await Promise.all([joinAsLearner(lab, WORKSHOP.joinCode), joinAsInstructor(lab, WORKSHOP.instructorToken)]);
    const carol = await TerminalClient.open(await connect(a.cookie), 'uts');
    const ended = new Promise<string>((resolve) => carol.client.on(PUSH.sessionEnded, (e) => resolve(e.reason)));
    const instructor = await connect(teacher.cookie);
    await requestOk(instructor, 'instructor:end-session', { sessionId: carol.session.sessionId });
    expect(await ended).toBe('ended by the instructor');
  });
});
