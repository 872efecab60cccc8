// CPU fairness: another learner's CPU-bound command and a new session's start, with four busy loops running in one sandbox against none.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { defaultCpusPerSandbox } from '../server/machine/sandbox-options';
import { BENCH } from './config';
import { LabTerminal } from './lab-client';
import type { UidRange } from './proc-memory';
import { sleep, summarize, type Summary } from './stats';
import type { Tty } from './tty';

/** Busy loops the hog learner starts, each in a session of its own (setsid), as the attacker did. */
export const HOGS = 4;
/** What each busy loop runs; its command line is how the benchmark finds the loops on the host. */
const HOG_SCRIPT = 'while :; do :; done';
/** Iterations of the victim's bash loop: about 0.7 s of one CPU here, like the command. */
const LOOP_ITERATIONS = 300_000;
/** Longest one timed command may take before the run is called broken (in milliseconds). */
const COMMAND_TIMEOUT_MS = 60_000;
/** The ratio of "with hogs" to "none" the issue asks for, for both measures. */
export const FAIRNESS_TARGET_RATIO = 1.5;

export type CpuFairness = {
  /** The cap per sandbox the server ran with (in CPUs). */
  cpus: number;
  hogs: number;
  /** Another learner's bash loop, timed inside their sandbox (in milliseconds). */
  commandMs: { none: Summary; hogs: Summary };
  /** A new learner's session:open → first prompt byte (in milliseconds). */
  openMs: { none: Summary; hogs: Summary };
  /** The same bash loop run on the host beside the lab server, outside every sandbox (in milliseconds). */
  hostCommandMs: { none: Summary; hogs: Summary };
  /**
   * While the victim's loop ran beside the busy loops: the CPUs each got (CPU time / wall time).
   * Unlike the times, these do not move with the rest of the machine's load: fair is the busy loops
   * held to the cap, and the victim (asking for one CPU) getting at least as much as they do.
   */
  cpusWhileBusy: { victim: Summary; hogs: Summary };
};

/** Clock ticks per second of /proc/PID/stat's CPU times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** CPU time the busy loops of `range` used so far (in milliseconds), from /proc/PID/stat's utime and stime. */
function hogCpuMs(range: UidRange): number {
  let ticks = 0;
  for (const pid of hogPids(range)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after "pid (comm) ": state is the first; utime and stime the 12th and 13th (proc(5)).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Exited meanwhile: the loops are only killed after the measurement.
    }
  }
  return (ticks * 1000) / USER_HZ;
}

/** The cap the server under test uses: BENCH_FAIRNESS_CPUS when set (passed on as NSLAB_CPUS), else the server's default. */
export function fairnessServerEnv(): Record<string, string> {
  const cpus = process.env.BENCH_FAIRNESS_CPUS;
  return cpus ? { NSLAB_CPUS: cpus } : {};
}

const serverCpus = (): number => Number(process.env.BENCH_FAIRNESS_CPUS || defaultCpusPerSandbox());

/** Host pids of the running busy loops of `range`'s sandboxes. */
function hogPids(range: UidRange): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const uid = Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1]);
      if (uid < range.uidBase || uid >= range.uidLimit) continue;
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8') === `sh\0-c\0${HOG_SCRIPT}\0`) found.push(Number(name));
    } catch {
      // Exited while we looked.
    }
  }
  return found;
}

async function until(ok: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`cpu fairness: timed out waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * The victim's CPU-bound command: a bash loop in the shell itself that prints
 * `<tag>:<microseconds it took>:<CPU milliseconds the shell used meanwhile>`. EPOCHREALTIME is
 * "s.us" (without the dot, microseconds); the CPU time is the shell's utime + stime in
 * /proc/$$/stat (fields 14 and 15, in ticks of 10 ms).
 */
const loopCommand = (tag: string) =>
  `read -ra t </proc/$$/stat; c=$((t[13] + t[14])); s=\${EPOCHREALTIME/./}; i=0; while ((i < ${LOOP_ITERATIONS})); do ((i++)); done; ` +
  `e=\${EPOCHREALTIME/./}; read -ra t </proc/$$/stat; echo "${tag}:$((e - s)):$(( (t[13] + t[14] - c) * 10 ))"`;

type LoopTime = { ms: number; cpuMs: number };

const parseLoop = (tag: string, text: string): LoopTime | undefined => {
  const m = new RegExp(`${tag}:(\\d+):(\\d+)`).exec(text);
  return m ? { ms: Number(m[1]) / 1000, cpuMs: Number(m[2]) } : undefined;
};

/** The loop in a bash of the host, in the benchmark's own cgroup: what the server and the host's other processes get. */
async function timedHostLoop(): Promise<number> {
  const { stdout } = await promisify(execFile)('bash', ['-c', loopCommand('host')], { timeout: COMMAND_TIMEOUT_MS });
  const time = parseLoop('host', stdout);
  if (!time) throw new Error(`cpu fairness: the host loop printed ${JSON.stringify(stdout)}`);
  return time.ms;
}

/** Runs the bash loop in `tty`'s shell; the time and CPU time bash itself measured around it. */
async function timedLoop(tty: Tty): Promise<LoopTime> {
  const tag = Math.random().toString(36).slice(2, 8);
  let text = '';
  let off = () => {};
  const done = new Promise<LoopTime>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cpu fairness: the loop did not finish within ${COMMAND_TIMEOUT_MS} ms`)), COMMAND_TIMEOUT_MS);
    off = tty.onData((d) => {
      text += d.toString('latin1');
      const time = parseLoop(tag, text);
      if (!time) return;
      clearTimeout(timer);
      resolve(time);
    });
  });
  tty.write(`${loopCommand(tag)}\r`);
  try {
    return await done;
  } finally {
    off();
  }
}

/** A new learner opens a session and waits for the prompt; then it is closed again. */
async function timedOpen(origin: string): Promise<number> {
  const learner = await LabTerminal.connect(origin);
  try {
    const timings = await learner.open();
    await learner.closeSession();
    return timings.totalMs;
  } finally {
    learner.disconnect();
  }
}

/**
 * Like with like, side by side: each round times the victim's loop and a new session's start once
 * with no busy loops and once while the hog learner runs HOGS busy loops (setsid, detached from its
 * terminal), in alternating order (a shared machine's load drifts), and kills the loops again. The
 * first round is a warm-up and not counted.
 */
export async function measureCpuFairness(origin: string, range: UidRange): Promise<CpuFairness> {
  const victim = await LabTerminal.connect(origin);
  const hog = await LabTerminal.connect(origin);
  const sides = () => ({ none: [] as number[], hogs: [] as number[] });
  const samples = { commandMs: sides(), openMs: sides(), hostCommandMs: sides() };
  const cpus = { victim: [] as number[], hogs: [] as number[] };
  try {
    await victim.open();
    await hog.open();
    const sample = async (which: 'none' | 'hogs', counted: boolean) => {
      const hogCpuBefore = hogCpuMs(range);
      const command = await timedLoop(victim);
      const hogCpu = hogCpuMs(range) - hogCpuBefore;
      const open = await timedOpen(origin);
      const host = await timedHostLoop();
      if (!counted) return;
      if (which === 'hogs') {
        cpus.victim.push(command.cpuMs / command.ms);
        cpus.hogs.push(hogCpu / command.ms);
      }
      samples.commandMs[which].push(command.ms);
      samples.openMs[which].push(open);
      samples.hostCommandMs[which].push(host);
    };
    const withHogs = async (counted: boolean) => {
      hog.write(`for i in $(seq ${HOGS}); do setsid sh -c '${HOG_SCRIPT}' </dev/null >/dev/null 2>&1 & done\r`);
      await until(() => hogPids(range).length === HOGS, `${HOGS} busy loops to run`);
      await sample('hogs', counted);
      // The loops are the benchmark's load, not what it measures: killed from the host at once.
      for (const pid of hogPids(range)) process.kill(pid, 'SIGKILL');
      await until(() => hogPids(range).length === 0, 'the busy loops to end');
    };
    for (let round = 0; round <= BENCH.fairnessRounds; round++) {
      const counted = round > 0;
      if (round % 2 === 0) {
        await sample('none', counted);
        await withHogs(counted);
      } else {
        await withHogs(counted);
        await sample('none', counted);
      }
    }
  } finally {
    // Closing the hog's session tears its sandbox down, loops and all, even when a round failed.
    await hog.closeSession().catch(() => undefined);
    await victim.closeSession().catch(() => undefined);
    hog.disconnect();
    victim.disconnect();
  }
  return {
    cpus: serverCpus(),
    hogs: HOGS,
    commandMs: { none: summarize(samples.commandMs.none), hogs: summarize(samples.commandMs.hogs) },
    openMs: { none: summarize(samples.openMs.none), hogs: summarize(samples.openMs.hogs) },
    hostCommandMs: { none: summarize(samples.hostCommandMs.none), hogs: summarize(samples.hostCommandMs.hogs) },
    cpusWhileBusy: { victim: summarize(cpus.victim), hogs: summarize(cpus.hogs) },
  };
}

type FairnessRow = { what: string; nslab: string; raw: string; ratio: string; target: string; met: boolean | null };

const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;

/** The table's rows: the figure with the hogs running in the nslab column, without them in the raw column. */
export function cpuFairnessRows(f: CpuFairness): FairnessRow[] {
  const row = (what: string, s: { none: Summary; hogs: Summary }, targeted = true): FairnessRow => ({
    what,
    nslab: ms(s.hogs.p50),
    raw: ms(s.none.p50),
    ratio: `${(s.hogs.p50 / s.none.p50).toFixed(2)}×`,
    target: targeted ? `≤ ${FAIRNESS_TARGET_RATIO}× none` : '',
    met: targeted ? s.hogs.p50 <= FAIRNESS_TARGET_RATIO * s.none.p50 : null,
  });
  const load = `${f.hogs} busy loops in another sandbox (cap ${f.cpus} CPU) vs none`;
  return [
    row(`another learner's CPU-bound command, ${load} (p50)`, f.commandMs),
    row(`new session open → first prompt byte, ${load} (p50)`, f.openMs),
    row('  the same command on the host, outside the sandboxes', f.hostCommandMs, false),
    {
      what: `  CPUs used meanwhile: that command / the ${f.hogs} busy loops (p50)`,
      nslab: `${f.cpusWhileBusy.victim.p50.toFixed(2)} / ${f.cpusWhileBusy.hogs.p50.toFixed(2)}`,
      raw: '',
      ratio: '',
      // Ticks of 10 ms over a command of a few hundred: allow 5% above the cap.
      target: `loops ≤ ${f.cpus} CPU`,
      met: Number.isFinite(f.cpus) ? f.cpusWhileBusy.hogs.p50 <= f.cpus * 1.05 : null,
    },
  ];
}
