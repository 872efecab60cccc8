// Real-sandbox tests (run as root): shells, isolation, limits and lifecycle of the bubblewrap lab machine.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IPty } from 'node-pty';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, snapshotOurResources, type Snapshot } from '../../test/support/leaks';
import { waitUntil } from '../../test/support/wait';
import type { LabMachine, Sandbox } from './machine';
import { createSandboxMachine } from './sandbox-machine';
import { BwrapSandbox } from './sandbox/bwrap-sandbox';
import { DEFAULT_SANDBOX_OPTIONS, UIDS_PER_SANDBOX, type SandboxOptions } from './sandbox-options';
import { stringMatching } from '../../test/support/matchers';
import { stripEscapes } from '../terminals/output-log';

// A uid range of its own, so these tests never share uids with sandboxes other test files run meanwhile.
const OPTIONS: SandboxOptions = { ...DEFAULT_SANDBOX_OPTIONS, uidBase: DEFAULT_SANDBOX_OPTIONS.uidBase + 300 * UIDS_PER_SANDBOX, maxSandboxes: 8, tmpfsBytes: 16 * 1024 * 1024 };
/** Set once the machine has claimed its range (it may skip ranges other runs hold). */
let scope: { uidBase: number; uidLimit: number } = { uidBase: OPTIONS.uidBase, uidLimit: OPTIONS.uidBase + OPTIONS.maxSandboxes * UIDS_PER_SANDBOX };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'nslab-sandbox-test-'));
const runId = `t${process.pid}`;
let machine: LabMachine;
let before: Snapshot;
const toDispose: { dispose(): Promise<void> }[] = [];

async function openSandbox(name: string, m: LabMachine = machine): Promise<Sandbox> {
  const opened = await m.openSandbox(`${runId}-${name}`);
  if (!opened.ok) throw new Error(opened.error.message);
  toDispose.push(opened.value);
  return opened.value;
}

/** Drives a pty: types commands and waits for their output and exit status. */
class ShellDriver {
  private text = '';
  constructor(readonly pty: IPty) {
    pty.onData((d: string | Buffer) => (this.text += d.toString()));
  }
  /** Output so far, without colour or cursor escapes. */
  output(): string {
    return stripEscapes(this.text);
  }
  async waitFor(pattern: RegExp, timeoutMs = 5_000): Promise<RegExpExecArray> {
    let m: RegExpExecArray | null = null;
    await waitUntil(
      () => (m = pattern.exec(this.output())) !== null,
      () => `${pattern}; got:\n${this.output()}`,
      timeoutMs,
    );
    return m!;
  }
  /** Run one command line; resolves with its output and exit status. */
  async run(command: string): Promise<{ out: string; status: number }> {
    const tag = Math.random().toString(36).slice(2, 8);
    const start = this.output().length;
    this.pty.write(`${command}; echo "<${tag}:$?>"\r`);
    const done = await this.waitFor(new RegExp(`<${tag}:(\\d+)>\\n`));
    const chunk = this.output().slice(start, done.index);
    // Drop everything up to the echoed command line (the previous prompt may arrive after `start`).
    const echoed = chunk.indexOf(`echo "<${tag}:`);
    const out = chunk.slice(chunk.indexOf('\n', echoed) + 1);
    return { out, status: Number(done[1]) };
  }
}

beforeAll(async () => {
  const created = await createSandboxMachine({ ...OPTIONS, dataDir: path.join(tmp, 'data') });
  if (!created.ok) throw new Error(created.error.message);
  machine = created.value;
  scope = created.value.uidRange;
  before = await snapshotOurResources({ ...scope, dataDir: tmp });
});

afterEach(async () => {
  await Promise.all(toDispose.splice(0).map((d) => d.dispose()));
});

afterAll(async () => {
  try {
    await machine?.dispose();
    await expectNoLeaks(before, { ...scope, dataDir: tmp });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

describe('a shell in the sandbox', () => {
  it('is root@lab in /root, and namespace tools work inside', async () => {
    const sandbox = await openSandbox('shell');
    const spawned = sandbox.spawnShell({ cols: 100, rows: 30 });
    if (!spawned.ok) throw new Error(spawned.error.message);
    toDispose.push({ dispose: async () => spawned.value.kill() });
    const shell = new ShellDriver(spawned.value);
    await shell.waitFor(/root@lab:~# $/);
    expect((await shell.run('id')).out).toMatch(/^uid=0\(root\) gid=0\(root\)/);
    expect((await shell.run('echo $HOME $TERM; pwd')).out).toBe('/root xterm-256color\n/root\n');
    expect((await shell.run('hostname')).out).toBe('lab\n');
    expect((await shell.run("unshare --uts sh -c 'hostname foo; hostname'")).out).toBe('foo\n');
    expect((await shell.run('hostname')).out).toBe('lab\n');
    expect(os.hostname()).not.toBe('foo');
    expect((await shell.run('unshare --pid --fork --mount-proc ps -e')).out).toMatch(/^\s+1 .*ps\n$/m);
    const links = (await shell.run('unshare --net ip -o link')).out.trim().split('\n');
    expect(links).toHaveLength(1);
    expect(links[0]).toMatch(/^1: lo:/);
    expect((await shell.run('stty size')).out).toBe('30 100\n');
    spawned.value.resize(120, 40);
    expect((await shell.run('stty size')).out).toBe('40 120\n');
    expect((await shell.run('su - learner -c id')).out).toMatch(/^uid=1000\(learner\) gid=1000\(learner\)/);
    expect(await shell.run('ip netns add x && ip netns list')).toEqual({ out: 'x\n', status: 0 });
    expect((await shell.run('busybox echo from busybox')).out).toBe('from busybox\n');
  });
});

describe('isolation', () => {
  it('shows no host processes and cannot signal them', async () => {
    const sandbox = await openSandbox('ps');
    const ps = await sandbox.exec(['ps', '-e', '-o', 'pid=,comm=']);
    expect(ps.stdout.trim().split('\n').length).toBeLessThan(8);
    expect(ps.stdout).not.toMatch(/node|vitest|systemd/);
    const kill = await sandbox.exec(['kill', '-9', String(process.pid)]);
    expect(kill.exitCode).not.toBe(0);
  });

  it('cannot write the host system, even after remounting it read-write', async () => {
    const sandbox = await openSandbox('ro');
    for (const dir of ['/usr', '/', '/etc']) {
      const r = await sandbox.exec(['sh', '-c', `touch ${dir}/nslab-probe || { mount -o remount,rw ${dir}; touch ${dir}/nslab-probe; }`]);
      expect(r.exitCode, `${dir}: ${r.stderr}`).not.toBe(0);
      expect(existsSync(path.join(dir, 'nslab-probe'))).toBe(false);
    }
    const remount = await sandbox.exec(['sh', '-c', 'mount -o remount,rw /usr && touch /usr/nslab-probe']);
    expect(remount.exitCode).not.toBe(0);
    expect(existsSync('/usr/nslab-probe')).toBe(false);
  });

  it('contains a fork bomb with pids.max and stays usable', async () => {
    const sandbox = await openSandbox('bomb');
    const bomb = await sandbox.exec(['sh', '-c', "timeout -s KILL 2 unshare --pid --fork --kill-child bash -c ':(){ :|:& };:; sleep 10' 2>/dev/null; echo survived"], { timeoutMs: 20_000 });
    expect(bomb.stdout).toContain('survived');
    const events = readFileSync(path.join(sessionPidsCgroup(sandbox.id), 'pids.events'), 'utf8');
    expect(Number(/max (\d+)/.exec(events)?.[1])).toBeGreaterThan(0);
    await expect.poll(async () => (await sandbox.exec(['echo', 'still here'])).stdout, { timeout: 10_000 }).toBe('still here\n');
  });

  it('stops a full /tmp with ENOSPC and stays usable', async () => {
    const sandbox = await openSandbox('fill');
    const fill = await sandbox.exec(['sh', '-c', 'yes nslab > /tmp/fill']);
    expect(fill.exitCode).not.toBe(0);
    expect(fill.stderr).toMatch(/No space left on device/);
    expect((await sandbox.exec(['sh', '-c', 'rm /tmp/fill && echo ok'])).stdout).toBe('ok\n');
  });

  it('keeps two sandboxes apart', async () => {
    const a = await openSandbox('a');
    const b = await openSandbox('b');
    await a.exec(['sh', '-c', 'echo secret > /tmp/a-file; sleep 1234 >/dev/null 2>&1 &']);
    expect((await b.exec(['ps', '-e', '-o', 'args='])).stdout).not.toContain('sleep 1234');
    expect((await b.exec(['cat', '/tmp/a-file'])).exitCode).not.toBe(0);
    expect((await a.exec(['cat', '/tmp/a-file'])).stdout).toBe('secret\n');
  });
});

describe('lifecycle', () => {
  it('exec returns output, exit codes, input and timeouts', async () => {
    const sandbox = await openSandbox('exec');
    expect(await sandbox.exec(['sh', '-c', 'echo out; echo err >&2; exit 3'])).toEqual({ exitCode: 3, stdout: 'out\n', stderr: 'err\n', timedOut: false });
    expect((await sandbox.exec(['cat'], { input: 'typed' })).stdout).toBe('typed');
    const slow = await sandbox.exec(['sleep', '30'], { timeoutMs: 300 });
    expect(slow.timedOut).toBe(true);
    await expect.poll(async () => (await sandbox.exec(['ps', '-e', '-o', 'args='])).stdout).not.toContain('sleep 30');
  });

  it('dispose kills everything and is safe to call twice', async () => {
    const sandbox = await openSandbox('dispose');
    const shell = sandbox.spawnShell({ cols: 80, rows: 24 });
    if (!shell.ok) throw new Error(shell.error.message);
    const exited = new Promise<void>((resolve) => shell.value.onExit(() => resolve()));
    await sandbox.exec(['sh', '-c', 'sleep 999 >/dev/null 2>&1 &']);
    await Promise.all([sandbox.dispose(), sandbox.dispose()]);
    await exited;
    await sandbox.dispose();
    expect(readdirSync(path.dirname(pidsCgroup('x'))).filter((n) => n.endsWith(`-${sandbox.id}`))).toEqual([]);
    expect((await sandbox.exec(['true'])).exitCode).toBeNull();
    expect(sandbox.spawnShell({ cols: 80, rows: 24 }).ok).toBe(false);
  });

  it('cleans up after a sandbox that died by itself', async () => {
    const sandbox = await openSandbox('died');
    expect(sandbox).toBeInstanceOf(BwrapSandbox);
    process.kill((sandbox as BwrapSandbox).anchorPid, 'SIGKILL');
    await expect.poll(async () => (await sandbox.exec(['true'])).exitCode).not.toBe(0);
    await sandbox.dispose();
    expect(readdirSync(path.dirname(pidsCgroup('x'))).filter((n) => n.endsWith(`-${sandbox.id}`))).toEqual([]);
  });

  it('refuses bad ids, duplicates, and more sandboxes than allowed', async () => {
    expect((await machine.openSandbox('../x')).ok).toBe(false);
    await openSandbox('dup');
    const dup = await machine.openSandbox(`${runId}-dup`);
    expect(!dup.ok && dup.error.code).toBe('machine_failed');
    const small = await createSandboxMachine({ ...OPTIONS, uidBase: OPTIONS.uidBase + 8 * UIDS_PER_SANDBOX, maxSandboxes: 1, dataDir: path.join(tmp, 'small') });
    if (!small.ok) throw new Error(small.error.message);
    toDispose.push(small.value);
    await openSandbox('one', small.value);
    const two = await small.value.openSandbox(`${runId}-two`);
    expect(!two.ok && two.error.code).toBe('limit_reached');
  });

  it('reports why bwrap failed', async () => {
    const broken = await createSandboxMachine({ ...OPTIONS, uidBase: OPTIONS.uidBase + 9 * UIDS_PER_SANDBOX, maxSandboxes: 1, dataDir: path.join(tmp, 'broken') });
    if (!broken.ok) throw new Error(broken.error.message);
    toDispose.push(broken.value);
    rmSync(path.join(tmp, 'broken', 'sandbox-etc'), { recursive: true });
    const failed = await broken.value.openSandbox(`${runId}-broken`);
    expect(failed.ok).toBe(false);
    expect(!failed.ok && failed.error).toMatchObject({ code: 'machine_failed', message: stringMatching(/failed to start.*sandbox-etc/) });
  });

  it('cleanupStale removes what a crashed server left, and keeps live sandboxes', async () => {
    const live = await openSandbox('live');
    const uid = String(scope.uidBase + 5 * UIDS_PER_SANDBOX);
    const staleDir = pidsCgroup(`u${uid}-${runId}-stale`);
    mkdirSync(staleDir, { recursive: true });
    // A cgroup of another server's uid range is not ours to remove.
    const foreignDir = pidsCgroup(`u${scope.uidBase - UIDS_PER_SANDBOX}-${runId}-foreign`);
    mkdirSync(foreignDir, { recursive: true });
    const inCgroup = spawn('sh', ['-c', `echo $$ > ${staleDir}/cgroup.procs && exec sleep 1000`], { stdio: 'ignore' });
    const stray = spawn('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', 'sleep', '1000'], { stdio: 'ignore' });
    const gone = (c: typeof stray) => new Promise((resolve) => ((c.exitCode ?? c.signalCode) !== null ? resolve(null) : c.once('exit', resolve)));
    // Both must be what the cleanup looks for: the shell has put itself in the cgroup and become sleep, setpriv has taken the uid and become sleep.
    const comm = (pid: number) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    const uidOf = (pid: number) => /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1];
    await waitUntil(
      () => readFileSync(`${staleDir}/cgroup.procs`, 'utf8').split('\n').includes(String(inCgroup.pid)) && comm(inCgroup.pid!) === 'sleep' && comm(stray.pid!) === 'sleep' && uidOf(stray.pid!) === uid,
      'the stray processes to be in place',
    );
    await machine.cleanupStale();
    await Promise.all([gone(inCgroup), gone(stray)]);
    expect(existsSync(staleDir)).toBe(false);
    expect(existsSync(foreignDir)).toBe(true);
    rmdirSync(foreignDir);
    expect((await live.exec(['echo', 'alive'])).stdout).toBe('alive\n');
  });
});

/** The pids cgroup of an open sandbox: named u<host uid>-<id>. */
function sessionPidsCgroup(id: string): string {
  const parent = path.dirname(pidsCgroup('x'));
  const name = readdirSync(parent).find((n) => /^u\d+-/.test(n) && n.endsWith(`-${id}`));
  if (!name) throw new Error(`no cgroup for sandbox ${id}`);
  return path.join(parent, name);
}

/** A pids cgroup directory by name (v2 tree or v1 pids hierarchy). */
function pidsCgroup(id: string): string {
  const v2 = existsSync('/sys/fs/cgroup/cgroup.controllers');
  return v2 ? `/sys/fs/cgroup/nslab/${id}` : `/sys/fs/cgroup/pids/nslab/${id}`;
}
