// A room that starts together: many learners open the same lesson at the same moment; how long each waits for a sandboxed prompt, with the warm pool a plain lab keeps and with one sized to the room.
import { readFileSync } from 'node:fs';
import { UIDS_PER_SANDBOX } from '../server/machine/sandbox-options';
import { LabTerminal } from './lab-client';
import { startLabProcess, type LabProcess, type UidRange } from '../test/support/lab-process';
import { pidsInUidRange } from './proc-memory';
import { percentile, sleep, summarize, type Summary } from './stats';

/** Longest a server may take to fill its warm pool between rounds (in milliseconds). */
const POOL_FILL_TIMEOUT_MS = 120_000;

export type RoomSide = {
  /** NSLAB_WARM_SANDBOXES of this side's server. */
  warmSandboxes: number;
  /** Start → prompt of every learner of every round (in milliseconds): connect, session:open, terminal:open, first prompt. */
  promptMs: Summary & { p95: number };
  /** Each round's p50 (in milliseconds), in order. */
  roundP50s: number[];
};

export type RoomStart = { learners: number; rounds: number; plain: RoomSide; sized: RoomSide };

/** Sandboxes alive in `range`: the distinct uid slots (UIDS_PER_SANDBOX host uids each) its processes run as. */
function sandboxesIn(range: UidRange): number {
  const slots = new Set<number>();
  for (const pid of pidsInUidRange(range)) {
    try {
      const uid = Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
      slots.add(Math.floor((uid - range.uidBase) / UIDS_PER_SANDBOX));
    } catch {
      // Gone since it was listed: not a sandbox that is ready.
    }
  }
  return slots.size;
}

/**
 * Waits until `lab` holds `count` sandboxes and their number stayed put for `stableMs` (the pool has
 * filled and nothing else is starting or ending), asking every `pollMs`.
 */
export async function waitForPool(lab: LabProcess, count: number, stableMs = 1_000, pollMs = 1_000): Promise<void> {
  if (count === 0 || !lab.uidRange) return;
  const deadline = Date.now() + POOL_FILL_TIMEOUT_MS;
  let steadySince: number | null = null;
  for (;;) {
    const now = sandboxesIn(lab.uidRange);
    steadySince = now === count ? (steadySince ?? Date.now()) : null;
    if (steadySince !== null && Date.now() - steadySince >= stableMs) return;
    if (Date.now() > deadline) throw new Error(`the warm pool of ${count} did not fill in ${POOL_FILL_TIMEOUT_MS} ms (${now} sandbox processes)`);
    await sleep(pollMs);
  }
}

/** `learners` clients connect and open the lesson at once; each one's start → prompt (in milliseconds). Closes their sessions after. */
async function roomRound(origin: string, learners: number, lesson: string): Promise<number[]> {
  const started = performance.now();
  const terminals: LabTerminal[] = [];
  try {
    return await Promise.all(
      Array.from({ length: learners }, async () => {
        const t = await LabTerminal.connect(origin);
        terminals.push(t);
        await t.open(lesson);
        return performance.now() - started;
      }),
    );
  } finally {
    await Promise.all(terminals.map((t) => t.closeSession().catch(() => undefined)));
    for (const t of terminals) t.disconnect();
  }
}

/**
 * Two servers side by side on the same machine, one with `plainWarm` warm sandboxes (a lab's
 * default) and one with a pool as large as the room; rounds alternate between them (which goes
 * first alternates too), each after its server's pool has refilled and after one uncounted round each.
 */
export async function measureRoomStart(opts: {
  learners: number;
  rounds: number;
  plainWarm: number;
  env: Record<string, string>;
  track: (lab: LabProcess) => void;
  lesson?: string;
}): Promise<RoomStart> {
  const { learners, rounds, plainWarm, env, track } = opts;
  const lesson = opts.lesson ?? 'uts';
  const maxSessions = String(learners + 10);
  const start = async (warm: number) => {
    const lab = await startLabProcess({ ...env, NSLAB_MACHINE: 'sandbox', NSLAB_MAX_SESSIONS: maxSessions, NSLAB_WARM_SANDBOXES: String(warm) }, { args: ['--api-only'] });
    track(lab);
    return lab;
  };
  const plain = await start(plainWarm);
  let sized: LabProcess | null = null;
  try {
    sized = await start(learners);
    const sides = [
      { lab: plain, warm: plainWarm, samples: [] as number[], p50s: [] as number[] },
      { lab: sized, warm: learners, samples: [] as number[], p50s: [] as number[] },
    ];
    for (let round = 0; round <= rounds; round++) {
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        await waitForPool(side.lab, side.warm);
        const ms = await roomRound(side.lab.origin, learners, lesson);
        if (round === 0) continue;
        side.samples.push(...ms);
        side.p50s.push(percentile(ms, 50));
      }
    }
    const result = (s: (typeof sides)[number]): RoomSide => ({ warmSandboxes: s.warm, promptMs: { ...summarize(s.samples), p95: percentile(s.samples, 95) }, roundP50s: s.p50s });
    return { learners, rounds, plain: result(sides[0]!), sized: result(sides[1]!) };
  } finally {
    await Promise.all([plain.stop(), sized?.stop()]);
  }
}

type Row = { what: string; nslab: string; raw: string; ratio: string; target: string; met: boolean | null };

export function roomStartRows(r: RoomStart): Row[] {
  const pair = (s: RoomSide) => `${s.promptMs.p50.toFixed(0)} ms / ${s.promptMs.p95.toFixed(0)} ms`;
  const range = (s: RoomSide) => `rounds' p50 ${Math.min(...s.roundP50s).toFixed(0)}–${Math.max(...s.roundP50s).toFixed(0)} ms`;
  return [
    {
      what: `room of ${r.learners} opening at once, warm pool sized to the room (${r.sized.warmSandboxes}): start → prompt p50 / p95 (${range(r.sized)})`,
      nslab: pair(r.sized),
      raw: '',
      ratio: '',
      target: 'p50 ≤ 1000 ms',
      met: r.sized.promptMs.p50 <= 1000,
    },
    { what: `  the same room, ${r.plain.warmSandboxes} warm (a lab's default), alternating rounds (${range(r.plain)})`, nslab: pair(r.plain), raw: '', ratio: '', target: '', met: null },
  ];
}
