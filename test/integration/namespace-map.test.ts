// The namespace map's data over socket.io: updates as the learner types, and facts of a clicked namespace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcessTree } from '../../core/probe/process-tree';
import { PUSH, type MapUpdate, type ProgressUpdate } from '../../core/protocol';
import { connectClient, startTestLab, whenConnected, type LabClient, type TestLab } from '../support/lab';
import { requestOk, TerminalClient } from '../support/terminal-client';
import { waitUntil } from '../support/wait';

describe('namespace map updates', () => {
  let lab: TestLab;
  let client: LabClient;
  let term: TerminalClient;
  const updates: MapUpdate[] = [];

  beforeAll(async () => {
    lab = await startTestLab();
    client = connectClient(lab);
    await whenConnected(client);
    client.on('map:update', (u) => updates.push(u));
    term = await TerminalClient.open(client, 'uts');
  });

  afterAll(async () => {
    client?.close();
    await lab?.dispose();
  });

  const latest = () => new ProcessTree(updates.at(-1)!.snapshot);
  const inNewUtsAndPid = () => latest().processes.find((p) => p.comm === 'sh' && latest().isNew(p, 'uts') && latest().isNew(p, 'pid'));

  it('sends the map once the page watches it, and nothing while nobody does', async () => {
    const checked: ProgressUpdate[] = [];
    client.on(PUSH.progressUpdate, (u) => checked.push(u));
    // A command that passes step 1 by itself: its automatic check runs after the terminal was quiet for
    // longer than the map's debounce, so it reaches this connection after any map update would have.
    term.type('readlink /proc/$$/ns/uts\r');
    await waitUntil(() => checked.some((u) => u.checked?.automatic === true), 'the automatic check of step 1', 10_000);
    expect(updates).toHaveLength(0);
    client.emit('map:watch', { sessionId: term.session.sessionId, visible: true });
    await expect.poll(() => updates.length).toBe(1);
    expect(latest().processes.some((p) => p.comm === 'bash' && latest().terminal(p) === 'one')).toBe(true);
  });

  it('shows a new namespace under its terminal soon after the command, and drops it after exit', async () => {
    term.type('unshare --uts --pid --fork sh\r');
    await expect.poll(() => inNewUtsAndPid()?.nspid.at(-1), { timeout: 3_000, interval: 20 }).toBe(1);
    const sh = inNewUtsAndPid()!;
    expect(latest().terminal(sh)).toBe('one');

    const facts = await requestOk(client, 'map:facts', { sessionId: term.session.sessionId, pid: sh.pid, type: 'uts' });
    expect(facts.inode).toBe(sh.ns.uts);
    expect(facts.items).toContainEqual({ label: 'hostname', value: 'lab' });

    term.type('hostname inner\r');
    await expect
      .poll(async () => (await requestOk(client, 'map:facts', { sessionId: term.session.sessionId, pid: sh.pid, type: 'uts' })).items.find((i) => i.label === 'hostname')?.value)
      .toBe('inner');

    const net = await requestOk(client, 'map:facts', { sessionId: term.session.sessionId, pid: sh.pid, type: 'net' });
    expect(net.items).toContainEqual({ label: 'interface', value: 'lo (up)' });

    term.type('exit\r');
    await expect.poll(() => inNewUtsAndPid(), { timeout: 3_000, interval: 20 }).toBeUndefined();
  });

  it('answers facts about a process that is gone', async () => {
    const facts = await requestOk(client, 'map:facts', { sessionId: term.session.sessionId, pid: 4_000_000, type: 'uts' });
    expect(facts.inode).toBeNull();
  });
});
