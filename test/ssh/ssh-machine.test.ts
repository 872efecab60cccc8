// The `ssh` lab machine against a real sshd in a network namespace of the test's own: terminals, resize, probe, isolation, teardown and errors.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { IPty } from 'node-pty';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Sandbox } from '../../server/machine/machine';
import { createSshMachine, type SshMachine } from '../../server/machine/ssh/ssh-machine';
import type { SshTarget } from '../../server/machine/ssh/ssh-target';
import { probeProcesses } from '../../server/probe/run-probe';
import { sshdProblemSaid, startSshd, TEST_LIMITS, type TestSshd } from '../support/sshd';

const problem = sshdProblemSaid('the ssh machine tests');
const INSTANCE = `t${process.pid}`;

/** Collects a pty's output until `pattern` shows (or fails after a while, with what it saw). */
function waitFor(shell: IPty, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${pattern}; saw: ${JSON.stringify(seen.slice(-500))}`));
    }, timeoutMs);
    const sub = shell.onData((d) => {
      seen += typeof d === 'string' ? d : Buffer.from(d).toString('utf8');
      if (pattern.test(seen)) {
        clearTimeout(timer);
        sub.dispose();
        resolve(seen);
      }
    });
  });
}

describe.skipIf(problem !== null)('the ssh machine', () => {
  let sshd: TestSshd;
  let machine: SshMachine;
  let target: SshTarget;

  beforeAll(async () => {
    sshd = await startSshd();
    target = sshd.target;
    machine = createSshMachine({ target, instance: INSTANCE, limits: TEST_LIMITS });
  });

  afterAll(async () => {
    await machine?.dispose();
    await sshd?.stop();
  });

  it('connects once, checks the machine and says so', async () => {
    await machine.cleanupStale();
    expect(machine.status?.()).toMatchObject({ state: 'ready' });
    expect(machine.describe()).toContain(sshd.host);
  });

  it('runs a terminal in the session: typed into, resized, in namespaces of its own', async () => {
    const opened = await machine.openSandbox('term-1');
    if (!opened.ok) throw new Error(opened.error.message);
    const sandbox = opened.value;
    // Closed even when an assertion fails, so the next test counts only its own sessions on the machine.
    onTestFinished(() => sandbox.dispose());
    const shell = spawnOk(sandbox.spawnShell({ cols: 100, rows: 30 }, { NSLAB_TERMINAL: 'main' }));
    shell.write('echo "host=$(hostname) term=$NSLAB_TERMINAL size=$(stty size) pid1=$(cat /proc/1/comm) id=$(id -u)"\r');
    await waitFor(shell, /host=lab term=main size=30 100 pid1=bwrap id=0/);
    shell.resize(120, 40);
    // The local ssh sends the new size as a window-change request, which may reach the machine after the
    // next command does: the shell there waits for the size to change (waitFor fails if it never does).
    shell.write('until [ "$(stty size)" = "40 120" ]; do sleep 0.05; done; echo "now=$(stty size)"\r');
    await waitFor(shell, /now=40 120/);
    // The session's network namespace has only its own loopback.
    const links = await sandbox.exec(['ip', '-o', 'link']);
    expect(links.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('probes the session: its shells and their namespaces, nothing of the host', async () => {
    const sandbox = await open('probe-1');
    const shell = spawnOk(sandbox.spawnShell({ cols: 80, rows: 24 }, { NSLAB_TERMINAL: 'main' }));
    shell.write('unshare --uts sleep 300 &\r');
    await waitFor(shell, /\[1\] \d+/);
    const snapshot = await probeProcesses(sandbox);
    if (!snapshot.ok) throw new Error(snapshot.error);
    const names = snapshot.value.processes.map((p) => p.comm);
    expect(names).toContain('bash');
    expect(names).toContain('sleep');
    expect(names).not.toContain('sshd');
    const bash = snapshot.value.processes.find((p) => p.comm === 'bash')!;
    expect(bash.terminal).toBe('main');
    await sandbox.dispose();
  });

  it('keeps sessions apart, and closing one leaves nothing of it on the machine', async () => {
    const [a, b] = [await open('apart-a'), await open('apart-b')];
    const netOf = async (s: Sandbox) => (await s.exec(['readlink', '/proc/self/ns/net'])).stdout.trim();
    expect(await netOf(a)).not.toBe(await netOf(b));
    const mapOf = async (x: Sandbox) => (await x.exec(['cat', '/proc/self/uid_map'])).stdout.trim();
    expect(await mapOf(a)).not.toBe(await mapOf(b));
    await a.exec(['sh', '-c', 'sleep 300 >/dev/null 2>&1 &']);
    const dir = `/run/nslab-sessions/${INSTANCE}`;
    const anchors = readdirSync(dir)
      .filter((n) => n !== 'etc')
      .map((n) => readFileSync(`${dir}/${n}/anchor`, 'utf8').trim());
    expect(anchors).toHaveLength(2);
    await a.dispose();
    await b.dispose();
    for (const pid of anchors) expect(existsSync(`/proc/${pid}`)).toBe(false);
    expect(existsSync(`${dir}/apart-a`)).toBe(false);
    const gone = await a.exec(['true']);
    expect(gone.stderr).toMatch(/the session has ended/);
  });

  it('explains a refused connection, a changed host key and a refused login', async () => {
    const tryTarget = async (t: SshTarget) => {
      const m = createSshMachine({ target: t, instance: INSTANCE, limits: TEST_LIMITS });
      try {
        const opened = await m.openSandbox('never');
        expect(opened.ok).toBe(false);
        expect(m.status?.().state).toBe('failed');
        return opened.ok ? '' : opened.error.message;
      } finally {
        await m.dispose();
      }
    };
    expect(await tryTarget({ ...target, port: 2 })).toMatch(/refused the SSH connection/);
    const forged = path.join(sshd.dir, 'forged_known_hosts');
    writeFileSync(forged, `${sshd.host} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBNd2mgOzCGt3oGAV4k4RY6p1ecfGqAnjlx7tZk5ZlBn\n`);
    expect(await tryTarget({ ...target, knownHostsFile: forged })).toMatch(/host key .* changed/);
    expect(await tryTarget({ ...target, identityFile: path.join(sshd.dir, 'host_key') })).toMatch(/refused the login/);
  });

  async function open(id: string): Promise<Sandbox> {
    const opened = await machine.openSandbox(id);
    if (!opened.ok) throw new Error(opened.error.message);
    return opened.value;
  }
});

function spawnOk(r: ReturnType<Sandbox['spawnShell']>): IPty {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
