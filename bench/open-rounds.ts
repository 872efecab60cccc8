// Open → first prompt byte of the lab against a baseline that starts the same shell without a server, interleaved round by round.
import { BENCH } from './config';
import { LabTerminal, type OpenTimings } from './lab-client';
import { summarize, type Summary } from './stats';

export type OpenSummary = { totalMs: Summary; sessionOpenMs: Summary; terminalFirstByteMs: Summary };

export type OpenRounds = { lab: OpenSummary; baselineMs: Summary };

/**
 * BENCH.openRuns rounds after one uncounted (it warms the server up): one baseline open, then
 * `ready()` (untimed, e.g. until the warm pool has refilled), then one lab session opened and
 * closed again. `baseline` resolves with its spawn → first output byte (in milliseconds).
 */
export async function interleavedOpens(origin: string, baseline: () => Promise<number>, ready: () => Promise<void> = async () => {}): Promise<OpenRounds> {
  const opens: OpenTimings[] = [];
  const baselineMs: number[] = [];
  for (let i = 0; i <= BENCH.openRuns; i++) {
    const base = await baseline();
    await ready();
    const terminal = await LabTerminal.connect(origin);
    try {
      const timings = await terminal.open();
      if (i > 0) {
        baselineMs.push(base);
        opens.push(timings);
      }
      await terminal.closeSession();
    } finally {
      terminal.disconnect();
    }
  }
  return {
    lab: {
      totalMs: summarize(opens.map((o) => o.totalMs)),
      sessionOpenMs: summarize(opens.map((o) => o.sessionOpenMs)),
      terminalFirstByteMs: summarize(opens.map((o) => o.terminalFirstByteMs)),
    },
    baselineMs: summarize(baselineMs),
  };
}
