// The benchmark's sizes, from the environment so a quick run can shrink them (e.g. BENCH_SESSIONS=10 BENCH_FLOOD_MB=5).

const intFromEnv = (name: string, fallback: number, min: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number >= ${min} (got ${JSON.stringify(raw)})`);
  return value;
};

export const BENCH = {
  /**
   * Shells opened one after another to time open → first prompt byte. `bash -l` itself takes
   * 155–170 ms to print its prompt here, so the lab's few milliseconds need many samples.
   */
  openRuns: intFromEnv('BENCH_OPEN_RUNS', 60, 1),
  /** Keystrokes typed one at a time, each waiting for its echo. */
  keystrokes: intFromEnv('BENCH_KEYSTROKES', 500, 10),
  /**
   * Keystrokes typed first and not counted, into each side: a Node server that has just started
   * runs its message path unoptimised (not yet compiled by V8's optimizing compiler) for its first
   * few thousand messages, which a lab serving a class for hours is long past. Measured in blocks
   * of 500 from a cold start, the lab's echo p50 fell from 0.28 to 0.15 ms and settled after about
   * 4000 keystrokes; the bare ws server's fell the same way over the same count.
   */
  warmupKeystrokes: intFromEnv('BENCH_WARMUP_KEYSTROKES', 5000, 0),
  /** Output printed for the throughput run (in MiB). */
  floodMb: intFromEnv('BENCH_FLOOD_MB', 50, 1),
  /** Floods per side, alternating with the raw pty's; the table shows the medians. */
  floodRounds: intFromEnv('BENCH_FLOOD_ROUNDS', 5, 1),
  /** Sandboxed sessions held open at once. */
  sessions: intFromEnv('BENCH_SESSIONS', 200, 1),
  /** Sessions opened at the same time while building up to BENCH_SESSIONS. */
  openConcurrency: intFromEnv('BENCH_OPEN_CONCURRENCY', 8, 1),
  /** Of the open sessions, how many type at once. */
  typists: intFromEnv('BENCH_TYPISTS', 50, 1),
  /** Keystrokes each typist types. */
  typistKeystrokes: intFromEnv('BENCH_TYPIST_KEYSTROKES', 60, 1),
  /** Mean pause between one typist's keystrokes (in milliseconds): 50 ms is a fast typist's burst. */
  typistIntervalMs: intFromEnv('BENCH_TYPIST_INTERVAL_MS', 50, 0),
  /**
   * Rounds of that typing per side, alternating with the raw ptys'; the table shows the medians of
   * the rounds' p50 and p99, since a p99 of one round of 3000 keystrokes on a shared 2-core machine
   * moves by a millisecond from round to round.
   */
  typingRounds: intFromEnv('BENCH_TYPING_ROUNDS', 5, 1),
  /** check:run round trips on the uts lesson's first step. */
  checkRuns: intFromEnv('BENCH_CHECK_RUNS', 30, 1),
  /**
   * Rounds of the CPU fairness run (bench/cpu-fairness.ts), each timing one command and one session
   * open without the busy loops and one of each with them, after one uncounted round.
   */
  fairnessRounds: intFromEnv('BENCH_FAIRNESS_ROUNDS', 15, 1),
  /** Rounds of the page-to-prompt run in Chromium (bench/page-to-prompt.ts), each one cold and one warm page load. */
  pageLoads: intFromEnv('BENCH_PAGE_LOADS', 15, 1),
  /** Learners of the room that opens a lesson at the same moment (bench/room-start.ts). */
  roomLearners: intFromEnv('BENCH_ROOM_LEARNERS', 50, 1),
  /** Rounds of that room per side (a lab's default warm pool, and one sized to the room), alternating. */
  roomRounds: intFromEnv('BENCH_ROOM_ROUNDS', 5, 1),
  /** Skip the production build and the lesson page weight (BENCH_PAGE=0). */
  page: process.env.BENCH_PAGE !== '0',
};

export const MIB = 1024 * 1024;

/** Ack-as-you-go keystroke runs kill the line with ^U after this many characters. */
export const CLEAR_LINE_EVERY = 40;
