// The terminal stream against its socket.io fallback, like with like: one lab, two learners, keystrokes and floods interleaved.
import { interleavedEcho, interleavedFloods } from './interleaved';
import { LabTerminal } from './lab-client';
import { summarize, type Summary } from './stats';

/** The fallback as socket.io carries it: on its WebSocket (the event layer's own cost), or long-polling (behind a proxy that refuses upgrades). */
export type FallbackKind = 'socket.io' | 'socket.io-polling';

export type TransportPair = {
  fallback: FallbackKind;
  /** Keystroke write → echo through the fallback (in milliseconds). */
  echoMs: Summary;
  /** The same through the direct stream, in the blocks alternating with the fallback's. */
  directEchoMs: Summary;
  /** Medians of the flood rounds (in MiB/s), fallback and direct alternating. */
  floodMibPerS: number;
  directFloodMibPerS: number;
  floodRounds: { raw: number; served: number }[];
};

export type TransportResults = { machine: 'host'; pairs: TransportPair[] };

const LABEL: Record<FallbackKind, string> = {
  'socket.io': 'socket.io events, socket.io on a WebSocket',
  'socket.io-polling': 'socket.io events, socket.io long-polling',
};

/**
 * Each fallback against the direct stream on the same lab server (`host` machine, so no sandbox
 * adds to either): each side its own learner and shell, echo in alternating blocks, floods in
 * alternating rounds (the direct stream in interleaved's "raw" place).
 */
export async function measureTransports(lab: { origin: string; pid: number }): Promise<TransportResults> {
  const pairs: TransportPair[] = [];
  for (const fallback of ['socket.io', 'socket.io-polling'] as const) {
    const direct = await LabTerminal.connect(lab.origin);
    const other = await LabTerminal.connect(lab.origin, undefined, fallback);
    try {
      await direct.open();
      await other.open();
      const echo = await interleavedEcho(direct, other);
      const floods = await interleavedFloods(direct, other, lab.pid);
      pairs.push({
        fallback,
        echoMs: summarize(echo.servedMs),
        directEchoMs: summarize(echo.rawMs),
        floodMibPerS: floods.mibPerS,
        directFloodMibPerS: floods.rawMibPerS,
        floodRounds: floods.rounds,
      });
      await direct.closeSession();
      await other.closeSession();
    } finally {
      direct.disconnect();
      other.disconnect();
    }
  }
  return { machine: 'host', pairs };
}

const ms = (s: Summary) => `${s.p50.toFixed(2)} / ${s.p99.toFixed(2)}`;

/** The rows printed after the main table. */
export function transportTable(r: TransportResults): string {
  const lines = ['terminal transport (host machine; each fallback interleaved with the direct stream)   echo p50 / p99 ms   flood MiB/s'];
  for (const p of r.pairs) {
    lines.push(`  direct stream (in the same rounds)`.padEnd(88) + ms(p.directEchoMs).padEnd(20) + p.directFloodMibPerS.toFixed(1));
    lines.push(`  ${LABEL[p.fallback]}`.padEnd(88) + ms(p.echoMs).padEnd(20) + p.floodMibPerS.toFixed(1));
  }
  return lines.join('\n');
}
