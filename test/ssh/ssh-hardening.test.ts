// On the ssh machine too: a session's /sys shows its own network devices (unmounting uncovers nothing of the host), and the seccomp filter holds.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deniedCalls, type SeccompArch } from '../../server/machine/sandbox/seccomp-filter';
import { createSshMachine, type SshMachine } from '../../server/machine/ssh/ssh-machine';
import { sshdProblemSaid, startSshd, TEST_LIMITS, type TestSshd } from '../support/sshd';

const problem = sshdProblemSaid('the ssh sandbox hardening tests');

describe.skipIf(problem !== null)('an ssh session', () => {
  let sshd: TestSshd;
  let machine: SshMachine;

  beforeAll(async () => {
    sshd = await startSshd();
    machine = createSshMachine({ target: sshd.target, instance: `v${process.pid}`, limits: TEST_LIMITS });
  });

  afterAll(async () => {
    await machine?.dispose();
    await sshd?.stop();
  });

  it("lists its own network devices in /sys, and nothing of the host's /sys once its mounts are taken away", async () => {
    const opened = await machine.openSandbox('own-view');
    if (!opened.ok) throw new Error(opened.error.message);
    const sandbox = opened.value;
    try {
      const own = await sandbox.exec(['sh', '-c', 'ip link add mine-a type veth peer name mine-b && ls /sys/class/net']);
      expect(own.stdout, own.stderr).toBe('lo\nmine-a\nmine-b\n');
      const netns = await sandbox.exec(['sh', '-c', 'ip netns add red && ip link set mine-b netns red && ip netns exec red ls /sys/class/net']);
      expect(netns.stdout, netns.stderr).toBe('lo\nmine-b\n');
      const hostNames = readdirSync('/sys/class/net').filter((n) => n !== 'lo');
      const look = `ls -A /sys/fs/cgroup /sys/class/net; grep -c sysfs /proc/self/mountinfo`;
      const taken = await sandbox.exec(['sh', '-c', `umount /sys/fs/cgroup; ${look}; for i in 1 2 3 4; do umount -l /sys; ${look}; done`]);
      expect(taken.stderr).toMatch(/\/sys: not mounted/);
      for (const name of hostNames) expect(taken.stdout).not.toContain(name);
      expect(taken.stdout).not.toMatch(/nslab|cpu|memory|pids/);
      // Three sysfs mounts (the keeper's over the pair bwrap bound), then two, one, none.
      expect(taken.stdout.match(/^\d+$/gm)).toEqual(['3', '2', '1', '0', '0']);
    } finally {
      await sandbox.dispose();
    }
  });

  it('runs under the seccomp filter: PID 1 and joined programs, io_uring and userfaultfd refused', async () => {
    const opened = await machine.openSandbox('seccomp');
    if (!opened.ok) throw new Error(opened.error.message);
    const sandbox = opened.value;
    try {
      const status = await sandbox.exec(['sh', '-c', 'grep -h ^Seccomp: /proc/1/status /proc/self/status']);
      expect(status.stdout).toMatch(/^Seccomp:\s+2\nSeccomp:\s+2\n$/);
      const nr = (name: string) => deniedCalls(process.arch as SeccompArch).find((d) => d.name === name)!.nr;
      const probe = `import ctypes, errno, os
libc = ctypes.CDLL(None, use_errno=True)
for name, nr, args in [('io_uring_setup', ${nr('io_uring_setup')}, (1, None)), ('userfaultfd', ${nr('userfaultfd')}, (1 | os.O_CLOEXEC,))]:
    r = libc.syscall(nr, *args)
    print(name, 'ok' if r >= 0 else errno.errorcode[ctypes.get_errno()])
`;
      const r = await sandbox.exec(['python3', '-c', probe]);
      expect(r.stdout, r.stderr).toBe('io_uring_setup ENOSYS\nuserfaultfd EPERM\n');
    } finally {
      await sandbox.dispose();
    }
  });
});
