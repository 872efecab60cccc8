// /healthz and /readyz answer without a secret; a draining node fails readiness, turns away pages and new sockets, tells its learners, takes no new session, and closes once they leave; SIGUSR2 drains a node run by hand or by systemd, which exits once its learners have left.
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerNotice } from '../../core/protocol';
import { stringMatching } from '../support/matchers';
import { connectClient, connectTo, newLearnerCookie, startTestLab, whenConnected, type LabClient, type TestLab } from '../support/lab';
import { startLabProcess, type LabProcess } from '../support/lab-process';
import { request, TerminalClient } from '../support/terminal-client';
import { waitUntil } from '../support/wait';

let lab: TestLab | undefined;
let node: LabProcess | undefined;
const clients: LabClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await lab?.dispose();
  lab = undefined;
  await node?.stop();
  node = undefined;
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

describe('draining by signal', () => {
  it('SIGUSR2 drains a node started as npm start does (no NSLAB_DRAIN_SECONDS): it keeps its learner, takes nobody new, and exits by itself once they leave', async () => {
    node = await startLabProcess({ NSLAB_NODE_ID: 'node-u' }, { args: ['--api-only'] });
    const origin = node.origin;
    const client = connectTo(origin, { cookie: newLearnerCookie() });
    clients.push(client);
    await whenConnected(client);
    const notices: ServerNotice[] = [];
    client.on('server:notice', (n) => notices.push(n));
    const term = await TerminalClient.open(client, 'uts');

    node.child.kill('SIGUSR2');
    await waitUntil(() => notices.some((n) => /going away for maintenance/.test(n.error.message)), 'the maintenance notice');
    expect(await (await fetch(`${origin}/readyz`)).json()).toMatchObject({ ok: false, node: 'node-u', reason: stringMatching(/draining/) });
    // Not stopped: the learner's terminal works, a second SIGUSR2 changes nothing, and the node stays while they are here.
    node.child.kill('SIGUSR2');
    expect((await term.run('echo during-$((6*7))')).trim()).toBe('during-42');
    expect(await request(client, 'session:open', { lesson: 'pid' })).toMatchObject({ ok: false, error: { message: stringMatching(/maintenance/) } });
    expect(node.child.exitCode).toBeNull();
    expect(node.output()).toMatch(/SIGUSR2: draining \(at most 1800 s; the node exits once its learners have left/);
    const draining = node;
    await waitUntil(() => /SIGUSR2: already draining/.test(draining.output()), 'the second SIGUSR2 to be logged and ignored');

    client.close();
    const child = node.child;
    await waitUntil(
      () => child.exitCode !== null || child.signalCode !== null,
      () => `the drained node to exit by itself:\n${node?.output().slice(-800)}`,
      15_000,
    );
    expect(child.exitCode).toBe(0);
  }, 120_000);
});
