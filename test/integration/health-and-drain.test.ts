// /healthz and /readyz answer without a secret; a draining node fails readiness, turns away pages and new sockets, tells its learners, takes no new session, and closes once they leave.
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerNotice } from '../../core/protocol';
import { stringMatching } from '../support/matchers';
import { connectClient, newLearnerCookie, startTestLab, whenConnected, type TestLab } from '../support/lab';
import { request, TerminalClient } from '../support/terminal-client';
import { waitUntil } from '../support/wait';

let lab: TestLab | undefined;
afterEach(async () => {
  await lab?.dispose();
  lab = undefined;
});

describe('health', () => {
  it('answers /healthz and /readyz with the node id, without a token, beyond loopback', async () => {
    lab = await startTestLab({ host: '0.0.0.0', env: { NSLAB_NODE_ID: 'node-a' } });
    const live = await fetch(`${lab.server.origin}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ ok: true, node: 'node-a', draining: false });
    const ready = await fetch(`${lab.server.origin}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, node: 'node-a' });
    // Nothing but the probes is open without the token.
    expect((await fetch(`${lab.server.origin}/`)).status).toBe(401);
    expect((await fetch(`${lab.server.origin}/readyz`, { method: 'POST' })).status).toBe(405);
  });
});

describe('draining', () => {
  it('fails readiness, refuses pages, sockets and sessions, tells its learners, and closes once they leave', async () => {
    lab = await startTestLab({ env: { NSLAB_NODE_ID: 'node-d' } });
    const client = connectClient(lab, { cookie: newLearnerCookie() });
    await whenConnected(client);
    const notices: ServerNotice[] = [];
    client.on('server:notice', (n) => notices.push(n));
    const term = await TerminalClient.open(client, 'uts');
    expect((await term.run('echo before-$((6*7))')).trim()).toBe('before-42');

    let drained = false;
    const draining = lab.server.drain(60_000).then(() => (drained = true));
    await waitUntil(() => notices.some((n) => /going away for maintenance/.test(n.error.message)), 'the maintenance notice');

    const ready = await fetch(`${lab.server.origin}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ok: false, node: 'node-d', reason: stringMatching(/draining/) });
    expect((await fetch(`${lab.server.origin}/healthz`)).status).toBe(200);
    expect((await fetch(`${lab.server.origin}/`)).status).toBe(503);
    const late = connectClient(lab, { cookie: newLearnerCookie() });
    await expect(whenConnected(late)).rejects.toThrow();
    late.close();

    // The learner's own terminal still works; a new lesson does not open here.
    expect((await term.run('echo during-$((6*7))')).trim()).toBe('during-42');
    expect(await request(client, 'session:open', { lesson: 'pid' })).toMatchObject({ ok: false, error: { message: stringMatching(/maintenance/) } });
    expect(drained).toBe(false);

    client.close();
    await draining;
    expect(lab.server.sessions.size).toBe(0);
  });
});
