// The seccomp filter in a real sandbox: io_uring and userfaultfd fail for the learner's shells and programs, the lessons' tools still work.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../server/machine/machine';
import { createSandboxMachine, type SandboxMachine } from '../../server/machine/sandbox-machine';
import { DEFAULT_SANDBOX_OPTIONS, UIDS_PER_SANDBOX, type SandboxOptions } from '../../server/machine/sandbox-options';
import { deniedCalls, isSeccompArch } from '../../server/machine/sandbox/seccomp-filter';
import { stripEscapes } from '../../server/terminals/output-log';
import { expectNoLeaks, snapshotOurResources, type Snapshot } from '../support/leaks';
import { waitUntil } from '../support/wait';

const OPTIONS: SandboxOptions = { ...DEFAULT_SANDBOX_OPTIONS, uidBase: DEFAULT_SANDBOX_OPTIONS.uidBase + 370 * UIDS_PER_SANDBOX, maxSandboxes: 1, warmSandboxes: 0, tmpfsBytes: 8 * 1024 * 1024 };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'nslab-seccomp-'));
let machine: SandboxMachine;
let before: Snapshot;
let scope: { uidBase: number; uidLimit: number };
let sandbox: Sandbox;

if (!isSeccompArch(process.arch)) throw new Error(`no seccomp filter for ${process.arch}`);
const nr = (name: string) => deniedCalls(process.arch as 'x64' | 'arm64').find((d) => d.name === name)!.nr;

/**
 * Prints "name errno-name" (or "name ok") for each call: io_uring_setup(1, NULL) and io_setup(1, NULL)
 * fail with EFAULT where io_uring and kernel AIO exist; userfaultfd(UFFD_USER_MODE_ONLY | O_CLOEXEC) needs no privilege (userfaultfd(2)).
 */
const PROBE = `
import ctypes, errno, os
libc = ctypes.CDLL(None, use_errno=True)
for name, nr, args in [('io_uring_setup', ${nr('io_uring_setup')}, (1, None)), ('io_setup', ${nr('io_setup')}, (1, None)), ('userfaultfd', ${nr('userfaultfd')}, (1 | os.O_CLOEXEC,))]:
    r = libc.syscall(nr, *args)
    print(name, 'ok' if r >= 0 else errno.errorcode[ctypes.get_errno()])
`;

beforeAll(async () => {
  const created = await createSandboxMachine({ ...OPTIONS, dataDir: path.join(tmp, 'data') });
  if (!created.ok) throw new Error(created.error.message);
  machine = created.value;
  scope = machine.uidRange;
  before = await snapshotOurResources({ ...scope, dataDir: tmp });
  const opened = await machine.openSandbox(`s${process.pid}`);
  if (!opened.ok) throw new Error(opened.error.message);
  sandbox = opened.value;
  const written = await sandbox.exec(['sh', '-c', 'cat > /tmp/probe.py'], { input: PROBE });
  if (written.exitCode !== 0) throw new Error(written.stderr);
});

afterAll(async () => {
  try {
    await sandbox?.dispose();
    await machine?.dispose();
    await expectNoLeaks(before, { ...scope, dataDir: tmp });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

describe('the seccomp filter', () => {
  it('leaves the calls to the kernel outside a sandbox: the same probe, root in a user namespace of its own, gets through', () => {
    const out = execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'unshare', '--user', '--map-root-user', 'python3', '-c', PROBE], { encoding: 'utf8' });
    expect(out).toBe('io_uring_setup EFAULT\nio_setup EFAULT\nuserfaultfd ok\n');
  });

  it('refuses io_uring (ENOSYS) and userfaultfd (EPERM) to a program joined to the sandbox', async () => {
    const r = await sandbox.exec(['python3', '-c', PROBE]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('io_uring_setup ENOSYS\nio_setup ENOSYS\nuserfaultfd EPERM\n');
  });

  it("is loaded into the sandbox's PID 1 and every shell, and stays over unshare and su", async () => {
    const spawned = sandbox.spawnShell({ cols: 120, rows: 30 });
    if (!spawned.ok) throw new Error(spawned.error.message);
    const shell = spawned.value;
    let screen = '';
    shell.onData((d: string | Buffer) => (screen += d.toString()));
    try {
      shell.write('grep -h ^Seccomp: /proc/1/status /proc/$$/status; unshare --pid --fork --mount-proc python3 /tmp/probe.py; echo "<done:$?>"\r');
      await waitUntil(() => /<done:\d+>/.test(screen), 'the probe in the shell', 10_000);
    } finally {
      shell.kill();
    }
    expect(stripEscapes(screen)).toMatch(/^Seccomp:\s+2\nSeccomp:\s+2\nio_uring_setup ENOSYS\nio_setup ENOSYS\nuserfaultfd EPERM\n<done:0>/m);
    const nested = await sandbox.exec(['sh', '-c', 'unshare --user --map-root-user --mount --pid --fork --net --uts --ipc --cgroup python3 /tmp/probe.py; su learner -c "python3 /tmp/probe.py"']);
    expect(nested.stdout).toBe('io_uring_setup ENOSYS\nio_setup ENOSYS\nuserfaultfd EPERM\n'.repeat(2));
  });

  it("lets the lessons' tools work: namespaces, mounts, ip netns, strace, su", async () => {
    const script = [
      'set -e',
      'unshare --user --map-root-user --mount --pid --fork --net --uts --ipc --cgroup --time --boottime 86400 sh -c "hostname inner; mount -t tmpfs t /mnt; ip link set lo up; echo inner"',
      'ip netns add seccomp-test; ip netns exec seccomp-test ip -br link; ip netns del seccomp-test',
      'strace -f -e trace=execve -o /dev/null true && echo traced',
      "su learner -c 'id -u'",
      'busybox echo busybox',
    ].join('\n');
    const r = await sandbox.exec(['sh', '-c', script]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^inner\nlo +DOWN .*\ntraced\n1000\nbusybox\n$/);
  });
});
