// What the syscall tracer costs the lab server under load: 50 sessions each looping `unshare --uts true` as root in their sandbox, the server's CPU and the tracers' own, with the syscall tracer attached and switched off (NSLAB_SYSCALL_TRACER=0).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startLabProcess, type LabProcess } from '../test/support/lab-process';
import { LabTerminal } from './lab-client';
import { mapLimit, nowMs, sleep } from './stats';

/** Sessions looping at once, how long their loops run before the window opens, and the window (in milliseconds). */
const SESSIONS = 50;
const SETTLE_MS = 3_000;
const WINDOW_MS = 20_000;
const TICKS_PER_S = 100;

export type TracerLoadSide = {
  /** CPU the lab server's process used over the window (utime + stime), in CPUs (CPU seconds per second). */
  serverCpus: number;
  /** CPU of the syscall tracer's bpftrace over the window, in CPUs (0 when it is switched off). */
  syscallTracerCpus: number;
  /** CPU of the exec tracer's bpftrace (it runs on both sides), in CPUs. */
  execTracerCpus: number;
  /** `unshare --uts true` runs completed per second, all sessions together. */
  unsharesPerS: number;
};

export type TracerLoad = { sessions: number; windowMs: number; on: TracerLoadSide; off: TracerLoadSide };

/** utime + stime of a process (in clock ticks), or 0 once it is gone. */
function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** The bpftrace children of the server, by which tracer they are (told from their program). */
function tracers(serverPid: number): { syscall: number[]; exec: number[] } {
  const found = { syscall: [] as number[], exec: [] as number[] };
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== serverPid) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmdline.includes('bpftrace')) continue;
      if (cmdline.includes('sys_enter_unshare')) found.syscall.push(Number(entry));
      else if (cmdline.includes('sched_process_exec')) found.exec.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** The loop's runs that succeeded and failed, and its start and end (EPOCHREALTIME), printed by the shell when it ends. */
const RESULT = /RESULT (\d+) (\d+) (\d+\.\d+) (\d+\.\d+)/;

/**
 * Starts the loop in a sandbox shell for `seconds` (it ends itself: bash's own clock, so no ^C races a
 * child); `done()` resolves with its successful runs per second, and fails if any run failed.
 */
function startLoop(terminal: LabTerminal, seconds: number): { done(): Promise<number> } {
  let out = '';
  const off = terminal.onData((data) => (out += data.toString()));
  const result = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`no loop result within ${seconds + 30} s: ${JSON.stringify(out.slice(-300))}`))), (seconds + 30) * 1000);
    const check = terminal.onData(() => {
      const m = RESULT.exec(out);
      if (!m) return;
      clearTimeout(timer);
      off();
      check();
      if (Number(m[2]) > 0) reject(new Error(`${m[2]} of ${Number(m[1]) + Number(m[2])} unshare runs failed in the sandbox: ${JSON.stringify(out.slice(-300))}`));
      else resolve(Number(m[1]) / (Number(m[4]) - Number(m[3])));
    });
  });
  terminal.write(`s=$EPOCHREALTIME; n=0; f=0; e=$((SECONDS+${seconds})); while [ $SECONDS -lt $e ]; do unshare --uts true && n=$((n+1)) || f=$((f+1)); done; echo "RESULT $n $f $s $EPOCHREALTIME"\r`);
  return { done: () => result };
}

/** Cgroups of the lab's sandboxes still under any hierarchy's nslab/ (none expected once it stopped). */
function leftoverCgroups(lab: LabProcess): string[] {
  const range = lab.uidRange;
  if (!range) return [];
  const left: string[] = [];
  for (const hierarchy of readdirSync('/sys/fs/cgroup')) {
    let names: string[];
    try {
      names = readdirSync(`/sys/fs/cgroup/${hierarchy}/nslab`);
    } catch {
      continue;
    }
    for (const name of names) {
      const uid = /^u(\d+)-/.exec(name);
      if (uid && Number(uid[1]) >= range.uidBase && Number(uid[1]) < range.uidLimit) left.push(`${hierarchy}/nslab/${name}`);
    }
  }
  return left;
}

async function measureSide(tracer: boolean, track?: (lab: LabProcess) => void): Promise<TracerLoadSide> {
  const lab = await startLabProcess(
    { NSLAB_MACHINE: 'sandbox', NSLAB_MAX_SESSIONS: String(SESSIONS + 10), NSLAB_WARM_SANDBOXES: '2', NSLAB_SYSCALL_TRACER: tracer ? '1' : '0' },
    { args: ['--api-only'] },
  );
  track?.(lab);
  const terminals: LabTerminal[] = [];
  try {
    await mapLimit(Array.from({ length: SESSIONS }), 10, async () => {
      const terminal = await LabTerminal.connect(lab.origin);
      terminals.push(terminal);
      await terminal.open('uts');
    });
    const found = tracers(lab.pid);
    if (tracer && found.syscall.length !== 1) throw new Error(`expected the server's syscall tracer to run, found ${found.syscall.length}`);
    if (!tracer && found.syscall.length !== 0) throw new Error('the syscall tracer runs although NSLAB_SYSCALL_TRACER=0');
    // Each loop runs past the window on both ends, so all of them run throughout it.
    const loops = terminals.map((t) => startLoop(t, Math.ceil((2 * SETTLE_MS + WINDOW_MS) / 1000)));
    await sleep(SETTLE_MS);
    const read = () => ({ at: nowMs(), server: cpuTicks(lab.pid), syscall: found.syscall.reduce((a, p) => a + cpuTicks(p), 0), exec: found.exec.reduce((a, p) => a + cpuTicks(p), 0) });
    const before = read();
    await sleep(WINDOW_MS);
    const after = read();
    const rates = await Promise.all(loops.map((l) => l.done()));
    const seconds = (after.at - before.at) / 1000;
    const cpus = (ticks: number) => ticks / TICKS_PER_S / seconds;
    return {
      serverCpus: cpus(after.server - before.server),
      syscallTracerCpus: cpus(after.syscall - before.syscall),
      execTracerCpus: cpus(after.exec - before.exec),
      unsharesPerS: rates.reduce((a, r) => a + r, 0),
    };
  } finally {
    await Promise.all(terminals.map((t) => t.closeSession().catch(() => undefined)));
    for (const t of terminals) t.disconnect();
    const problem = await lab.stop();
    const left = leftoverCgroups(lab);
    if (problem || left.length > 0) process.stderr.write(`tracer load: ${problem ?? ''} ${left.length ? `cgroups left behind: ${left.join(' ')}` : ''}\n`);
  }
}

/** One server per side, tracer attached first, then switched off: the same 50 looping sessions for the same window. */
export async function measureTracerLoad(track?: (lab: LabProcess) => void): Promise<TracerLoad> {
  const on = await measureSide(true, track);
  const off = await measureSide(false, track);
  return { sessions: SESSIONS, windowMs: WINDOW_MS, on, off };
}

/** The rows `npm run bench` prints after the syscall tracer's. */
export function tracerLoadTable(load: TracerLoad): string {
  const row = (name: string, value: (s: TracerLoadSide) => string) => `  ${name}`.padEnd(72) + value(load.off).padEnd(20) + value(load.on);
  const cpu = (v: number) => `${v.toFixed(3)} CPUs`;
  return [
    `syscall tracer under load (${load.sessions} sessions loop unshare --uts true, ${load.windowMs / 1000} s)`.padEnd(72) + 'off'.padEnd(20) + 'on',
    row('lab server CPU (utime + stime)', (s) => cpu(s.serverCpus)),
    row("syscall tracer's bpftrace CPU", (s) => cpu(s.syscallTracerCpus)),
    row("exec tracer's bpftrace CPU", (s) => cpu(s.execTracerCpus)),
    row('unshare runs per second (all sessions)', (s) => s.unsharesPerS.toFixed(0)),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${tracerLoadTable(await measureTracerLoad())}\n`);
  process.exit();
}
