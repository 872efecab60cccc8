// Many sandboxed sessions at once: how long each took to open, echo while a group types together, memory per idle session.
import { BENCH, CLEAR_LINE_EVERY, MIB } from './config';
import { LabTerminal, type OpenTimings } from './lab-client';
import { rssBytes, sandboxMemory, type UidRange } from './lab-process';
import { spawnRawPty } from './raw-pty';
import { mapLimit, sleep } from './stats';
import { measureEcho, type Tty } from './tty';

/**
 * Every tty types BENCH.typistKeystrokes at a fast typist's pace, all at once; the echo samples of all
 * of them (in milliseconds). A first round, not counted, warms the server up (see BENCH.warmupKeystrokes).
 */
export async function typeAtOnce(ttys: readonly Tty[]): Promise<number[]> {
  if (BENCH.warmupKeystrokes > 0) await typeRound(ttys);
  return typeRound(ttys);
}

async function typeRound(ttys: readonly Tty[]): Promise<number[]> {
  const runs = ttys.map(async (tty) => {
    // Spread the starts so the typists do not move in lockstep.
    await sleep(Math.random() * BENCH.typistIntervalMs);
    return measureEcho(tty, BENCH.typistKeystrokes, { clearEvery: CLEAR_LINE_EVERY, intervalMs: BENCH.typistIntervalMs });
  });
  return (await Promise.all(runs)).flat();
}

/** The baseline: BENCH.typists in-process ptys typing at once. */
export async function rawTypeAtOnce(): Promise<number[]> {
  const shells = [];
  for (let i = 0; i < BENCH.typists; i++) shells.push(await spawnRawPty());
  try {
    return await typeAtOnce(shells);
  } finally {
    for (const s of shells) s.dispose();
  }
}

export type ConcurrentResult = {
  sessions: number;
  opens: OpenTimings[];
  echoMs: number[];
  serverIdleRssBytes: number;
  serverLoadedRssBytes: number;
  serverBytesPerSession: number;
  sandboxProcesses: number;
  sandboxPssBytesPerSession: number;
  sandboxRssBytesPerSession: number;
  terminals: LabTerminal[];
};

/** Opens BENCH.sessions sessions (a learner each) on a fresh server, then has BENCH.typists of them type at once. */
export async function measureConcurrent(origin: string, serverPid: number, range: UidRange): Promise<ConcurrentResult> {
  // One session opened and closed first, so the idle figure includes the code every session runs.
  const warm = await LabTerminal.connect(origin);
  await warm.open();
  await warm.closeSession();
  warm.disconnect();
  await sleep(1_000);
  const serverIdleRssBytes = rssBytes(serverPid);
  const terminals: LabTerminal[] = [];
  const opens = await mapLimit(Array.from({ length: BENCH.sessions }), BENCH.openConcurrency, async () => {
    const terminal = await LabTerminal.connect(origin);
    terminals.push(terminal);
    return terminal.open();
  });
  await sleep(2_000);
  const serverLoadedRssBytes = rssBytes(serverPid);
  const sandbox = sandboxMemory(range);
  process.stdout.write(`  ${BENCH.sessions} sessions open; ${sandbox.processes} sandbox processes, server RSS ${(serverLoadedRssBytes / MIB).toFixed(1)} MiB\n`);
  const echoMs = await typeAtOnce(terminals.slice(0, BENCH.typists));
  return {
    sessions: BENCH.sessions,
    opens,
    echoMs,
    serverIdleRssBytes,
    serverLoadedRssBytes,
    serverBytesPerSession: (serverLoadedRssBytes - serverIdleRssBytes) / BENCH.sessions,
    sandboxProcesses: sandbox.processes,
    sandboxPssBytesPerSession: sandbox.pssBytes / BENCH.sessions,
    sandboxRssBytesPerSession: sandbox.rssBytes / BENCH.sessions,
    terminals,
  };
}
