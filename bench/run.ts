// `npm run bench`: measures the lab against an in-process pty in the same run, prints one table and writes the results as JSON.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH } from './config';
import { measureConcurrent } from './concurrent';
import { fairnessServerEnv, HOGS, measureCpuFairness, type CpuFairness } from './cpu-fairness';
import { startFloor } from './floor-client';
import { interleavedEcho, interleavedFloods } from './interleaved';
import { LabTerminal } from './lab-client';
import { startLabProcess, type LabProcess, type UidRange } from '../test/support/lab-process';
import { interleavedOpens } from './open-rounds';
import { measurePageWeight } from './page-weight';
import { pageToPrompt } from './page-to-prompt';
import { measureRoomStart, waitForPool } from './room-start';
import { measureProbe } from './probe-cost';
import { pidsInUidRange, sandboxRange } from './proc-memory';
import { prepareRawBwrap } from './raw-bwrap';
import { measureRawOpen, spawnRawPty } from './raw-pty';
import { machineInfo, table, writeResults, type Results, type Side } from './report';
import { summarize } from './stats';
import { measureTransports, transportTable, type TransportResults } from './terminal-transports';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAX_SESSIONS = Math.max(300, BENCH.sessions + 10);
/** A lab's default warm pool (NSLAB_WARM_SANDBOXES), set explicitly so the warm rows stay warm if the default changes. */
const LAB_WARM_POOL = 2;
const serverEnv = { NSLAB_MAX_SESSIONS: String(MAX_SESSIONS), NSLAB_WARM_SANDBOXES: String(LAB_WARM_POOL), ...fairnessServerEnv() };
/** Set BENCH_CPU_PROF_DIR to have each server write a V8 CPU profile there when it stops. */
/** BENCH_NODE_FLAGS adds flags for the server's node (space-separated), e.g. to try a V8 setting. */
const nodeFlags = [
  ...(process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF_DIR)}`] : []),
  ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean),
];
/** Servers still running, stopped when the benchmark is interrupted or fails. */
const running = new Set<{ stop(): Promise<unknown> }>();
/** The uid ranges of every sandbox server started, checked for leftovers at the end. */
const usedRanges: UidRange[] = [];
const step = (message: string) => process.stdout.write(`${message}\n`);

async function startLab(machine: 'sandbox' | 'host', env: Record<string, string> = {}): Promise<LabProcess> {
  const lab = await startLabProcess({ ...serverEnv, ...env, NSLAB_MACHINE: machine }, { args: ['--api-only'], nodeFlags });
  running.add(lab);
  if (lab.uidRange) usedRanges.push(lab.uidRange);
  return lab;
}

/** Servers a measure starts and stops itself: stopped here too if the benchmark is interrupted. */
function trackLab(lab: LabProcess): void {
  running.add(lab);
  if (lab.uidRange) usedRanges.push(lab.uidRange);
}

/** What went wrong when a server stopped; printed after the table, since the figures still stand. */
const stopProblems: string[] = [];

async function stopLab(lab: LabProcess): Promise<void> {
  running.delete(lab);
  const problem = await lab.stop();
  if (problem) stopProblems.push(problem);
}

type SideRun = Side & { floodRss: { idleBytes: number; peakBytes: number }; checkMs: number[] };

/**
 * One lab machine against its baseline, interleaved: each lab open follows a baseline open (the
 * host lab: `bash -l` in a raw pty; the sandbox lab, its pool full: `bash -l` joined into a raw
 * bubblewrap sandbox started beforehand), keystrokes alternate in blocks with the raw pty's, and
 * the two floods run back to back (a shared 2-core machine drifts).
 */
async function labSide(machine: 'sandbox' | 'host'): Promise<SideRun> {
  step(`${machine}: open (against ${machine === 'sandbox' ? 'a warm raw bubblewrap sandbox' : 'the raw pty'}), echo, flood${machine === 'sandbox' ? ', checks' : ''} (against the raw pty)`);
  const lab = await startLab(machine);
  const shell = await spawnRawPty();
  const bwrap = machine === 'sandbox' ? await prepareRawBwrap() : null;
  try {
    await measureRawOpen(1); // warm-up: the first spawn pays for loading node-pty
    const opens = bwrap
      ? await interleavedOpens(lab.origin, () => bwrap.warmOpen(), () => waitForPool(lab, LAB_WARM_POOL, 100, 20))
      : await interleavedOpens(lab.origin, async () => (await measureRawOpen(1))[0]!);
    const terminal = await LabTerminal.connect(lab.origin);
    await terminal.open();
    const { rawMs: rawEcho, servedMs: echo } = await interleavedEcho(shell, terminal);
    const floods = await interleavedFloods(shell, terminal, lab.pid);
    const checkMs: number[] = [];
    if (machine === 'sandbox') {
      await terminal.checkMs('look'); // warm-up
      for (let i = 0; i < BENCH.checkRuns; i++) checkMs.push(await terminal.checkMs('look'));
    }
    terminal.disconnect();
    return {
      open: opens.lab,
      echoMs: summarize(echo),
      floodMibPerS: floods.mibPerS,
      floodRounds: floods.rounds,
      raw: { openMs: opens.baselineMs, echoMs: summarize(rawEcho), floodMibPerS: floods.rawMibPerS },
      floodRss: { idleBytes: floods.idleBytes, peakBytes: floods.peakBytes },
      checkMs,
    };
  } finally {
    bwrap?.dispose();
    shell.dispose();
    await stopLab(lab);
  }
}

/** A sandbox lab with no warm pool (each session launches its sandbox) against a raw bubblewrap sandbox started for the shell. */
async function sandboxColdOpen(): Promise<Results['sandboxCold']> {
  step('sandbox, no warm pool: open (against a raw bubblewrap sandbox started for its shell)');
  const lab = await startLab('sandbox', { NSLAB_WARM_SANDBOXES: '0' });
  const bwrap = await prepareRawBwrap();
  try {
    const opens = await interleavedOpens(lab.origin, () => bwrap.coldOpen());
    return { open: opens.lab, rawOpenMs: opens.baselineMs };
  } finally {
    bwrap.dispose();
    await stopLab(lab);
  }
}

/**
 * The floor: keystroke echo and a flood through the plainest Node WebSocket terminal server (bench/floor-server.ts),
 * interleaved with the raw pty as the lab's are, so the targets can be read against what any Node server reaches.
 */
async function floorRun(): Promise<Results['floor']> {
  step('floor: echo and flood through a bare ws + node-pty server (against the raw pty)');
  const floor = await startFloor();
  running.add(floor);
  const shell = await spawnRawPty();
  try {
    // As the lab's first open round: the first connection warms the server up.
    (await floor.open()).dispose();
    const terminal = await floor.open();
    const { rawMs, servedMs } = await interleavedEcho(shell, terminal);
    const floods = await interleavedFloods(shell, terminal, floor.pid);
    terminal.dispose();
    return { echoMs: summarize(servedMs), rawEchoMs: summarize(rawMs), floodMibPerS: floods.mibPerS, rawFloodMibPerS: floods.rawMibPerS };
  } finally {
    shell.dispose();
    running.delete(floor);
    await floor.stop();
  }
}

async function concurrent(): Promise<Results['concurrent']> {
  step(`sandbox: ${BENCH.sessions} sessions, ${Math.min(BENCH.typists, BENCH.sessions)} typing, in rounds alternating with the floor server's and raw ptys`);
  const lab = await startLab('sandbox');
  const floor = await startFloor();
  running.add(floor);
  try {
    const c = await measureConcurrent(lab.origin, lab.pid, sandboxRange(lab), floor);
    for (const t of c.terminals) t.disconnect();
    const { terminals: _terminals, opens, typing, ...memory } = c;
    const typists = Math.min(BENCH.typists, BENCH.sessions);
    return { ...memory, typists, openTotalMs: summarize(opens.map((o) => o.totalMs)), echoMs: typing.echoMs, rawEchoMs: typing.rawEchoMs, floorEchoMs: typing.floorEchoMs, typingRounds: typing.rounds };
  } finally {
    running.delete(floor);
    await floor.stop();
    await stopLab(lab);
  }
}

async function terminalTransports(): Promise<TransportResults> {
  step('host: the terminal stream against its socket.io fallback (on a WebSocket, and long-polling), interleaved');
  const lab = await startLab('host');
  try {
    return await measureTransports(lab);
  } finally {
    await stopLab(lab);
  }
}

/** Another learner's command and a new session's start with busy loops in one sandbox, against none (bench/cpu-fairness.ts). */
async function cpuFairness(): Promise<CpuFairness> {
  step(`sandbox: CPU fairness, ${HOGS} busy loops in one sandbox against none, ${BENCH.fairnessRounds} rounds`);
  const lab = await startLab('sandbox');
  try {
    return await measureCpuFairness(lab.origin, sandboxRange(lab));
  } finally {
    await stopLab(lab);
  }
}

/** Every sandbox process of the benchmark's uid range must be gone once the servers stopped. */
async function leftovers(): Promise<number[]> {
  const find = () => usedRanges.flatMap((range) => pidsInUidRange(range));
  for (let i = 0; i < 50; i++) {
    if (find().length === 0) return [];
    await new Promise((r) => setTimeout(r, 100));
  }
  return find();
}

async function main(): Promise<void> {
  const takenAt = new Date().toISOString();
  const host = await labSide('host');
  const sandbox = await labSide('sandbox');
  const sandboxCold = await sandboxColdOpen();
  const floor = await floorRun();
  const many = await concurrent();
  const fairness = await cpuFairness();
  const transports = await terminalTransports();
  step(`sandbox: a room of ${BENCH.roomLearners} opening a lesson at once, 2 warm sandboxes against ${BENCH.roomLearners}, ${BENCH.roomRounds} rounds each`);
  const room = await measureRoomStart({ learners: BENCH.roomLearners, rounds: BENCH.roomRounds, plainWarm: 2, env: serverEnv, track: trackLab });
  step('probe: one run on a sandbox of 100 processes');
  const probe = await measureProbe(BENCH.checkRuns);
  let page: Results['page'] = null;
  if (BENCH.page) {
    step('lesson page weight (production build)');
    try {
      const weight = await measurePageWeight(root);
      page = { gzipBytes: weight.gzipBytes, bytes: weight.bytes, scripts: weight.scripts.length };
    } catch (e) {
      // A build running elsewhere (`next build` refuses a second one) should not cost the other figures.
      stopProblems.push(`lesson page weight not measured: ${(e as Error).message}`);
    }
  }
  let toPrompt: Results['pageToPrompt'];
  if (BENCH.page) {
    step(`lesson page in Chromium: navigation → usable prompt, ${BENCH.pageLoads} rounds of a cold and a warm load`);
    try {
      toPrompt = await pageToPrompt(root, BENCH.pageLoads, { ...serverEnv, NSLAB_MAX_SESSIONS: String(MAX_SESSIONS) }, trackLab);
    } catch (e) {
      stopProblems.push(`navigation → prompt not measured: ${(e as Error).message}`);
    }
  }
  const results: Results = {
    takenAt,
    machine: machineInfo(),
    config: { ...BENCH },
    host: { open: host.open, echoMs: host.echoMs, floodMibPerS: host.floodMibPerS, floodRounds: host.floodRounds, raw: host.raw },
    sandbox: { open: sandbox.open, echoMs: sandbox.echoMs, floodMibPerS: sandbox.floodMibPerS, floodRounds: sandbox.floodRounds, raw: sandbox.raw, floodRss: sandbox.floodRss, checkMs: summarize(sandbox.checkMs) },
    sandboxCold,
    floor,
    concurrent: many,
    probe,
    page,
    cpuFairness: fairness,
    roomStart: room,
    pageToPrompt: toPrompt,
  };
  const stray = await leftovers();
  step(`\nnslab benchmark, ${takenAt}, ${results.machine.cores} cores (${results.machine.cpu}), node ${results.machine.node}\n`);
  step(table(results));
  step(`\n${transportTable(transports)}`);
  const files = writeResults(root, Object.assign(results, { transports }));
  step(`\nresults: ${files.latest} (and ${files.dated})`);
  for (const problem of stopProblems) step(`warning: ${problem}`);
  if (stray.length > 0) {
    step(`warning: sandbox processes left behind after the servers stopped: ${stray.join(' ')}`);
    process.exitCode = 1;
  }
}

const abort = async (signal: string) => {
  step(`${signal}: stopping the lab servers…`);
  await Promise.all([...running].map((server) => server.stop()));
  process.exit(130);
};
process.once('SIGINT', () => void abort('SIGINT'));
process.once('SIGTERM', () => void abort('SIGTERM'));

main()
  .then(() => process.exit())
  .catch(async (e: unknown) => {
    console.error('bench failed:', e);
    await Promise.all([...running].map((server) => server.stop()));
    process.exit(1);
  });
