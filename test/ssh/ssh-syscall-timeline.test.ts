// The syscall timeline on an SSH machine against a real sshd: one bpftrace there for all sessions, calls tied to the terminal typed in, sessions apart, a machine without bpftrace said in one line.
import { execFileSync, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSshMachine, type SshMachine } from '../../server/machine/ssh/ssh-machine';
import { sshdProblemSaid, startSshd, TEST_LIMITS, type TestSshd } from '../support/sshd';
import { waitUntil } from '../support/wait';
import { ourBpftraces, SEEN_WITHIN_MS, Session } from './timeline-session';

const problem = sshdProblemSaid('the ssh syscall timeline tests');
const INSTANCE = `tt${process.pid}`;

describe.skipIf(problem !== null)('the syscall timeline on an ssh machine', () => {
  let sshd: TestSshd;
  let machine: SshMachine;

  beforeAll(async () => {
    sshd = await startSshd();
    machine = createSshMachine({ target: sshd.target, instance: INSTANCE, limits: TEST_LIMITS });
    await machine.cleanupStale();
  });

  afterAll(async () => {
    await machine?.dispose();
    await sshd?.stop();
  });

  async function session(id: string): Promise<Session> {
    const opened = await machine.openSandbox(id);
    if (!opened.ok) throw new Error(opened.error.message);
    const s = new Session(opened.value);
    await waitUntil(() => s.timeline.tracing().state !== 'starting', 'the machine tracer to attach', 90_000);
    expect(s.timeline.tracing()).toEqual({ state: 'ready' });
    return s;
  }

  it('shows a command typed in a terminal as its decoded call, from that terminal, with one bpftrace on the machine', async () => {
    const s = await session('tl-one');
    try {
      const type = s.terminal('main');
      type('unshare --uts true');
      const entry = await s.waitFor(/^unshare\(/);
      expect(entry).toMatchObject({ text: 'unshare(CLONE_NEWUTS)', result: { ok: true, value: 0 }, comm: 'unshare', terminal: 'T:main' });
      expect(entry.pid).toBeGreaterThan(1);
      expect(entry.namespaces.map((n) => n.type)).toEqual(['uts']);
      // A second terminal of the session: its calls are its own.
      const second = s.terminal('second');
      second('unshare --ipc true');
      expect(await s.waitFor(/^unshare\(CLONE_NEWIPC\)/)).toMatchObject({ terminal: 'T:second' });
      expect(ourBpftraces(INSTANCE)).toHaveLength(1);
    } finally {
      await s.dispose();
    }
  });

  it('never shows one session the calls of another on the same machine', async () => {
    const [a, b] = [await session('tl-a'), await session('tl-b')];
    try {
      a.terminal('main')('unshare --uts hostname from-a');
      b.terminal('main')('unshare --ipc true; unshare --uts hostname from-b');
      await a.waitFor(/^sethostname\("from-a"\)/);
      await b.waitFor(/^sethostname\("from-b"\)/);
      expect(a.entries.map((e) => e.text)).not.toContain('sethostname("from-b")');
      expect(a.entries.map((e) => e.text)).not.toContain('unshare(CLONE_NEWIPC)');
      expect(b.entries.map((e) => e.text)).not.toContain('sethostname("from-a")');
      expect(ourBpftraces(INSTANCE)).toHaveLength(1);
    } finally {
      await Promise.all([a.dispose(), b.dispose()]);
    }
  });

  it('leaves no bpftrace on the machine once disposed', async () => {
    expect(ourBpftraces(INSTANCE)).toHaveLength(1);
    await machine.dispose();
    await waitUntil(() => ourBpftraces(INSTANCE).length === 0, "the machine's bpftrace to be gone", 10_000);
  });
});

describe.skipIf(problem !== null)('a terminal started before the tracer attached', () => {
  it("ties the calls typed in it to it (the shell's fork was not traced)", async () => {
    const sshd = await startSshd();
    const machine = createSshMachine({ target: sshd.target, instance: `${INSTANCE}e`, limits: TEST_LIMITS });
    try {
      const opened = await machine.openSandbox('tl-early');
      if (!opened.ok) throw new Error(opened.error.message);
      const s = new Session(opened.value);
      try {
        // As in a slow VM, where bpftrace takes longer to attach than the first terminal to start.
        const type = s.terminal('main');
        await waitUntil(() => /# $/.test(s.output.get('main')!), "the terminal's prompt", SEEN_WITHIN_MS);
        expect(s.timeline.tracing(), 'the shell started before the tracer attached').toEqual({ state: 'starting' });
        await waitUntil(() => s.timeline.tracing().state !== 'starting', 'the machine tracer to attach', 90_000);
        expect(s.timeline.tracing()).toEqual({ state: 'ready' });
        type('unshare --uts --ipc true');
        expect(await s.waitFor(/^unshare\(/)).toMatchObject({ text: 'unshare(CLONE_NEWUTS|CLONE_NEWIPC)', terminal: 'T:main' });
      } finally {
        await s.dispose();
      }
    } finally {
      await machine.dispose();
      await sshd.stop();
    }
  });
});

describe.skipIf(problem !== null)('an ssh machine without bpftrace', () => {
  it('runs its sessions and says in one line why nothing is traced', async () => {
    const bpftrace = execFileSync('sh', ['-c', 'command -v bpftrace'], { encoding: 'utf8' }).trim();
    const sshd = await startSshd({ without: [bpftrace] });
    const warnings: string[] = [];
    const log = { info: () => undefined, warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m) };
    const machine = createSshMachine({ target: sshd.target, instance: `${INSTANCE}n`, limits: TEST_LIMITS, log });
    try {
      const opened = await machine.openSandbox('tl-none');
      if (!opened.ok) throw new Error(opened.error.message);
      const s = new Session(opened.value);
      await waitUntil(() => s.timeline.tracing().state !== 'starting', 'the machine tracer to give up', 30_000);
      expect(s.timeline.tracing()).toEqual({ state: 'unavailable', why: `bpftrace is not installed on root@${sshd.host}:22 (apt-get install bpftrace)` });
      // The operator hears of it too, in the lab's log.
      expect(warnings).toContain(`the syscall tracer is unavailable: bpftrace is not installed on root@${sshd.host}:22 (apt-get install bpftrace)`);
      // Everything else works: the terminal runs the command.
      const exec = await s.sandbox.exec(['unshare', '--uts', 'hostname']);
      expect(exec.exitCode).toBe(0);
      await s.dispose();
    } finally {
      await machine.dispose();
      await sshd.stop();
    }
  });
});

describe.skipIf(problem !== null)('a server killed with SIGKILL', () => {
  it('leaves no bpftrace on the ssh machine', async () => {
    const sshd = await startSshd();
    const instance = `${INSTANCE}k`;
    try {
      // A server of its own, in a process group of its own: the lab process is killed, not this test.
      const fixture = new URL('./fixtures/traced-ssh-server.ts', import.meta.url).pathname;
      const server = spawn(process.execPath, ['--import', 'tsx', fixture, ...[sshd.target, instance, TEST_LIMITS].map((a) => JSON.stringify(a))], {
        stdio: ['ignore', 'pipe', 'inherit'],
        detached: true,
      });
      let out = '';
      server.stdout.on('data', (d: Buffer) => (out += d.toString()));
      try {
        await waitUntil(
          () => out.includes('TRACING'),
          () => `the server's tracer to settle; it printed ${out}`,
          90_000,
        );
        expect(out).toContain('TRACING {"state":"ready"}');
        expect(ourBpftraces(instance)).toHaveLength(1);
        // Only the server: its ssh clients live on, and learn of it as their input ends.
        server.kill('SIGKILL');
        await waitUntil(() => ourBpftraces(instance).length === 0, "the killed server's bpftrace to be gone", 15_000);
      } finally {
        // Its ssh master outlives it (as it would after a crash): the rest of its group goes too.
        try {
          process.kill(-server.pid!, 'SIGKILL');
        } catch {
          // The group is already gone.
        }
      }
    } finally {
      // What the killed server left there (its session, its /etc) goes as a restart would remove it.
      const m = createSshMachine({ target: sshd.target, instance, limits: TEST_LIMITS });
      await m.cleanupStale();
      await m.dispose();
      await sshd.stop();
    }
  });
});
