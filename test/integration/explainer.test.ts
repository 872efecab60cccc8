// The explainer for real: each classic mistake typed into a real sandboxed terminal, and the explanation pushed with what the lab saw.
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Explanation, ExplanationId } from '../../core/protocol';
import { connectClient, startTestLab, whenConnected, type LabClient, type TestLab } from '../support/lab';
import { TerminalClient } from '../support/terminal-client';
import { waitUntil } from '../support/wait';

/** A lesson with two terminals and a busybox root filesystem at /root/rootfs, whose one step never passes. */
const LESSONS = path.join(process.cwd(), 'test/fixtures/explainer-lessons');
/** Wide enough that no command of these tests wraps (in character cells). */
const WIDE = { cols: 200, rows: 50 };
/** How long an explanation may take after its command (in milliseconds): the quiet period, a probe and a read or two. */
const EXPLAINED_WITHIN_MS = 10_000;

describe('the explainer, in real terminals', () => {
  let lab: TestLab;
  let client: LabClient | null = null;
  let explanations: Explanation[] = [];
  let one: TerminalClient;

  beforeAll(async () => {
    process.env.NSLAB_LESSONS_DIR = LESSONS;
    lab = await startTestLab();
  });
  afterAll(async () => {
    await lab?.dispose();
    delete process.env.NSLAB_LESSONS_DIR;
  });

  /** A fresh page, session and sandbox per test: the client's session closes with its connection. */
  async function openPage(): Promise<void> {
    client = connectClient(lab);
    await whenConnected(client);
    explanations = [];
    client.on('explain:show', (e) => explanations.push(e));
    one = await TerminalClient.open(client, 'mistakes', undefined, WIDE);
  }
  afterEach(() => {
    client?.close();
    client = null;
  });

  const two = () => TerminalClient.reopen(one, 'two', WIDE);

  /**
   * Types a line and waits until the terminal shows `shown` after it: after the newline that ends the
   * echo of the line, so a prompt still being redrawn when it was typed does not count.
   */
  async function typeAndSee(term: TerminalClient, line: string, shown: RegExp): Promise<string> {
    const from = term.output.length;
    const after = () => {
      const text = term.output.slice(from);
      return text.includes('\n') ? text.slice(text.indexOf('\n') + 1) : null;
    };
    term.type(`${line}\r`);
    await waitUntil(() => shown.test(after() ?? ''), `${shown} after typing ${line}; the terminal shows:\n${term.output.slice(-1500)}`, 15_000);
    return after()!;
  }

  /** The shell's PID as it prints it (`echo` is a built-in: it works even where nothing can fork). */
  async function shellPid(term: TerminalClient): Promise<number> {
    const out = await typeAndSee(term, 'echo "pid=$$"', /pid=\d+\s/);
    return Number(/pid=(\d+)\s/.exec(out)![1]);
  }

  async function explained(id: ExplanationId, terminal: string): Promise<Explanation> {
    await waitUntil(() => explanations.some((e) => e.id === id && e.terminal === terminal), `an explanation "${id}" for terminal ${terminal}`, EXPLAINED_WITHIN_MS);
    return explanations.findLast((e) => e.id === id && e.terminal === terminal)!;
  }

  const words = (e: Explanation) => [e.title, ...e.body, ...e.why, ...e.fix.map((f) => `${f.say} ${f.command ?? ''}`)].join('\n');

  it('1. a pid namespace without --fork: the shell that cannot fork, and not an echo of the message', async () => {
    await openPage();
    await typeAndSee(one, `echo 'bash: fork: Cannot allocate memory'; nsenter -t 4000000 -n true`, /No such file or directory/);
    await explained('nsenter-gone', 'one');
    // Same settle, pid-no-fork ran first: the state (no stuck shell) said no.
    expect(explanations.map((e) => e.id)).toEqual(['nsenter-gone']);

    await typeAndSee(one, 'unshare --pid bash', /# $/);
    const pid = await shellPid(one);
    await typeAndSee(one, 'ls /', /fork: Cannot allocate memory/);
    const e = await explained('pid-no-fork', 'one');
    expect(words(e)).toContain(`PID ${pid} (\`bash\`, Terminal 1)`);
    expect(e.fix.map((f) => f.command)).toEqual(['exit', 'unshare --pid --fork bash']);
    expect(e.man.url).toContain('pid_namespaces.7.html');
  });

  it('1b. the same with busybox sh', async () => {
    await openPage();
    await typeAndSee(one, 'unshare --pid busybox sh', /# $/);
    await typeAndSee(one, 'ls /', /# $/);
    await typeAndSee(one, 'ls /', /can't fork: Cannot allocate memory/);
    const e = await explained('pid-no-fork', 'one');
    expect(e.fix.at(-1)?.command).toBe('unshare --pid --fork busybox sh');
  });

  it('2. a new pid namespace whose ps still shows the old /proc', async () => {
    await openPage();
    const sandboxPidNs = /pid:\[(\d+)\]/.exec(await typeAndSee(one, 'readlink /proc/$$/ns/pid', /pid:\[\d+\]/))![1];
    await typeAndSee(one, 'unshare --pid --fork bash', /# $/);
    await typeAndSee(one, 'busybox ps', /bwrap/);
    const e = await explained('stale-proc', 'one');
    expect(words(e)).toContain(`pid:[${sandboxPidNs}], the sandbox's own`);
    expect(words(e)).toContain('PID 1 (`bash`, Terminal 1)');
    expect(e.fix.map((f) => f.command)).toContain('unshare --pid --fork --mount-proc bash');
  });

  it('3. uid_map written twice, and gid_map without deny in setgroups', async () => {
    await openPage();
    await typeAndSee(one, 'unshare --user bash', /\$ $/);
    const pid = await shellPid(one);
    const host = await two();
    await typeAndSee(host, `echo '0 0 1' > /proc/${pid}/uid_map`, /# $/);
    await typeAndSee(host, `echo '0 0 1' > /proc/${pid}/uid_map`, /Operation not permitted/);
    const twice = await explained('id-map-twice', 'two');
    expect(words(twice)).toContain(`PID ${pid} (\`bash\`, Terminal 1)`);
    expect(words(twice)).toContain('`0 0 1`');

    await typeAndSee(one, 'exit', /# $/);
    await typeAndSee(one, 'su - learner', /learner@lab:~\$ $/);
    await typeAndSee(one, 'unshare --user bash', /nobody@lab:~\$ $/);
    const inner = await shellPid(one);
    await typeAndSee(host, 'su - learner', /learner@lab:~\$ $/);
    await typeAndSee(host, `echo '0 1000 1' > /proc/${inner}/gid_map`, /Operation not permitted/);
    const deny = await explained('gid-map-setgroups', 'two');
    expect(words(deny)).toContain(`/proc/${inner}/setgroups says \`allow\``);
    expect(deny.fix.map((f) => f.command)).toEqual([`echo deny > /proc/${inner}/setgroups`, `echo '0 1000 1' > /proc/${inner}/gid_map`]);
    // The fix works.
    for (const f of deny.fix) await typeAndSee(host, f.command!, /\$ $/);
    expect(await typeAndSee(host, `cat /proc/${inner}/gid_map`, /1000\s+1\s/)).toMatch(/0\s+1000\s+1/);
  });

  it('4. unshare and mount refused to learner (uid 1000)', async () => {
    await openPage();
    await typeAndSee(one, 'su - learner', /learner@lab:~\$ $/);
    const pid = await shellPid(one);
    await typeAndSee(one, 'unshare --uts bash', /unshare failed: Operation not permitted/);
    const e = await explained('no-privilege', 'one');
    expect(words(e)).toContain(`PID ${pid} (\`bash\`, Terminal 1), runs as \`learner\` (uid 1000)`);
    expect(e.fix.map((f) => f.command)).toEqual(['unshare --map-root-user --uts bash', 'exit']);

    explanations = [];
    await typeAndSee(one, 'mount -t tmpfs tmpfs /tmp', /must be superuser/);
    expect((await explained('no-privilege', 'one')).title).toBe('mount refused: `learner` has no privilege here');
  });

  it('5. a device in another network namespace, and one that exists nowhere', async () => {
    await openPage();
    await typeAndSee(one, 'unshare --net sh', /# $/);
    const pid = await shellPid(one);
    const netNs = /net:\[(\d+)\]/.exec(await typeAndSee(one, 'readlink /proc/$$/ns/net', /net:\[\d+\]/))![1];
    const host = await two();
    await typeAndSee(host, `ip link add veth-h type veth peer name veth-c && ip link set veth-c netns ${pid} && echo moved`, /^moved$/m);
    await typeAndSee(host, 'ip link set veth-c up', /Cannot find device "veth-c"/);
    const e = await explained('device-elsewhere', 'two');
    expect(words(e)).toContain(`\`veth-c\` is in the network namespace net:[${netNs}] of PID ${pid} (\`sh\`, Terminal 1)`);
    expect(e.fix[0]?.command).toBe(`nsenter --target ${pid} --net ip link set veth-c up`);

    explanations = [];
    await typeAndSee(host, 'ip link set veth-z up', /Cannot find device "veth-z"/);
    expect((await explained('device-elsewhere', 'two')).title).toBe('`veth-z` exists in none of your network namespaces');
  });

  it('6. nsenter into a PID that has exited, with the live candidates', async () => {
    await openPage();
    await typeAndSee(one, 'unshare --net bash', /# $/);
    const pid = await shellPid(one);
    const host = await two();
    const gone = await typeAndSee(host, 'sleep 0 & wait; echo "gone=$!"', /gone=\d+\s/);
    const dead = Number(/gone=(\d+)\s/.exec(gone)![1]);
    await typeAndSee(host, `nsenter --target ${dead} --net ip -br link`, /No such file or directory/);
    const e = await explained('nsenter-gone', 'two');
    expect(e.title).toBe(`There is no process ${dead} to enter`);
    expect(words(e)).toContain(`with PID ${pid} (\`bash\`, Terminal 1)`);
    expect(e.fix.map((f) => f.command)).toEqual(['lsns -t net', `nsenter --target ${pid} --net ip -br link`]);
  });

  it('7. a mount made outside that does not appear in the container (no peers)', async () => {
    await openPage();
    await typeAndSee(one, 'unshare --mount chroot /root/rootfs /bin/sh', /# $/);
    const pid = await shellPid(one);
    const host = await two();
    await typeAndSee(host, 'mount -t tmpfs -o size=1m tmpfs /root/rootfs/mnt && echo outside > /root/rootfs/mnt/note && echo mounted', /^mounted$/m);
    await typeAndSee(one, 'cat /mnt/note', /No such file or directory/);
    const e = await explained('mount-not-propagated', 'one');
    expect(words(e)).toContain('`tmpfs` is mounted on `/root/rootfs/mnt`');
    expect(words(e)).toContain(`PID ${pid} (\`sh\`, Terminal 1)`);
    expect(words(e)).toContain('`/root`, is private outside and private in the copy');
    expect(e.fix.map((f) => f.command)).toEqual(['findmnt -o TARGET,PROPAGATION', 'exit', 'mount --make-shared /root', 'unshare --mount --propagation shared chroot /root/rootfs /bin/sh']);

    // Following the fix, a mount made outside reaches the new copy, and nothing is explained.
    explanations = [];
    await typeAndSee(one, 'exit', /:~# $/);
    await typeAndSee(one, 'mount --make-shared /root && echo shared', /^shared$/m);
    await typeAndSee(one, 'unshare --mount --propagation shared chroot /root/rootfs /bin/sh', /\/ # $/);
    await typeAndSee(host, 'mount -t tmpfs -o size=1m tmpfs /root/rootfs/tmp && echo second > /root/rootfs/tmp/note && echo mounted', /^mounted$/m);
    await typeAndSee(one, 'cat /tmp/note; nsenter -t 4000000 -m true', /No such file or directory/);
    expect(one.output).toMatch(/^second$/m);
    await explained('nsenter-gone', 'one');
    expect(explanations.map((x) => x.id)).toEqual(['nsenter-gone']);
  });
});
