// The tools a learner reaches for are there in a real sandbox and work for its root: iputils ping between namespaces they made, strace of their own processes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../server/machine/machine';
import { REQUIRED_PROGRAMS } from '../../server/preflight/install-packages';
import { startTestLab, type TestLab } from '../support/lab';

describe('the learner tools in a sandbox', () => {
  let lab: TestLab | undefined;
  let sandbox: Sandbox;

  beforeAll(async () => {
    lab = await startTestLab();
    const opened = await lab.machine.openSandbox('learner-tools');
    if (!opened.ok) throw new Error(opened.error.message);
    sandbox = opened.value;
  });

  afterAll(async () => {
    // The lab disposes its machine, and with it the sandbox, also when beforeAll failed half way.
    await lab?.dispose();
  });

  const bash = (script: string) => sandbox.exec(['/bin/bash', '-c', script], { timeoutMs: 20_000 });

  it('finds every program preflight installs on the sandbox PATH', async () => {
    const programs = REQUIRED_PROGRAMS.map((r) => r.program);
    // `type -P`, not `command -v`: that answers "kill" for the shell's builtin even when /usr/bin/kill is missing.
    const run = await bash(`for t in ${programs.join(' ')}; do type -P "$t" >/dev/null || echo "$t"; done`);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean), 'missing in the sandbox').toEqual([]);
  });

  it("pings with iputils' ping between two network namespaces the learner made", async () => {
    const run = await bash(
      [
        'set -e',
        'ping -V',
        'ip netns add red',
        'ip netns add blue',
        'ip link add veth-red netns red type veth peer name veth-blue netns blue',
        'ip -n red addr add 10.7.7.1/24 dev veth-red',
        'ip -n blue addr add 10.7.7.2/24 dev veth-blue',
        'ip -n red link set veth-red up',
        'ip -n blue link set veth-blue up',
        'ip netns exec red ping -c 1 -W 5 10.7.7.2',
      ].join('\n'),
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/ping from iputils/);
    expect(run.stdout).toMatch(/1 packets transmitted, 1 received/);
    expect(run.exitCode).toBe(0);
  });

  it('lets the unprivileged learner ping too (ICMP datagram sockets, as on a Debian host)', async () => {
    const run = await bash('su learner -c "ping -c 1 -W 5 127.0.0.1"');
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/1 packets transmitted, 1 received/);
    expect(run.exitCode).toBe(0);
  });

  it("traces the learner's own processes with strace, started by it or attached to", async () => {
    const started = await bash('strace -f -qq -e trace=sethostname unshare --uts hostname traced');
    expect(started.stderr).toMatch(/sethostname\("traced", 6\) += 0/);
    expect(started.exitCode).toBe(0);
    const attached = await bash('sleep 30 & timeout -s INT 1 strace -p $! -e trace=none; kill $!');
    expect(attached.stderr).toMatch(/Process \d+ attached/);
  });
});
