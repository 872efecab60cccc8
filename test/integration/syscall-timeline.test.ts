// The syscall timeline for real: each namespace-related call made in a real sandbox, traced on the host, decoded; one sandbox never sees another's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineEntry, TimelineUpdate } from '../../core/protocol';
import type { Sandbox } from '../../server/machine/machine';
import { decodeCall, type DecodedCall } from '../../server/tracer/syscall-decode';
import type { SyscallRecord } from '../../server/tracer/syscall-record';
import { connectClient, newLearnerCookie, startTestLab, whenConnected, type LabClient, type TestLab } from '../support/lab';
import { stringMatching } from '../support/matchers';
import { TerminalClient } from '../support/terminal-client';
import { waitUntil } from '../support/wait';

/** clone(2) and clone3(2) by number, for a perl one-liner (no program of the sandbox calls clone with namespace flags). */
const SYSCALL_NR = process.arch === 'arm64' ? { clone: 220, clone3: 435 } : { clone: 56, clone3: 435 };
/** How long a traced call may take to reach the page (in milliseconds): the issue asks for a second; a busy test host gets more. */
const SEEN_WITHIN_MS = 10_000;

describe('the syscall tracer', () => {
  let lab: TestLab;
  let a: Sandbox;
  let b: Sandbox;
  const seenByA: SyscallRecord[] = [];
  const seenByB: SyscallRecord[] = [];

  beforeAll(async () => {
    lab = await startTestLab();
    const opened = await Promise.all([lab.machine.openSandbox('syscalls-a'), lab.machine.openSandbox('syscalls-b')]);
    for (const o of opened) if (!o.ok) throw new Error(o.error.message);
    [a, b] = opened.map((o) => (o as { ok: true; value: Sandbox }).value) as [Sandbox, Sandbox];
    await waitUntil(() => a.syscallTracing?.().state !== 'starting', 'the syscall tracer to attach', 60_000);
    expect(a.syscallTracing?.()).toEqual({ state: 'ready' });
    a.watchSyscalls!((r) => seenByA.push(r));
    b.watchSyscalls!((r) => seenByB.push(r));
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.dispose(), b?.dispose()]);
    await lab?.dispose();
  });

  /** Runs `script` in sandbox a and waits until a decoded call matching `text` is seen. */
  async function traced(script: string, text: RegExp): Promise<DecodedCall & { record: SyscallRecord; all: DecodedCall[]; stdout: string }> {
    const from = seenByA.length;
    const run = await a.exec(['sh', '-c', script]);
    // Only processes inside the sandbox (a pid there): not the lab's join helper, which enters its namespaces first.
    const inside = () => seenByA.slice(from).filter((r) => r.vpid > 0);
    const found = () =>
      inside()
        .map((r) => ({ ...decodeCall(r), record: r }))
        .find((d) => text.test(d.text));
    await waitUntil(
      () => found() !== undefined,
      () =>
        `${text} after ${script} (exit ${run.exitCode}: ${run.stderr.trim()}); seen: ${seenByA
          .slice(from)
          .map((r) => decodeCall(r).text)
          .join(', ')}`,
      SEEN_WITHIN_MS,
    );
    return { ...found()!, all: inside().map(decodeCall), stdout: run.stdout };
  }

  /** The inode of a `readlink /proc/…/ns/…` line, e.g. `uts:[4026532180]`. */
  const inodeOf = (link: string): number => Number(/^\w+:\[(\d+)\]$/.exec(link.trim())?.[1] ?? NaN);

  /** Inodes of `/proc/PID/ns/<links>` in sandbox a. */
  async function nsOf(pid: string, ...links: string[]): Promise<number[]> {
    const r = await a.exec(['readlink', ...links.map((l) => `/proc/${pid}/ns/${l}`)]);
    expect(r.exitCode, r.stderr).toBe(0);
    return r.stdout.trim().split('\n').map(inodeOf);
  }

  it('unshare, with its flags, the namespaces it created and the pid the sandbox sees', async () => {
    const d = await traced('unshare --uts --ipc true', /^unshare\(/);
    expect(d.text).toBe('unshare(CLONE_NEWUTS|CLONE_NEWIPC)');
    expect(d.result).toEqual({ ok: true, value: 0 });
    expect(d.namespaces.map((n) => n.type).sort()).toEqual(['ipc', 'uts']);
    expect(d.record.vpid).toBeGreaterThan(1);
    expect(d.record.vpid).toBeLessThan(d.record.pid);
  });

  it("clone and clone3 with namespace flags, and the child's pid as the result", async () => {
    const clone = await traced(`perl -e '$r = syscall(${SYSCALL_NR.clone}, 0x04000011, 0, 0, 0, 0); if ($r == 0) { exit 0 } waitpid($r, 0)'`, /^clone\(/);
    expect(clone.text).toBe('clone(CLONE_NEWUTS|SIGCHLD)');
    expect(clone.result.ok && clone.result.value).toBeGreaterThan(0);
    const args = 'pack("Q8", 0x08000000, 0, 0, 0, 17, 0, 0, 0)';
    const clone3 = await traced(`perl -e '$a = ${args}; $r = syscall(${SYSCALL_NR.clone3}, $a, 64); if ($r == 0) { exit 0 } waitpid($r, 0)'`, /^clone3\(/);
    expect(clone3.text).toBe('clone3(CLONE_NEWIPC)');
    expect(clone3.result.ok && clone3.result.value).toBeGreaterThan(0);
  });

  it('carries the inodes of the namespaces unshare created, as /proc shows them for a process still in them', async () => {
    const [sandboxUts, sandboxUser, sandboxPid] = await nsOf('1', 'uts', 'user', 'pid');
    // A short-lived one: its namespace is new (not the sandbox's) and read from the kernel.
    const brief = await traced('unshare --uts true', /^unshare\(CLONE_NEWUTS\)$/);
    expect(brief.namespaces).toEqual([{ type: 'uts', inode: expect.any(Number) as number }]);
    expect(brief.namespaces[0]!.inode).not.toBe(sandboxUts);
    // A long-lived one, compared with what readlink gives (unshare execs sleep: $! is in the new namespace).
    const long = await traced('unshare --uts sleep 30 >/dev/null 2>&1 & echo $!', /^unshare\(CLONE_NEWUTS\)$/);
    const sleeper = long.stdout.trim();
    try {
      expect(long.namespaces).toEqual([{ type: 'uts', inode: (await nsOf(sleeper, 'uts'))[0] }]);
    } finally {
      await a.exec(['kill', sleeper]);
    }
    // A new user and pid namespace: the pid one is the children's (unshare forks; $! is unshare itself).
    const nested = await traced('unshare -Ur --pid --fork sleep 30 >/dev/null 2>&1 & echo $!', /^unshare\(CLONE_NEWUSER\|CLONE_NEWPID\)$/);
    const parent = nested.stdout.trim();
    try {
      const [user, pidForChildren] = await nsOf(parent, 'user', 'pid_for_children');
      expect(user).not.toBe(sandboxUser);
      expect(pidForChildren).not.toBe(sandboxPid);
      expect([...nested.namespaces].sort((x, y) => x.type.localeCompare(y.type))).toEqual([
        { type: 'pid', inode: pidForChildren },
        { type: 'user', inode: user },
      ]);
    } finally {
      await a.exec(['pkill', '-P', parent]);
    }
  });

  it('carries the time namespace unshare --time made for its children', async () => {
    const d = await traced('unshare --time sleep 30 >/dev/null 2>&1 & echo $!', /^unshare\(CLONE_NEWTIME\)$/);
    const sleeper = d.stdout.trim();
    try {
      const [sandboxTime] = await nsOf('1', 'time');
      const [forChildren] = await nsOf(sleeper, 'time_for_children');
      expect(forChildren).not.toBe(sandboxTime);
      expect(d.namespaces).toEqual([{ type: 'time', inode: forChildren }]);
    } finally {
      await a.exec(['kill', sleeper]);
    }
  });

  it("carries a clone's and a clone3's child's new namespaces, as the child reads them", async () => {
    // The child prints its own namespaces' links and exits; the parent waits for it.
    const child = `if ($r == 0) { print readlink("/proc/self/ns/uts"), "\\n", readlink("/proc/self/ns/pid"), "\\n"; exit 0 } waitpid($r, 0)`;
    const links = (stdout: string) => stdout.trim().split('\n').map(inodeOf);
    const clone = await traced(`perl -e '$r = syscall(${SYSCALL_NR.clone}, 0x24000011, 0, 0, 0, 0); ${child}'`, /^clone\(/);
    const [cloneUts, clonePid] = links(clone.stdout);
    expect(clone.namespaces).toEqual([
      { type: 'uts', inode: cloneUts },
      { type: 'pid', inode: clonePid },
    ]);
    const args = 'pack("Q8", 0x04000000, 0, 0, 0, 17, 0, 0, 0)';
    const clone3 = await traced(`perl -e '$a = ${args}; $r = syscall(${SYSCALL_NR.clone3}, $a, 64); ${child}'`, /^clone3\(CLONE_NEWUTS\)$/);
    expect(clone3.namespaces).toEqual([{ type: 'uts', inode: links(clone3.stdout)[0] }]);
    const [sandboxUts, sandboxPid] = await nsOf('1', 'uts', 'pid');
    expect([cloneUts, links(clone3.stdout)[0]]).not.toContain(sandboxUts);
    expect(clonePid).not.toBe(sandboxPid);
  });

  it("finds the child of a clone3 with CLONE_PARENT among its parent's children", async () => {
    // The child (a sibling of perl, a child of the shell) runs on as sleep; perl prints its pid and exits.
    // clone3 takes no exit signal with CLONE_PARENT (the parent's parent is not told).
    const args = 'pack("Q8", 0x04008000, 0, 0, 0, 0, 0, 0, 0)';
    const d = await traced(
      `perl -e '$a = ${args}; $r = syscall(${SYSCALL_NR.clone3}, $a, 64); if ($r == 0) { open STDOUT, ">/dev/null"; open STDERR, ">/dev/null"; exec "sleep", "30" } print "$r\\n"'; true`,
      /^clone3\(CLONE_NEWUTS\|CLONE_PARENT\)$/,
    );
    const sibling = d.stdout.trim();
    expect(d.result).toEqual({ ok: true, value: Number(sibling) });
    try {
      expect(d.namespaces).toEqual([{ type: 'uts', inode: (await nsOf(sibling, 'uts'))[0] }]);
    } finally {
      await a.exec(['kill', sibling]);
    }
  });

  it('setns into a namespace, named by its inode', async () => {
    const own = await a.exec(['readlink', '/proc/1/ns/uts']);
    const d = await traced('nsenter --target 1 --uts true', /^setns\(/);
    expect(d.text).toBe(`setns(3 → ${own.stdout.trim()}, CLONE_NEWUTS)`);
    expect(d.result).toEqual({ ok: true, value: 0 });
    expect(d.namespaces).toEqual([{ type: 'uts', inode: Number(/\[(\d+)\]/.exec(own.stdout)![1]) }]);
  });

  it('mount, umount2, pivot_root and chroot', async () => {
    const script =
      'mkdir -p /tmp/nr && unshare --mount sh -c "mount -t tmpfs -o nosuid,nodev tl /tmp/nr && umount -l /tmp/nr && chroot / true && mount -t tmpfs tl2 /tmp/nr && mkdir /tmp/nr/old && cd /tmp/nr && pivot_root . old"';
    const { all: rest } = await traced(script, /^pivot_root\(/);
    const mount = rest.find((d) => d.text.startsWith('mount("tl"'))!;
    expect(mount.text).toBe('mount("tl", "/tmp/nr", "tmpfs", MS_NOSUID|MS_NODEV)');
    expect(mount.result).toEqual({ ok: true, value: 0 });
    expect(rest.map((d) => d.text)).toEqual(expect.arrayContaining(['mount("none", "/", NULL, MS_REC|MS_PRIVATE)', 'pivot_root(".", "old")', 'umount2("/tmp/nr", MNT_DETACH)', 'chroot("/")']));
    for (const d of rest.filter((d) => ['pivot_root', 'umount2', 'chroot'].includes(d.call))) expect(d.result, d.text).toEqual({ ok: true, value: 0 });
  });

  it('sethostname, and EPERM as the unprivileged learner user', async () => {
    const ok = await traced('unshare --uts hostname web1', /^sethostname\("web1"\)/);
    expect(ok.result).toEqual({ ok: true, value: 0 });
    const denied = await traced('setpriv --reuid=1000 --regid=1000 --clear-groups hostname nope', /^sethostname\("nope"\)/);
    expect(denied.result).toMatchObject({ ok: false, errno: 'EPERM' });
    expect(denied.result.ok ? '' : denied.result.meaning).toMatch(/CAP_SYS_ADMIN/);
  });

  it('shmget, msgget and semget', async () => {
    const shm = await traced('unshare --ipc sh -c "ipcmk -M 4096 -p 0640 && ipcmk -Q && ipcmk -S 2"', /^semget\(/);
    expect(shm.text).toMatch(/^semget\(0x[0-9a-f]+, 2, IPC_CREAT\|0644\)$/);
    const texts = shm.all.map((d) => d.text);
    expect(texts).toEqual(expect.arrayContaining([expect.stringMatching(/^shmget\(0x[0-9a-f]+, 4096, IPC_CREAT\|0640\)$/), expect.stringMatching(/^msgget\(0x[0-9a-f]+, IPC_CREAT\|0644\)$/)]));
  });

  it('writes to setgroups, uid_map and gid_map', async () => {
    const { all } = await traced('unshare --user --map-root-user true', /gid_map/);
    const writes = all.filter((d) => d.call === 'write');
    // unshare(1) writes uid_map, then "deny" to setgroups (which an unprivileged gid_map write needs), then gid_map.
    expect(writes.map((d) => d.text)).toEqual([
      expect.stringMatching(/^write\(\/proc\/\d+\/uid_map, "0 0 1"\)$/),
      expect.stringMatching(/^write\(\/proc\/\d+\/setgroups, "deny"\)$/),
      expect.stringMatching(/^write\(\/proc\/\d+\/gid_map, "0 0 1"\)$/),
    ]);
    for (const w of writes) expect(w.result.ok).toBe(true);
  });

  it("never shows one sandbox's calls to another", async () => {
    await b.exec(['unshare', '--uts', 'hostname', 'only-b']);
    await waitUntil(() => seenByB.some((r) => r.call === 'sethostname' && r.strings[0] === 'only-b'), "sandbox b's sethostname", SEEN_WITHIN_MS);
    expect(seenByA.some((r) => r.strings.includes('only-b'))).toBe(false);
    expect(seenByB.some((r) => r.strings.includes('web1') || r.strings.includes('tl'))).toBe(false);
  });
});

describe("the syscall timeline, pushed to the learner's page", () => {
  let lab: TestLab;
  const clients: LabClient[] = [];

  beforeAll(async () => {
    lab = await startTestLab();
    // The syscall tracer attaches beside the exec tracer; a sandbox tells when it has.
    const probe = await lab.machine.openSandbox('syscalls-probe');
    if (!probe.ok) throw new Error(probe.error.message);
    try {
      await waitUntil(() => probe.value.syscallTracing?.().state !== 'starting', 'the syscall tracer to attach', 60_000);
      expect(probe.value.syscallTracing?.()).toEqual({ state: 'ready' });
    } finally {
      await probe.value.dispose();
    }
  }, 90_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    await lab?.dispose();
  });

  async function page(cookie = newLearnerCookie()): Promise<{ client: LabClient; cookie: string; updates: TimelineUpdate[]; entries: () => TimelineEntry[]; term: TerminalClient }> {
    const client = connectClient(lab, { cookie });
    clients.push(client);
    await whenConnected(client);
    const updates: TimelineUpdate[] = [];
    client.on('timeline:update', (u) => updates.push(u));
    const term = await TerminalClient.open(client, 'uts');
    return { client, cookie, updates, term, entries: () => updates.flatMap((u) => u.entries) };
  }

  it("shows a learner their own calls, from their terminal, with the pid their sandbox sees, and none of another learner's", async () => {
    const [one, two] = [await page(), await page()];
    await waitUntil(() => one.updates.length > 0, 'the replay on attach', SEEN_WITHIN_MS);
    expect(one.updates[0]).toMatchObject({ replay: true, entries: [] });
    one.term.type('unshare --uts sh -c \'echo "pid=$$"; exec true\'\r');
    await waitUntil(() => one.entries().some((e) => e.call === 'unshare'), 'the unshare entry on page one', SEEN_WITHIN_MS);
    const entry = one.entries().find((e) => e.call === 'unshare')!;
    expect(entry).toMatchObject({ text: 'unshare(CLONE_NEWUTS)', result: { ok: true, value: 0 }, comm: 'unshare', terminal: one.term.session.terminals[0]!.title });
    const shownPid = Number(/pid=(\d+)/.exec(one.term.output)![1]);
    expect(entry.pid).toBe(shownPid);
    two.term.type('unshare --ipc true\r');
    await waitUntil(() => two.entries().some((e) => e.call === 'unshare'), 'the unshare entry on page two', SEEN_WITHIN_MS);
    expect(two.entries().map((e) => e.text)).toEqual(['unshare(CLONE_NEWIPC)']);
    expect(one.entries().map((e) => e.text)).toEqual(['unshare(CLONE_NEWUTS)']);
    // The lab's own joins (nsenter's setns as each shell started) are not the learner's calls.
    expect(one.entries().some((e) => e.call === 'setns')).toBe(false);
  });

  it('replays the recent calls to a page that reattaches', async () => {
    const one = await page();
    one.term.type('unshare --uts hostname replayed\r');
    await waitUntil(() => one.entries().some((e) => e.call === 'sethostname'), 'the sethostname entry', SEEN_WITHIN_MS);
    const again = connectClient(lab, { cookie: one.cookie });
    clients.push(again);
    await whenConnected(again);
    const updates: TimelineUpdate[] = [];
    again.on('timeline:update', (u) => updates.push(u));
    await again.emitWithAck('session:open', { lesson: 'uts' });
    await waitUntil(() => updates.some((u) => u.replay), 'a replay', SEEN_WITHIN_MS);
    expect(updates.find((u) => u.replay)!.entries.map((e) => e.text)).toEqual(['unshare(CLONE_NEWUTS)', 'sethostname("replayed")']);
  });
});

describe('the syscall timeline where nothing can be traced', () => {
  let lab: TestLab;
  let client: LabClient | null = null;
  beforeAll(async () => {
    lab = await startTestLab({ machine: 'host' });
  });
  afterAll(async () => {
    client?.close();
    await lab?.dispose();
  });

  it('tells the page why in one line, and the terminal works as ever', async () => {
    client = connectClient(lab, { cookie: newLearnerCookie() });
    await whenConnected(client);
    const updates: TimelineUpdate[] = [];
    client.on('timeline:update', (u) => updates.push(u));
    const term = await TerminalClient.open(client, 'uts');
    await waitUntil(() => updates.length > 0, 'the replay on attach', SEEN_WITHIN_MS);
    expect(updates[0]!.tracing).toMatchObject({ state: 'unavailable', why: stringMatching(/cannot trace system calls/) });
    term.type('echo "still=$((6 * 7))"\r');
    await term.waitFor(/still=42/);
  });
});
