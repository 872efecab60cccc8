// The lab against the raw pty on the same machine load: keystrokes in alternating blocks, floods in alternating rounds.
import { BENCH, CLEAR_LINE_EVERY, MIB } from './config';
import { rssBytes, sampleRss } from './proc-memory';
import { percentile } from './stats';
import { measureEcho, measureFlood, type Tty } from './tty';

/** Keystroke runs alternate between the raw pty and a server in this many blocks, so both see the same machine load. */
const ECHO_ROUNDS = 5;

/** BENCH.keystrokes through each of `raw` and `served` after BENCH.warmupKeystrokes uncounted ones, alternating in ECHO_ROUNDS blocks (raw first); samples in milliseconds. */
export async function interleavedEcho(raw: Tty, served: Tty): Promise<{ rawMs: number[]; servedMs: number[] }> {
  const rawMs: number[] = [];
  const servedMs: number[] = [];
  const perRound = Math.ceil(BENCH.keystrokes / ECHO_ROUNDS);
  const options = { clearEvery: CLEAR_LINE_EVERY, intervalMs: 0 };
  if (BENCH.warmupKeystrokes > 0) {
    await measureEcho(raw, BENCH.warmupKeystrokes, options);
    await measureEcho(served, BENCH.warmupKeystrokes, options);
  }
  for (let round = 0; round < ECHO_ROUNDS; round++) {
    rawMs.push(...(await measureEcho(raw, perRound, options)));
    servedMs.push(...(await measureEcho(served, perRound, options)));
  }
  return { rawMs, servedMs };
}

export type FloodRounds = {
  /** Median of the rounds (in MiB/s). */
  rawMibPerS: number;
  mibPerS: number;
  /** Every round's figure, raw and served, in order (in MiB/s). */
  rounds: { raw: number; served: number }[];
  /** The server's RSS before the first flood and its peak over all of them (in bytes). */
  idleBytes: number;
  peakBytes: number;
};

/**
 * BENCH.floodMb of output through `raw` then `served`, BENCH.floodRounds times after an uncounted fifth of
 * that through each; the medians, since one
 * flood of a second or so on a shared 2-core machine can land on a busy or a quiet moment.
 */
export async function interleavedFloods(raw: Tty, served: Tty, serverPid: number): Promise<FloodRounds> {
  const rounds: { raw: number; served: number }[] = [];
  // Uncounted, as the keystrokes' warm-up: a fresh server's output path is not optimized yet.
  await measureFlood(raw, Math.ceil((BENCH.floodMb * MIB) / 5));
  await measureFlood(served, Math.ceil((BENCH.floodMb * MIB) / 5));
  const idleBytes = rssBytes(serverPid);
  let peakBytes = idleBytes;
  for (let round = 0; round < BENCH.floodRounds; round++) {
    const rawRound = await measureFlood(raw, BENCH.floodMb * MIB);
    const sampler = sampleRss(serverPid, 50);
    const servedRound = await measureFlood(served, BENCH.floodMb * MIB);
    peakBytes = Math.max(peakBytes, sampler.stop().peakBytes);
    rounds.push({ raw: rawRound.mibPerS, served: servedRound.mibPerS });
  }
  return {
    rawMibPerS: percentile(
      rounds.map((r) => r.raw),
      50,
    ),
    mibPerS: percentile(
      rounds.map((r) => r.served),
      50,
    ),
    rounds,
    idleBytes,
    peakBytes,
  };
}
