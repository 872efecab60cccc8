// One sandbox fills every kernel table it can reach (ptys, open files, inotify, SysV IPC, POSIX message queues); another sandbox and the lab go on unharmed.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../server/machine/machine';
import { createSandboxMachine, type SandboxMachine } from '../../server/machine/sandbox-machine';
import { DEFAULT_SANDBOX_OPTIONS, UIDS_PER_SANDBOX, type SandboxOptions } from '../../server/machine/sandbox-options';
import { raiseHostTables, SANDBOX_NOFILE } from '../../server/machine/sandbox/host-tables';
import { expectNoLeaks, snapshotOurResources, type Snapshot } from '../support/leaks';
import { waitUntil } from '../support/wait';

const OPTIONS: SandboxOptions = { ...DEFAULT_SANDBOX_OPTIONS, uidBase: DEFAULT_SANDBOX_OPTIONS.uidBase + 400 * UIDS_PER_SANDBOX, maxSandboxes: 4, warmSandboxes: 0, tmpfsBytes: 8 * 1024 * 1024 };
const here = path.join(path.dirname(new URL(import.meta.url).pathname), 'host-tables');
const HOLD_IN_FLIGHT = readFileSync(path.join(here, 'hold-in-flight.py'), 'utf8');
const TABLES = readFileSync(path.join(here, 'tables.py'), 'utf8');
/** How long one sandbox may take to fill a table up to its own caps (in milliseconds). */
const FILL_TIMEOUT_MS = 120_000;
/** Ptys the host's sandboxes shared in all before the lab raised kernel.pty.max: 4096, less the 1024 kept for the host. */
const OLD_PTY_POOL = 4096 - 1024;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'nslab-host-tables-'));
const runId = `t${process.pid}`;
let machine: SandboxMachine;
let before: Snapshot;
let opened = 0;
const toDispose: Sandbox[] = [];

async function open(name: string): Promise<Sandbox> {
  const result = await machine.openSandbox(`${runId}-${name}-${opened++}`);
  if (!result.ok) throw new Error(result.error.message);
  toDispose.push(result.value);
  return result.value;
}

async function sh(sandbox: Sandbox, script: string, input?: string): Promise<string> {
  const r = await sandbox.exec(['/bin/sh', '-c', script], { timeoutMs: FILL_TIMEOUT_MS, input });
  if (r.exitCode !== 0) throw new Error(`exit ${r.exitCode}: ${r.stderr}`);
  return r.stdout;
}

/** Starts `program` (Python, with `args`) in the background in `sandbox`, and resolves with its output once it printed `until`. */
async function holdInBackground(sandbox: Sandbox, program: string, args: string, until: RegExp): Promise<string> {
  await sh(sandbox, 'cat > /tmp/program.py', program);
  await sh(sandbox, `python3 /tmp/program.py ${args} </dev/null >/tmp/program.out 2>&1 & echo $! > /tmp/program.pid`);
  let out = '';
  const printed = async () => {
    out = await sh(sandbox, 'cat /tmp/program.out');
    return until.test(out) || /Traceback/.test(out);
  };
  await waitUntil(printed, () => `the sandbox's program to print ${until}; it printed:\n${out}`, FILL_TIMEOUT_MS);
  expect(out).not.toMatch(/Traceback/);
  return out;
}

/**
 * Kills the program holdInBackground started and waits until it is gone: a process holding tens of
 * thousands of files in flight takes seconds to release them, longer than the sandbox's own teardown waits.
 */
async function stopHolder(sandbox: Sandbox): Promise<void> {
  await sh(sandbox, 'kill -9 "$(cat /tmp/program.pid)"');
  let gone = false;
  const poll = async () => {
    while (!gone) gone = (await sandbox.exec(['/bin/sh', '-c', 'kill -0 "$(cat /tmp/program.pid)" 2>/dev/null'])).exitCode !== 0;
  };
  const loop = poll();
  try {
    await waitUntil(() => gone, 'the holding program to end', FILL_TIMEOUT_MS);
  } finally {
    gone = true;
    await loop;
  }
}

/** The lab still opens a session: a new sandbox, and a shell on a pty of the lab's own that answers. */
async function labOpensASession(): Promise<void> {
  const sandbox = await open('fresh');
  const shell = sandbox.spawnShell({ cols: 80, rows: 24 });
  if (!shell.ok) throw new Error(shell.error.message);
  let screen = '';
  shell.value.onData((d) => {
    screen += d.toString();
  });
  try {
    shell.value.write('echo answer-$((6 * 7))\r');
    await waitUntil(() => screen.includes('answer-42'), 'the new session to answer', 20_000);
  } finally {
    shell.value.kill('SIGKILL');
    await sandbox.dispose();
  }
}

beforeAll(async () => {
  // What the lab does at start (preflight): make the memory cap, not a shared table, what a sandbox runs into.
  const raised = await raiseHostTables();
  expect(raised.failed).toEqual([]);
  const created = await createSandboxMachine({ ...OPTIONS, dataDir: path.join(tmp, 'data') });
  if (!created.ok) throw new Error(created.error.message);
  machine = created.value;
  before = await snapshotOurResources({ ...machine.uidRange, dataDir: tmp });
  const check = await open('check');
  const python = await check.exec(['python3', '-c', 'pass']);
  await check.dispose();
  if (python.exitCode !== 0) throw new Error(`these tests need python3 on the host (the sandbox sees its /usr): ${python.stderr}`);
});

afterEach(async () => {
  await Promise.all(toDispose.splice(0).map((s) => s.dispose()));
});

afterAll(async () => {
  try {
    await Promise.all(toDispose.splice(0).map((s) => s.dispose()));
    await machine?.dispose();
    if (machine) await expectNoLeaks(before, { ...machine.uidRange, dataDir: tmp });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

describe('open files', () => {
  it('every process of a sandbox has the same hard RLIMIT_NOFILE, and root inside cannot raise it', async () => {
    const sandbox = await open('limits');
    const out = await sh(sandbox, `for p in /proc/[0-9]*; do grep 'Max open files' $p/limits; done | sort -u; prlimit --pid $$ --nofile=${SANDBOX_NOFILE * 2}:${SANDBOX_NOFILE * 2} 2>&1; echo rc=$?`);
    // PID 1 (bwrap's init), the keeper, this joined shell: one line, soft = hard.
    const lines = out.split('\n').filter((l) => l.startsWith('Max open files'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Max open files\\s+${SANDBOX_NOFILE}\\s+${SANDBOX_NOFILE}\\s+files`));
    expect(out).toMatch(/Operation not permitted[\s\S]*rc=1/);
  });

  it('a sandbox holding open files up to its memory cap leaves the host file table to the others', async () => {
    const attacker = await open('files');
    try {
      const out = await holdInBackground(attacker, HOLD_IN_FLIGHT, '/dev/null 1500', /held \d+ stopped \S+/);
      const [, held, stopped] = /held (\d+) stopped (\S+)/.exec(out)!;
      // Past what its descriptor tables could hold (pids.max x NOFILE), so the host's table is what was at stake;
      // stopped by its own limits, never by the host's table (ENFILE).
      expect(Number(held)).toBeGreaterThan(OPTIONS.pidsMax * SANDBOX_NOFILE);
      expect(stopped).not.toBe('ENFILE');
      const neighbour = await open('neighbour');
      expect(await sh(neighbour, `python3 -c "import os; print(len([os.open('/dev/null', os.O_RDONLY) for _ in range(1000)]))"`)).toBe('1000\n');
      await labOpensASession();
    } finally {
      await stopHolder(attacker);
    }
  });
});

describe('ptys', () => {
  it('root in a sandbox can remount its devpts or mount a fresh one, so a per-instance max= would not hold', async () => {
    const sandbox = await open('devpts');
    const out = await sh(sandbox, 'mount -o remount,max=100000 /dev/pts && echo remounted; mkdir /tmp/pts && mount -t devpts -o newinstance,ptmxmode=666 devpts /tmp/pts && echo fresh');
    expect(out).toBe('remounted\nfresh\n');
  });

  it('a sandbox opening ptys up to its memory cap leaves ptys for the others and the lab', async () => {
    const attacker = await open('ptys');
    try {
      const out = await holdInBackground(attacker, HOLD_IN_FLIGHT, '/dev/ptmx 400', /held \d+ stopped \S+/);
      const [, held, stopped] = /held (\d+) stopped (\S+)/.exec(out)!;
      // More than every sandbox shared in all before, and stopped by its memory cap or its own limits, not the
      // host's pty table (ENOSPC).
      expect(Number(held)).toBeGreaterThan(OLD_PTY_POOL);
      expect(stopped).not.toBe('ENOSPC');
      const neighbour = await open('neighbour');
      expect(await sh(neighbour, 'script -qc tty /dev/null')).toMatch(/^\/dev\/pts\/\d+\s*$/);
      expect(await sh(neighbour, `python3 -c "import os; os.open('/dev/ptmx', os.O_RDWR); print('pty')"`)).toBe('pty\n');
      await labOpensASession();
    } finally {
      await stopHolder(attacker);
    }
  });
});

describe('inotify, SysV IPC and POSIX message queues', () => {
  it('a sandbox that fills them all (as any of its uids) leaves them whole for another sandbox', async () => {
    const attacker = await open('tables');
    const out = await holdInBackground(attacker, TABLES, 'fill', /^done$/m);
    // Each refused in the attacker's own sandbox, for its uid 1000 too: inotify and message queue bytes are
    // charged to the sandbox's host uid (user namespace ucounts), SysV objects to its IPC namespace.
    expect(out).toMatch(/^inotify 128 EMFILE$/m);
    expect(out).toMatch(/^inotify uid1000 EMFILE$/m);
    expect(out).toMatch(/^watch \d+ ENOSPC$/m);
    for (const table of ['msg', 'shm', 'sem']) expect(out).toMatch(new RegExp(`^${table} \\d+ ENOSPC\\n${table} uid1000 ENOSPC$`, 'm'));
    expect(out).toMatch(/^mqueue \d+ EMFILE\nmqueue uid1000 EMFILE$/m);
    const neighbour = await open('neighbour');
    expect(await sh(neighbour, 'cat > /tmp/t.py && python3 /tmp/t.py try', TABLES)).toBe(['inotify', 'msg', 'shm', 'sem', 'mqueue', 'watch'].map((t) => `${t} ok\n`).join(''));
    await labOpensASession();
  });
});
