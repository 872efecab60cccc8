// Nothing leaks: 200 session open/close cycles, and a server killed with SIGKILL leaves nothing once a new one starts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listAllSessionCgroups } from '../../server/machine/sandbox/cgroups';
import { connectClient, connectTo, newLearnerCookie, startTestLab, whenConnected, type LabClient } from '../support/lab';
import { startLabProcess, type LabProcess, type UidRange } from '../support/lab-process';
import { expectNoLeaks, snapshotOurResources } from '../support/leaks';
import { requestOk, TerminalClient } from '../support/terminal-client';

describe('open/close cycles', () => {
  it('leave no process, mount, network namespace, cgroup or file descriptor behind', async () => {
    const lab = await startTestLab();
    const client = connectClient(lab);
    try {
      await whenConnected(client);
      // Warm up once: the first session loads modules and opens long-lived descriptors.
      await cycle(client);
      const scope = { dataDir: lab.dataDir, ...lab.uidRange };
      const before = await snapshotOurResources(scope);
      for (let i = 0; i < 200; i++) await cycle(client, i % 10 === 0);
      await expectNoLeaks(before, scope, 5_000);
    } finally {
      client.close();
      await lab.dispose();
    }
  }, 240_000);
});

/** One session: open, a shell (now and then with a nested namespace and a background job), close. */
async function cycle(client: LabClient, busy = false): Promise<void> {
  const term = await TerminalClient.open(client, 'uts');
  if (busy) await term.run('ip netns add x; unshare --uts --pid --fork sleep 100 & sleep 200 & true');
  await requestOk(client, 'session:close', { sessionId: term.session.sessionId });
}

describe('a server killed with SIGKILL', () => {
  // One data directory for both servers: the second start finds what the first left.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nslab-crash-'));
  const labs: LabProcess[] = [];
  afterAll(async () => {
    for (const lab of labs) await lab.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes its sandboxes with it, and the next start removes what is left', async () => {
    const first = await startServer(dataDir, labs);
    const serverRange = first.uidRange;
    // A learner's cookie: the session then outlives the socket, as a real one would when the server dies.
    const cookie = newLearnerCookie();
    const socket = connectTo(first.lab.origin, { cookie });
    try {
      await whenConnected(socket);
      const session = await requestOk(socket, 'session:open', { lesson: 'uts' });
      await requestOk(socket, 'terminal:open', { sessionId: session.sessionId, name: 'one', cols: 80, rows: 24 });
      const ours = (await listAllSessionCgroups()).filter((d) => d.endsWith(session.sessionId));
      expect(ours.length).toBeGreaterThan(0);
      expect((await snapshotOurResources(serverRange)).processes.size).toBeGreaterThan(0);

      // Its exec tracer has attached (other tracers of the range, e.g. for syscalls, may run beside it).
      await expect.poll(() => tracersOf(serverRange.uidBase).some((l) => l.includes('sched_process_exec')), { timeout: 30_000 }).toBe(true);

      await first.lab.kill();
      socket.close();
      // The sandboxes die with their parent (bwrap --die-with-parent): no process of the old session remains.
      await expect.poll(async () => (await snapshotOurResources(serverRange)).processes.size, { timeout: 5_000 }).toBe(0);
      // Its tracers (bpftrace, root) die with it too: their programs name the server's uid range.
      await expect.poll(() => tracersOf(serverRange.uidBase), { timeout: 5_000 }).toEqual([]);

      await startServer(dataDir, labs);
      await expect.poll(async () => (await listAllSessionCgroups()).filter((d) => d.endsWith(session.sessionId)), { timeout: 5_000 }).toEqual([]);
    } finally {
      socket.close();
    }
  }, 60_000);
});

/** The exec tracers (bpftrace) still running for the uid range starting at `uidBase`, as "pid args" lines. */
function tracersOf(uidBase: number): string[] {
  const found = spawnSync('pgrep', ['-a', '-f', `uid >= ${uidBase} `], { encoding: 'utf8' });
  return found.stdout.split('\n').filter((l) => l.includes('bpftrace'));
}

/** `npm start` without the web app, on port 0, on `dataDir`; the lab and the host uids its sandboxes use. */
async function startServer(dataDir: string, labs: LabProcess[]): Promise<{ lab: LabProcess; uidRange: UidRange }> {
  // No warm pool: a sandbox still starting when the server dies (bwrap's child waits for its parent
  // for a few milliseconds before it is bound to its life) is left until the next start removes it;
  // this test is about sandboxes that were running.
  const lab = await startLabProcess({ NSLAB_WARM_SANDBOXES: '0' }, { args: ['--api-only'], dataDir, startTimeoutMs: 30_000 });
  labs.push(lab);
  if (!lab.uidRange) throw new Error(`the server did not say which host uids its sandboxes use:\n${lab.output()}`);
  return { lab, uidRange: lab.uidRange };
}
