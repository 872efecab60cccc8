// `npm run bench`: measures the lab against baselines without a server (an in-process pty, a raw bubblewrap sandbox) in the same run, prints one table and writes the results as JSON.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchLabs } from './bench-labs';
import { CLUSTER_LEARNERS, clusterMissing, measureCluster } from './cluster';
import { BENCH } from './config';
import { measureConcurrent } from './concurrent';
import { fairnessServerEnv, HOGS, measureCpuFairness, type CpuFairness } from './cpu-fairness';
import { startFloor } from './floor-client';
import { interleavedEcho, interleavedFloods } from './interleaved';
import { labSide, sandboxColdOpen } from './lab-sides';
import { measurePageWeight } from './page-weight';
import { pageToPrompt } from './page-to-prompt';
import { measureRoomStart } from './room-start';
import { measureProbe } from './probe-cost';
import { measureSyscallTracer, syscallTracerTable } from './syscall-tracer';
import { measureTracerLoad, tracerLoadTable } from './tracer-load';
import { sandboxRange } from './proc-memory';
import { spawnRawPty } from './raw-pty';
import { machineInfo, table, writeResults, type Results } from './report';
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
const labs = new BenchLabs(serverEnv, nodeFlags);
const step = (message: string) => process.stdout.write(`${message}\n`);

/**
 * The floor: keystroke echo and a flood through the plainest Node WebSocket terminal server (bench/floor-server.ts),
 * interleaved with the raw pty as the lab's are, so the targets can be read against what any Node server reaches.
 */
async function floorRun(): Promise<Results['floor']> {
  step('floor: echo and flood through a bare ws + node-pty server (against the raw pty)');
  const floor = await startFloor();
  labs.track(floor);
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
    labs.untrack(floor);
    await floor.stop();
  }
}

async function concurrent(): Promise<Results['concurrent']> {
  step(`sandbox: ${BENCH.sessions} sessions, ${Math.min(BENCH.typists, BENCH.sessions)} typing, in rounds alternating with the floor server's and raw ptys`);
  const lab = await labs.start('sandbox');
  const floor = await startFloor();
  labs.track(floor);
  try {
    const c = await measureConcurrent(lab.origin, lab.pid, sandboxRange(lab), floor);
    for (const t of c.terminals) t.disconnect();
    const { terminals: _terminals, opens, typing, ...memory } = c;
    const typists = Math.min(BENCH.typists, BENCH.sessions);
    return {
      ...memory,
      typists,
      openTotalMs: summarize(opens.map((o) => o.totalMs)),
      echoMs: typing.echoMs,
      rawEchoMs: typing.rawEchoMs,
      floorEchoMs: typing.floorEchoMs,
      typingRounds: typing.rounds,
    };
  } finally {
    labs.untrack(floor);
    await floor.stop();
    await labs.stop(lab);
  }
}

async function terminalTransports(): Promise<TransportResults> {
  step('host: the terminal stream against its socket.io fallback (on a WebSocket, and long-polling), interleaved');
  const lab = await labs.start('host');
  try {
    return await measureTransports(lab);
  } finally {
    await labs.stop(lab);
  }
}

/** Another learner's command and a new session's start with busy loops in one sandbox, against none (bench/cpu-fairness.ts). */
async function cpuFairness(): Promise<CpuFairness> {
  step(`sandbox: CPU fairness, ${HOGS} busy loops in one sandbox against none, ${BENCH.fairnessRounds} rounds`);
  const lab = await labs.start('sandbox');
  try {
    return await measureCpuFairness(lab.origin, sandboxRange(lab));
  } finally {
    await labs.stop(lab);
  }
}

/** Three nodes behind nginx on PostgreSQL and Redis (bench/cluster.ts); where one of those is missing, the row says so and the rest runs. */
async function clusterRun(): Promise<Results['cluster']> {
  if (CLUSTER_LEARNERS === 0) return undefined;
  const missing = clusterMissing();
  if (missing) {
    step(`cluster: not measured, ${missing}`);
    return { missing };
  }
  step(`cluster: ${CLUSTER_LEARNERS} sessions through nginx across 3 nodes, against as many on one node directly; then a node killed with SIGKILL`);
  try {
    return await measureCluster({ learners: CLUSTER_LEARNERS });
  } catch (e) {
    // A cluster that could not start (a port taken, PostgreSQL refusing) costs these rows, not the run's other figures.
    labs.problems.push(`cluster not measured: ${(e as Error).message}`);
    return { missing: `the cluster failed: ${(e as Error).message.split('\n')[0]}` };
  }
}

async function main(): Promise<void> {
  const takenAt = new Date().toISOString();
  const host = await labSide(labs, 'host');
  const sandbox = await labSide(labs, 'sandbox', LAB_WARM_POOL);
  const sandboxCold = await sandboxColdOpen(labs);
  const floor = await floorRun();
  const many = await concurrent();
  const fairness = await cpuFairness();
  const transports = await terminalTransports();
  step('syscall tracer: keystroke echo and unshare as one uid, the tracer attached and not');
  const tracer = await measureSyscallTracer();
  step('syscall tracer under load: 50 sandbox sessions loop unshare, one server with the tracer, one with NSLAB_SYSCALL_TRACER=0');
  const tracerLoad = await measureTracerLoad((lab) => labs.track(lab));
  step(`sandbox: a room of ${BENCH.roomLearners} opening a lesson at once, 2 warm sandboxes against ${BENCH.roomLearners}, ${BENCH.roomRounds} rounds each`);
  const room = await measureRoomStart({ learners: BENCH.roomLearners, rounds: BENCH.roomRounds, plainWarm: 2, env: serverEnv, track: (lab) => labs.track(lab) });
  step('probe: one run on a sandbox of 100 processes');
  const probe = await measureProbe(BENCH.checkRuns);
  const cluster = await clusterRun();
  let page: Results['page'] = null;
  if (BENCH.page) {
    step('lesson page weight (production build)');
    try {
      const weight = await measurePageWeight(root);
      page = { gzipBytes: weight.gzipBytes, bytes: weight.bytes, scripts: weight.scripts.length };
    } catch (e) {
      // A build running elsewhere (`next build` refuses a second one) should not cost the other figures.
      labs.problems.push(`lesson page weight not measured: ${(e as Error).message}`);
    }
  }
  let toPrompt: Results['pageToPrompt'];
  if (BENCH.page) {
    step(`lesson page in Chromium: navigation → usable prompt, ${BENCH.pageLoads} rounds of a cold and a warm load`);
    try {
      toPrompt = await pageToPrompt(root, BENCH.pageLoads, { ...serverEnv, NSLAB_MAX_SESSIONS: String(MAX_SESSIONS) }, (lab) => labs.track(lab));
    } catch (e) {
      labs.problems.push(`navigation → prompt not measured: ${(e as Error).message}`);
    }
  }
  const results: Results = {
    takenAt,
    machine: machineInfo(),
    config: { ...BENCH },
    host: { open: host.open, echoMs: host.echoMs, floodMibPerS: host.floodMibPerS, floodRounds: host.floodRounds, raw: host.raw },
    sandbox: {
      open: sandbox.open,
      echoMs: sandbox.echoMs,
      floodMibPerS: sandbox.floodMibPerS,
      floodRounds: sandbox.floodRounds,
      raw: sandbox.raw,
      floodRss: sandbox.floodRss,
      checkMs: summarize(sandbox.checkMs),
    },
    sandboxCold,
    floor,
    concurrent: many,
    probe,
    page,
    cpuFairness: fairness,
    roomStart: room,
    pageToPrompt: toPrompt,
    cluster,
  };
  const stray = await labs.leftovers();
  step(`\nnslab benchmark, ${takenAt}, ${results.machine.cores} cores (${results.machine.cpu}), node ${results.machine.node}\n`);
  step(table(results));
  step(`\n${transportTable(transports)}`);
  step(`\n${syscallTracerTable(tracer)}`);
  step(`\n${tracerLoadTable(tracerLoad)}`);
  const files = writeResults(root, Object.assign(results, { transports, syscallTracer: tracer, tracerLoad }));
  step(`\nresults: ${files.latest} (and ${files.dated})`);
  for (const problem of labs.problems) step(`warning: ${problem}`);
  if (stray.length > 0) {
    step(`warning: sandbox processes left behind after the servers stopped: ${stray.join(' ')}`);
    process.exitCode = 1;
  }
}

const abort = async (signal: string) => {
  step(`${signal}: stopping the lab servers…`);
  await labs.stopAll();
  process.exit(130);
};
process.once('SIGINT', () => void abort('SIGINT'));
process.once('SIGTERM', () => void abort('SIGTERM'));

main()
  .then(() => process.exit())
  .catch(async (e: unknown) => {
    console.error('bench failed:', e);
    await labs.stopAll();
    process.exit(1);
  });
