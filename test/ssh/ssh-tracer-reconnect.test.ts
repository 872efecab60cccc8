// The SSH machine's syscall tracer after its connection drops (the master ssh killed, as a crash or a dead link would end it): it starts again once, the sessions' timelines follow it, and a machine that cannot trace is not retried.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createSshMachine } from '../../server/machine/ssh/ssh-machine';
import { sshdProblemSaid, startSshd, TEST_LIMITS, type TestSshd } from '../support/sshd';
import { waitUntil } from '../support/wait';
import { ourBpftraces, SEEN_WITHIN_MS, Session } from './timeline-session';

const problem = sshdProblemSaid('the ssh tracer reconnect tests');
const INSTANCE = `tr${process.pid}`;
const RESTARTING = / stopped with the connection; restarting it$/;

/** Ends the machine's shared connection the way a crash would: its master ssh (found by the test sshd's own address) killed outright. */
function killMaster(sshd: TestSshd): void {
  const pids = execFileSync('pgrep', ['-f', `^ssh .*ControlMaster=yes.* ${sshd.host.replace(/\./g, '\\.')}$`], { encoding: 'utf8' })
    .trim()
    .split('\n');
  expect(pids).toHaveLength(1);
  process.kill(Number(pids[0]), 'SIGKILL');
}

/** The test sshd's listener (sshd renames its processes; the oldest naming its config is the one started). */
const listener = (sshd: TestSshd) => execFileSync('pgrep', ['-o', '-f', `${sshd.dir}/sshd_config`], { encoding: 'utf8' }).trim();

/** Runs `args` in the test sshd's network namespace (its listener lives there). */
function inSshdNet(sshd: TestSshd, args: string[]): string {
  return execFileSync('nsenter', [`--net=/proc/${listener(sshd)}/ns/net`, ...args], { encoding: 'utf8' });
}

/** Ends what sshd still serves: a connection whose packets are lost would hold its processes there for minutes. */
function endConnections(sshd: TestSshd): void {
  try {
    for (const pid of execFileSync('pgrep', ['-P', listener(sshd)], { encoding: 'utf8' })
      .trim()
      .split('\n'))
      process.kill(Number(pid), 'SIGTERM');
  } catch {
    // pgrep exits 1 when nothing matches: no connection is left.
  }
}

function logged() {
  const warnings: string[] = [];
  return { warnings, log: { info: () => undefined, warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m) } };
}

describe.skipIf(problem !== null)('the ssh machine losing its connection', () => {
  it('starts one fresh bpftrace once it reconnects, and the session timeline shows calls again', async () => {
    const sshd = await startSshd();
    const { warnings, log } = logged();
    const machine = createSshMachine({ target: sshd.target, instance: INSTANCE, limits: TEST_LIMITS, log });
    try {
      const opened = await machine.openSandbox('tl-rc');
      if (!opened.ok) throw new Error(opened.error.message);
      const s = new Session(opened.value);
      try {
        await waitUntil(() => s.timeline.tracing().state !== 'starting', 'the machine tracer to attach', 90_000);
        expect(s.timeline.tracing()).toEqual({ state: 'ready' });
        s.terminal('main')('unshare --uts true');
        await s.waitFor(/^unshare\(CLONE_NEWUTS\)/);
        const before = ourBpftraces(INSTANCE);
        expect(before).toHaveLength(1);

        killMaster(sshd);
        // The tracer's ssh ends with the master; the machine connects again and the tracer starts over on it.
        await waitUntil(
          () => warnings.some((w) => RESTARTING.test(w)),
          () => `the restart in the log; it said: ${warnings.join(' | ')}`,
          30_000,
        );
        await waitUntil(
          () => s.timeline.tracing().state === 'ready',
          () => `the new tracer to attach; the timeline says ${JSON.stringify(s.timeline.tracing())}`,
          90_000,
        );
        expect(warnings.filter((w) => RESTARTING.test(w))).toEqual([`the syscall tracer on root@${sshd.host}:22 stopped with the connection; restarting it`]);
        // The pages were told: ready, (the old one stopped,) the new one starting, then ready.
        await waitUntil(
          () => s.tracingTold.length > 2 && s.tracingTold.at(-1) === 'ready',
          () => `the pages to be told it is ready; told ${s.tracingTold.join(', ')}`,
        );
        expect(s.tracingTold.slice(0, 2)).toEqual(['starting', 'ready']);
        expect(s.tracingTold.slice(-2)).toEqual(['starting', 'ready']);

        // The old terminal went with the connection; a new one of the same session is traced again.
        const seen = s.entries.length;
        s.terminal('again')('unshare --uts true');
        await waitUntil(
          () => s.entries.slice(seen).some((e) => e.text === 'unshare(CLONE_NEWUTS)' && e.terminal === 'T:again'),
          () => `a new unshare from the new terminal; saw: ${s.entries.map((e) => `${e.terminal} ${e.text}`).join(', ')}`,
          SEEN_WITHIN_MS,
        );
        // Exactly one bpftrace with this machine's marker: the new one (the old one has detached).
        await waitUntil(
          () => ourBpftraces(INSTANCE).length === 1,
          () => `one bpftrace; found ${ourBpftraces(INSTANCE).join(', ')}`,
          10_000,
        );
        expect(ourBpftraces(INSTANCE)).not.toEqual(before);
      } finally {
        await s.dispose();
      }
    } finally {
      await machine.dispose();
      await sshd.stop();
    }
    await waitUntil(() => ourBpftraces(INSTANCE).length === 0, "the machine's bpftrace to be gone", 10_000);
  });

  it('stops the bpftrace a dead connection left running on the machine before starting the new one', async () => {
    const sshd = await startSshd();
    const instance = `${INSTANCE}b`;
    const { warnings, log } = logged();
    const machine = createSshMachine({ target: sshd.target, instance, limits: TEST_LIMITS, log });
    try {
      const opened = await machine.openSandbox('tl-rc-blip');
      if (!opened.ok) throw new Error(opened.error.message);
      const s = new Session(opened.value);
      try {
        await waitUntil(() => s.timeline.tracing().state !== 'starting', 'the machine tracer to attach', 90_000);
        const [old] = ourBpftraces(instance);
        // A network blip: the machine never hears the connection end (every packet of it is lost from now on), so
        // its bpftrace runs on; new connections get through. All ssh of the machine ride the one connection.
        const ports = [...inSshdNet(sshd, ['ss', '-Htn', 'state', 'established', '( sport = :22 )']).matchAll(/:(\d+)\s*$/gm)].map((m) => m[1]!);
        expect(ports).toHaveLength(1);
        inSshdNet(sshd, ['iptables', '-I', 'INPUT', '-p', 'tcp', '--sport', ports[0]!, '-j', 'DROP']);
        inSshdNet(sshd, ['iptables', '-I', 'OUTPUT', '-p', 'tcp', '--dport', ports[0]!, '-j', 'DROP']);
        killMaster(sshd);
        await waitUntil(
          () => warnings.some((w) => RESTARTING.test(w)),
          () => `the restart in the log; it said: ${warnings.join(' | ')}`,
          60_000,
        );
        await waitUntil(
          () => s.timeline.tracing().state === 'ready',
          () => `the new tracer to attach; the timeline says ${JSON.stringify(s.timeline.tracing())}`,
          90_000,
        );
        // The new trace stopped the old one before it started.
        const now = ourBpftraces(instance);
        expect(now).toHaveLength(1);
        expect(now).not.toContain(old);
      } finally {
        await s.dispose();
      }
    } finally {
      await machine.dispose();
      endConnections(sshd);
      await sshd.stop();
    }
    await waitUntil(() => ourBpftraces(instance).length === 0, "the machine's bpftrace to be gone", 10_000);
  });

  it('does not retry a machine that cannot trace when it reconnects', async () => {
    const bpftrace = execFileSync('sh', ['-c', 'command -v bpftrace'], { encoding: 'utf8' }).trim();
    const sshd = await startSshd({ without: [bpftrace] });
    const { warnings, log } = logged();
    const machine = createSshMachine({ target: sshd.target, instance: `${INSTANCE}n`, limits: TEST_LIMITS, log });
    try {
      const first = await machine.openSandbox('tl-rc-none');
      if (!first.ok) throw new Error(first.error.message);
      const s = new Session(first.value);
      await waitUntil(() => s.timeline.tracing().state === 'unavailable', 'the machine tracer to give up', 30_000);
      const why = s.timeline.tracing();
      await s.dispose();
      killMaster(sshd);
      // A new session connects again; the tracer stays as it was, without a second look.
      const second = await machine.openSandbox('tl-rc-none2');
      if (!second.ok) throw new Error(second.error.message);
      const t = new Session(second.value);
      try {
        expect(t.timeline.tracing()).toEqual(why);
        expect(warnings.filter((w) => RESTARTING.test(w))).toEqual([]);
        expect(warnings.filter((w) => /the syscall tracer is unavailable/.test(w))).toHaveLength(1);
      } finally {
        await t.dispose();
      }
    } finally {
      await machine.dispose();
      await sshd.stop();
    }
  });
});
