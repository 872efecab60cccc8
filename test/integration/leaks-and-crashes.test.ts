// Nothing leaks: 200 session open/close cycles, and a server killed with SIGKILL leaves nothing once a new one starts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listAllSessionCgroups } from '../../server/machine/sandbox/cgroups';
import { connectClient, connectTo, newLearnerCookie, startTestLab, whenConnected, type LabClient } from '../support/lab';
import { expectNoLeaks, snapshotOurResources } from '../support/leaks';
import { requestOk, TerminalClient } from '../support/terminal-client';

describe('open/close cycles', () => {
  it('leave no process, mount, network namespace, cgroup or file descriptor behind', async () => {
    const lab = await startTestLab();
    const client = connectClient(lab);
    await whenConnected(client);
    // Warm up once: the first session loads modules and opens long-lived descriptors.
    await cycle(client);
    const scope = { dataDir: lab.dataDir, ...lab.uidRange };
    const before = await snapshotOurResources(scope);
    for (let i = 0; i < 200; i++) await cycle(client, i % 10 === 0);
    await expectNoLeaks(before, scope, 5_000);
    client.close();
    await lab.dispose();
  }, 240_000);
});

/** One session: open, a shell (now and then with a nested namespace and a background job), close. */
async function cycle(client: LabClient, busy = false): Promise<void> {
  const term = await TerminalClient.open(client, 'uts');
  if (busy) await term.run('ip netns add x; unshare --uts --pid --fork sleep 100 & sleep 200 & true');
  await requestOk(client, 'session:close', { sessionId: term.session.sessionId });
}

describe('a server killed with SIGKILL', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nslab-crash-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes its sandboxes with it, and the next start removes what is left', async () => {
    const { url: first, uidRange: serverRange } = await startServerProcess(dataDir, children);
    // A learner's cookie: the session then outlives the socket, as a real one would when the server dies.
    const cookie = newLearnerCookie();
    const socket = connectTo(first, { cookie });
    await whenConnected(socket);
    const session = await requestOk(socket, 'session:open', { lesson: 'uts' });
    await requestOk(socket, 'terminal:open', { sessionId: session.sessionId, name: 'one', cols: 80, rows: 24 });
    const ours = (await listAllSessionCgroups()).filter((d) => d.endsWith(session.sessionId));
    expect(ours.length).toBeGreaterThan(0);
    expect((await snapshotOurResources(serverRange)).processes.size).toBeGreaterThan(0);

    await expect.poll(() => tracersOf(serverRange.uidBase).length, { timeout: 30_000 }).toBe(1);

    children[0]!.kill('SIGKILL');
    socket.close();
    // The sandboxes die with their parent (bwrap --die-with-parent): no process of the old session remains.
    await expect.poll(async () => (await snapshotOurResources(serverRange)).processes.size, { timeout: 5_000 }).toBe(0);
    // Its exec tracer (bpftrace, root) dies with it too: its program names the server's uid range.
    await expect.poll(() => tracersOf(serverRange.uidBase), { timeout: 5_000 }).toEqual([]);

    await startServerProcess(dataDir, children);
    await expect.poll(async () => (await listAllSessionCgroups()).filter((d) => d.endsWith(session.sessionId)), { timeout: 5_000 }).toEqual([]);
  }, 60_000);
});

/** The exec tracers (bpftrace) still running for the uid range starting at `uidBase`, as "pid args" lines. */
function tracersOf(uidBase: number): string[] {
  const found = spawnSync('pgrep', ['-a', '-f', `uid >= ${uidBase} `], { encoding: 'utf8' });
  return found.stdout.split('\n').filter((l) => l.includes('bpftrace'));
}

/** `npm start` without the web app, on port 0; resolves with its URL and the host uids its sandboxes use. */
async function startServerProcess(dataDir: string, children: ChildProcess[]): Promise<{ url: string; uidRange: { uidBase: number; uidLimit: number } }> {
  // tsx as a loader in the server's own process (not its CLI, which would run the server as a child): SIGKILL must hit the server.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--api-only', '--port', '0'], {
    // No warm pool: a sandbox still starting when the server dies (bwrap's child waits for its parent
    // for a few milliseconds before it is bound to its life) is left until the next start removes it;
    // this test is about sandboxes that were running.
    env: { ...process.env, NSLAB_DATA_DIR: dataDir, NSLAB_LOG: '1', NSLAB_WARM_SANDBOXES: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 30_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /nslab ready: (http:\/\/[^/\s]+)/.exec(output);
      const uids = /host uids (\d+)-(\d+)/.exec(output);
      if (m && uids) {
        clearTimeout(timer);
        resolve({ url: m[1]!, uidRange: { uidBase: Number(uids[1]), uidLimit: Number(uids[2]) + 1 } });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
  });
}
