// A node whose PostgreSQL goes away: it opens no new sandbox (it cannot tell whether another node holds the learner's), says so to the learner, keeps serving the sessions it has, is not ready while the database is down, and takes sessions again by itself once it is back.
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_UNREACHABLE_MESSAGE } from '../../server/cluster/node-homes';
import { stringMatching } from '../support/matchers';
import { connectClient, newLearnerCookie, startTestLab, whenConnected, type LabClient, type TestLab } from '../support/lab';
import { postgresMissing, startPostgres, type ThrowawayPostgres } from '../support/postgres';
import { request, TerminalClient } from '../support/terminal-client';
import { waitUntil } from '../support/wait';

const missing = postgresMissing();
/** Longest the node may take to notice the database left or came back (in milliseconds): a few heartbeats. */
const NOTICE_MS = 10_000;

let cluster: ThrowawayPostgres | undefined;
let lab: TestLab | undefined;
const clients: LabClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await lab?.dispose();
  lab = undefined;
  await cluster?.dispose();
  cluster = undefined;
});

const readiness = async (origin: string) => {
  const res = await fetch(`${origin}/readyz`);
  return { status: res.status, body: (await res.json()) as { ok: boolean; reason?: string } };
};

describe.skipIf(missing !== null)(missing ? `a node without its database (skipped: ${missing})` : 'a node without its database', () => {
  it('refuses new sandboxes with a clear message while PostgreSQL is stopped, keeps its sessions, is not ready, and recovers by itself', async () => {
    cluster = await startPostgres();
    lab = await startTestLab({ env: { NSLAB_DATABASE_URL: await cluster.createDatabase(), NSLAB_NODE_ID: 'node-o' } });
    const origin = lab.server.origin;
    const learner = async () => {
      const client = connectClient(lab!, { cookie: newLearnerCookie() });
      clients.push(client);
      await whenConnected(client);
      return client;
    };
    const ada = await learner();
    const adaTerm = await TerminalClient.open(ada, 'uts');
    expect((await adaTerm.run('echo before-$((6*7))')).trim()).toBe('before-42');
    expect((await readiness(origin)).status).toBe(200);

    await cluster.stop();
    await waitUntil(async () => (await readiness(origin)).status === 503, 'the node to report itself not ready', NOTICE_MS);
    expect(await readiness(origin)).toEqual({ status: 503, body: { ok: false, node: 'node-o', reason: stringMatching(/database is out of reach/) } });
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);

    // A learner new to the lab: their home cannot be looked up, so no sandbox is started for them.
    const bob = await learner();
    expect(await request(bob, 'session:open', { lesson: 'pid' })).toEqual({ ok: false, error: { code: 'machine_failed', message: DATABASE_UNREACHABLE_MESSAGE } });
    expect(lab.server.sessions.size).toBe(1);
    // Everything else keeps working: the live session's terminal, and the session itself when its learner asks again.
    expect((await adaTerm.run('echo during-$((6*7))')).trim()).toBe('during-42');
    expect(await request(ada, 'session:open', { lesson: 'uts' })).toMatchObject({ ok: true, value: { resumed: true } });

    await cluster.start();
    await waitUntil(async () => (await readiness(origin)).status === 200, 'the node to be ready again', NOTICE_MS);
    const bobTerm = await TerminalClient.open(bob, 'pid');
    expect((await bobTerm.run('echo after-$((6*7))')).trim()).toBe('after-42');
    expect(lab.server.sessions.size).toBe(2);
  }, 60_000);
});
