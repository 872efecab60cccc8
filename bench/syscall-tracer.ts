// What the syscall tracer costs a learner: keystroke echo in a shell and the run time of `unshare` as a traced uid, with the tracer attached and without, interleaved.
import { spawn } from 'node:child_process';
import * as pty from 'node-pty';
import { fileURLToPath } from 'node:url';
import { SyscallTracer } from '../server/tracer/syscall-tracer';
import { nowMs, summarize, type Summary } from './stats';

/** A host uid range no lab server uses (above the default and test ranges): the traced "learner". */
const BENCH_UID = 2_100_000_000;
const RANGE = 65_536;
/** Samples per side and how many are taken in a row before switching sides (so drift hits both alike). */
const SAMPLES = 200;
const BATCH = 20;

export type SyscallTracerCost = {
  /** Keystroke → echo through bash's readline on a pty, as the traced uid (in milliseconds). */
  echoMs: { off: Summary; on: Summary };
  /** Wall time of `unshare --user --map-root-user --uts true` (an unshare and three map writes, all traced) (in milliseconds). */
  unshareMs: { off: Summary; on: Summary };
  /** Calls the tracer reported during the "on" unshare runs (4 per run when nothing is lost). */
  tracedCalls: number;
};

const asUser = ['setpriv', `--reuid=${BENCH_UID}`, `--regid=${BENCH_UID}`, '--clear-groups'];

function runUnshare(): Promise<number> {
  const start = nowMs();
  return new Promise((resolve, reject) => {
    const child = spawn(asUser[0]!, [...asUser.slice(1), 'unshare', '--user', '--map-root-user', '--uts', 'true'], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(nowMs() - start) : reject(new Error(`unshare exited ${code}`))));
  });
}

/** A bash on a pty as the traced uid; `echo()` types one character and times its echo, then erases it. */
async function openShell(): Promise<{ echo(): Promise<number>; dispose(): void }> {
  const shell = pty.spawn(asUser[0]!, [...asUser.slice(1), 'bash', '--norc', '--noprofile', '-i'], {
    name: 'xterm',
    cols: 80,
    rows: 24,
    env: { PS1: '$ ', HOME: '/tmp', PATH: process.env.PATH ?? '/usr/bin:/bin' },
  });
  let out = '';
  let waiter: (() => void) | null = null;
  shell.onData((d) => {
    out += d;
    waiter?.();
  });
  const until = (ok: () => boolean) =>
    new Promise<void>((resolve) => {
      if (ok()) return resolve();
      waiter = () => ok() && ((waiter = null), resolve());
    });
  await until(() => out.includes('$ '));
  return {
    async echo() {
      out = '';
      const start = nowMs();
      shell.write('x');
      await until(() => out.includes('x'));
      const ms = nowMs() - start;
      shell.write('\x7f');
      await until(() => out.includes('\b'));
      return ms;
    },
    dispose: () => shell.kill('SIGKILL'),
  };
}

async function sides(take: () => Promise<number>, setTracer: (on: boolean) => Promise<void>): Promise<{ off: number[]; on: number[] }> {
  const samples = { off: [] as number[], on: [] as number[] };
  for (let taken = 0; taken < SAMPLES; taken += BATCH) {
    for (const side of ['off', 'on'] as const) {
      await setTracer(side === 'on');
      for (let i = 0; i < BATCH; i++) samples[side].push(await take());
    }
  }
  return samples;
}

export async function measureSyscallTracer(): Promise<SyscallTracerCost> {
  let tracer: SyscallTracer | null = null;
  let traced = 0;
  let counting = false;
  const setTracer = async (on: boolean) => {
    if (!on) {
      await tracer?.dispose();
      tracer = null;
      return;
    }
    if (tracer) return;
    tracer = SyscallTracer.start(BENCH_UID, BENCH_UID + RANGE);
    if (!(await tracer.whenReady())) throw new Error(`the syscall tracer did not attach: ${JSON.stringify(tracer.state)}`);
    tracer.subscribe(BENCH_UID, RANGE, () => counting && traced++);
  };
  const shell = await openShell();
  try {
    const echo = await sides(() => shell.echo(), setTracer);
    counting = true;
    const unshare = await sides(runUnshare, setTracer);
    return { echoMs: { off: summarize(echo.off), on: summarize(echo.on) }, unshareMs: { off: summarize(unshare.off), on: summarize(unshare.on) }, tracedCalls: traced };
  } finally {
    shell.dispose();
    await setTracer(false);
  }
}

/** The rows `npm run bench` prints: the same work on the same traced uid, tracer attached against not, interleaved in batches. */
export function syscallTracerTable(cost: SyscallTracerCost): string {
  const row = (name: string, s: { off: Summary; on: Summary }) =>
    `  ${name}`.padEnd(72) + `${s.off.p50.toFixed(3)} / ${s.off.p99.toFixed(3)}`.padEnd(20) + `${s.on.p50.toFixed(3)} / ${s.on.p99.toFixed(3)}`;
  return [
    'syscall tracer (same uid, same work, tracer off vs on, interleaved)'.padEnd(72) + 'off p50 / p99 ms'.padEnd(20) + 'on p50 / p99 ms',
    row('keystroke echo in bash', cost.echoMs),
    row('unshare --user --map-root-user --uts true (4 calls)', cost.unshareMs),
    // Records still in the pipe when the tracer stops at the end of a batch are not counted.
    `  traced calls during the on runs: ${cost.tracedCalls} of ${SAMPLES * 4}`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${syscallTracerTable(await measureSyscallTracer())}\n`);
}
