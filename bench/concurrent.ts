// Many sandboxed sessions at once: how long each took to open, echo while a group types together, memory per idle session.
import { BENCH, CLEAR_LINE_EVERY, MIB } from './config';
import type { Floor } from './floor-client';
import { LabTerminal, type OpenTimings } from './lab-client';
import { rssBytes, sandboxMemory, type UidRange } from './proc-memory';
import { spawnRawPty } from './raw-pty';
import { mapLimit, percentile, sleep, summarize, type Summary } from './stats';
import { measureEcho, type Tty } from './tty';

/** Every tty types BENCH.typistKeystrokes at a fast typist's pace, all at once; the echo samples of all of them (in milliseconds). */
async function typeRound(ttys: readonly Tty[]): Promise<number[]> {
  const runs = ttys.map(async (tty) => {
    // Spread the starts so the typists do not move in lockstep.
    await sleep(Math.random() * BENCH.typistIntervalMs);
    return measureEcho(tty, BENCH.typistKeystrokes, { clearEvery: CLEAR_LINE_EVERY, intervalMs: BENCH.typistIntervalMs });
  });
  return (await Promise.all(runs)).flat();
}

/** Every sample of every round pooled, and beside it the median of the rounds' own p50 and p99. */
export type RoundsSummary = Summary & { roundsMedian: { p50: number; p99: number } };

export type TypingRounds = {
  echoMs: RoundsSummary;
  rawEchoMs: RoundsSummary;
  floorEchoMs: RoundsSummary;
  /** Every round's summary, lab, floor and raw, in order. */
  rounds: { lab: Summary; floor: Summary; raw: Summary }[];
};

/**
 * `lab` typing at once, then as many terminals of the floor server (bench/floor-server.ts), then
 * as many in-process ptys (the baseline), alternating for BENCH.typingRounds rounds after one
 * uncounted round each (the warm-up, see BENCH.warmupKeystrokes).
 */
export async function interleavedTyping(lab: readonly Tty[], floor: readonly Tty[]): Promise<TypingRounds> {
  const shells = [];
  for (let i = 0; i < lab.length; i++) shells.push(await spawnRawPty());
  try {
    if (BENCH.warmupKeystrokes > 0) for (const side of [lab, floor, shells]) await typeRound(side);
    const labSamples: number[][] = [];
    const floorSamples: number[][] = [];
    const rawSamples: number[][] = [];
    for (let round = 0; round < BENCH.typingRounds; round++) {
      labSamples.push(await typeRound(lab));
      floorSamples.push(await typeRound(floor));
      rawSamples.push(await typeRound(shells));
    }
    return {
      echoMs: medianOfRounds(labSamples),
      floorEchoMs: medianOfRounds(floorSamples),
      rawEchoMs: medianOfRounds(rawSamples),
      rounds: labSamples.map((s, i) => ({ lab: summarize(s), floor: summarize(floorSamples[i]!), raw: summarize(rawSamples[i]!) })),
    };
  } finally {
    for (const s of shells) s.dispose();
  }
}

function medianOfRounds(rounds: number[][]): RoundsSummary {
  const each = rounds.map((samples) => summarize(samples));
  return {
    ...summarize(rounds.flat()),
    roundsMedian: {
      p50: percentile(
        each.map((s) => s.p50),
        50,
      ),
      p99: percentile(
        each.map((s) => s.p99),
        50,
      ),
    },
  };
}

export type ConcurrentResult = {
  sessions: number;
  opens: OpenTimings[];
  typing: TypingRounds;
  serverIdleRssBytes: number;
  serverLoadedRssBytes: number;
  serverBytesPerSession: number;
  sandboxProcesses: number;
  sandboxPssBytesPerSession: number;
  sandboxRssBytesPerSession: number;
  terminals: LabTerminal[];
};

/**
 * Opens BENCH.sessions sessions (a learner each) on a fresh server, then has BENCH.typists of them
 * type at once, against as many terminals of the floor server and as many raw ptys.
 */
export async function measureConcurrent(origin: string, serverPid: number, range: UidRange, floor: Floor): Promise<ConcurrentResult> {
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
  const typists = terminals.slice(0, BENCH.typists);
  const floorTerminals = await mapLimit(typists, BENCH.openConcurrency, () => floor.open());
  let typing: TypingRounds;
  try {
    typing = await interleavedTyping(typists, floorTerminals);
  } finally {
    for (const t of floorTerminals) t.dispose();
  }
  return {
    sessions: BENCH.sessions,
    opens,
    typing,
    serverIdleRssBytes,
    serverLoadedRssBytes,
    serverBytesPerSession: (serverLoadedRssBytes - serverIdleRssBytes) / BENCH.sessions,
    sandboxProcesses: sandbox.processes,
    sandboxPssBytesPerSession: sandbox.pssBytes / BENCH.sessions,
    sandboxRssBytesPerSession: sandbox.rssBytes / BENCH.sessions,
    terminals,
  };
}
