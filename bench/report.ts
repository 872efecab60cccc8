// The results of one run: the targets checked against them, the printed table, and the JSON files runs are compared by.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MIB } from './config';
import { clusterRows, type ClusterBench } from './cluster';
import type { RoundsSummary } from './concurrent';
import { cpuFairnessRows, type CpuFairness } from './cpu-fairness';
import type { OpenSummary } from './open-rounds';
import { pageToPromptRows, type PageToPrompt } from './page-to-prompt';
import { roomStartRows, type RoomStart } from './room-start';
import type { Summary } from './stats';

/**
 * One lab machine and its baselines measured interleaved with it: keystrokes and floods against
 * the raw pty; opens against the same shell started without a server (`raw.openMs`: `bash -l` in
 * a raw pty for the host machine, `bash -l` joined into a running raw bubblewrap sandbox for the sandbox).
 */
export type Side = {
  open: OpenSummary;
  echoMs: Summary;
  /** Median of the flood rounds (in MiB/s); every round, raw and lab, in `floodRounds`. */
  floodMibPerS: number;
  floodRounds: { raw: number; served: number }[];
  raw: { openMs: Summary; echoMs: Summary; floodMibPerS: number };
};

export type Results = {
  takenAt: string;
  machine: { cores: number; cpu: string; node: string };
  config: Record<string, unknown>;
  host: Side;
  sandbox: Side & { floodRss: { idleBytes: number; peakBytes: number }; checkMs: Summary };
  /** A sandbox lab with no warm pool against `bwrap … bash -l` started for the shell, interleaved. */
  sandboxCold: { open: OpenSummary; rawOpenMs: Summary };
  /** Keystroke echo through a bare ws + node-pty server (no lab) and the raw pty, interleaved: what any Node WebSocket server reaches. */
  floor: { echoMs: Summary; rawEchoMs: Summary; floodMibPerS: number; rawFloodMibPerS: number };
  concurrent: {
    sessions: number;
    typists: number;
    openTotalMs: Summary;
    /** Over every sample of every round, with the median of the rounds' own p50 and p99 beside. */
    echoMs: RoundsSummary;
    rawEchoMs: RoundsSummary;
    /** The same typing through the floor server (bench/floor-server.ts), in the same rounds. */
    floorEchoMs: RoundsSummary;
    typingRounds: { lab: Summary; floor: Summary; raw: Summary }[];
    serverIdleRssBytes: number;
    serverLoadedRssBytes: number;
    serverBytesPerSession: number;
    sandboxProcesses: number;
    sandboxPssBytesPerSession: number;
    sandboxRssBytesPerSession: number;
  };
  /** The namespace map's probe on a sandbox holding `processes` processes. */
  probe: { processes: number; ms: Summary };
  page: { gzipBytes: number; bytes: number; scripts: number } | null;
  /** Another learner's command and a new session's start with busy loops in one sandbox, against none. */
  cpuFairness?: CpuFairness;
  /** Navigation → usable prompt in Chromium, cold and warm, and the JavaScript fetched before the prompt. */
  pageToPrompt?: PageToPrompt;
  /** A room of learners opening a lesson at once, with a lab's default warm pool and one sized to the room. */
  roomStart?: RoomStart;
  /** Sessions through nginx across three nodes against one node directly, and a node's failover; `missing` where PostgreSQL, Redis or nginx is not installed. */
  cluster?: ClusterBench | { missing: string };
};

type Row = { what: string; nslab: string; raw: string; ratio: string; target: string; met: boolean | null };

const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;
const pair = (s: Pick<Summary, 'p50' | 'p99'>) => `${ms(s.p50)} / ${ms(s.p99)}`;
const ratios = (a: Pick<Summary, 'p50' | 'p99'>, b: Pick<Summary, 'p50' | 'p99'>) => `${x(a.p50, b.p50)} / ${x(a.p99, b.p99)}`;
const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const mib = (bytes: number) => `${(bytes / MIB).toFixed(bytes < 10 * MIB ? 2 : 1)} MB`;

export function rows(r: Results): Row[] {
  const c = r.concurrent;
  const h = r.host.raw;
  const b = r.sandbox.raw;
  const cold = r.sandboxCold;
  const f = r.floor;
  const out: Row[] = [
    {
      what: 'open → first prompt byte, host machine (p50); baseline: `bash -l` in a raw pty',
      nslab: ms(r.host.open.totalMs.p50),
      raw: ms(h.openMs.p50),
      ratio: x(r.host.open.totalMs.p50, h.openMs.p50),
      target: '≤ baseline + 3 ms',
      met: r.host.open.totalMs.p50 <= h.openMs.p50 + 3,
    },
    {
      what: 'open → first prompt byte, sandbox from a full warm pool (p50); baseline: `nsenter … bash -l` into a running raw bwrap sandbox, same /etc',
      nslab: ms(r.sandbox.open.totalMs.p50),
      raw: ms(b.openMs.p50),
      ratio: x(r.sandbox.open.totalMs.p50, b.openMs.p50),
      target: '≤ 35 ms',
      met: r.sandbox.open.totalMs.p50 <= 35,
    },
    { what: '  of which session:open (sandbox handed out + lesson setup)', nslab: ms(r.sandbox.open.sessionOpenMs.p50), raw: '', ratio: '', target: '', met: null },
    {
      what: 'open → first prompt byte, sandbox with no warm pool (p50); baseline: `bwrap … bash -l` started for the shell, same /etc',
      nslab: ms(cold.open.totalMs.p50),
      raw: ms(cold.rawOpenMs.p50),
      ratio: x(cold.open.totalMs.p50, cold.rawOpenMs.p50),
      target: '',
      met: null,
    },
    { what: '  of which session:open (sandbox launched + lesson setup)', nslab: ms(cold.open.sessionOpenMs.p50), raw: '', ratio: '', target: '', met: null },
    {
      what: 'keystroke echo p50, sandbox',
      nslab: ms(r.sandbox.echoMs.p50),
      raw: ms(b.echoMs.p50),
      ratio: x(r.sandbox.echoMs.p50, b.echoMs.p50),
      target: '≤ 1.5× raw',
      met: r.sandbox.echoMs.p50 <= 1.5 * b.echoMs.p50,
    },
    {
      what: 'keystroke echo p99, sandbox',
      nslab: ms(r.sandbox.echoMs.p99),
      raw: ms(b.echoMs.p99),
      ratio: x(r.sandbox.echoMs.p99, b.echoMs.p99),
      target: '≤ 3× raw',
      met: r.sandbox.echoMs.p99 <= 3 * b.echoMs.p99,
    },
    {
      what: 'keystroke echo p50 / p99, host machine',
      nslab: pair(r.host.echoMs),
      raw: pair(h.echoMs),
      ratio: `${x(r.host.echoMs.p50, h.echoMs.p50)} / ${x(r.host.echoMs.p99, h.echoMs.p99)}`,
      target: '',
      met: null,
    },
    {
      what: 'keystroke echo p50 / p99, bare ws + node-pty (no lab, the floor)',
      nslab: pair(f.echoMs),
      raw: pair(f.rawEchoMs),
      ratio: `${x(f.echoMs.p50, f.rawEchoMs.p50)} / ${x(f.echoMs.p99, f.rawEchoMs.p99)}`,
      target: '',
      met: null,
    },
    {
      what: 'output throughput, sandbox, flow control on',
      nslab: `${r.sandbox.floodMibPerS.toFixed(1)} MB/s`,
      raw: `${b.floodMibPerS.toFixed(1)} MB/s`,
      ratio: x(r.sandbox.floodMibPerS, b.floodMibPerS),
      target: '≥ 0.85× raw',
      met: r.sandbox.floodMibPerS >= 0.85 * b.floodMibPerS,
    },
    {
      what: 'output throughput, host machine',
      nslab: `${r.host.floodMibPerS.toFixed(1)} MB/s`,
      raw: `${h.floodMibPerS.toFixed(1)} MB/s`,
      ratio: x(r.host.floodMibPerS, h.floodMibPerS),
      target: '',
      met: null,
    },
    {
      what: 'output throughput, bare ws + node-pty (no lab, no flow control)',
      nslab: `${f.floodMibPerS.toFixed(1)} MB/s`,
      raw: `${f.rawFloodMibPerS.toFixed(1)} MB/s`,
      ratio: x(f.floodMibPerS, f.rawFloodMibPerS),
      target: '',
      met: null,
    },
    {
      what: 'server RSS idle → peak during the flood',
      nslab: `${mib(r.sandbox.floodRss.idleBytes)} → ${mib(r.sandbox.floodRss.peakBytes)}`,
      raw: '',
      ratio: '',
      target: '≤ idle + 30 MB',
      met: r.sandbox.floodRss.peakBytes - r.sandbox.floodRss.idleBytes <= 30 * MIB,
    },
    { what: `${c.sessions} sandboxed sessions: open → prompt p50 / p99`, nslab: pair(c.openTotalMs), raw: '', ratio: '', target: '', met: null },
    {
      what: `${c.sessions} sessions, ${c.typists} typing: echo p50 / p99, all ${c.typingRounds.length} rounds pooled`,
      nslab: pair(c.echoMs),
      raw: pair(c.rawEchoMs),
      ratio: ratios(c.echoMs, c.rawEchoMs),
      target: 'p99 ≤ 3 ms',
      met: c.echoMs.p99 <= 3,
    },
    {
      what: `  the same, median of the ${c.typingRounds.length} rounds' own p50 / p99`,
      nslab: pair(c.echoMs.roundsMedian),
      raw: pair(c.rawEchoMs.roundsMedian),
      ratio: ratios(c.echoMs.roundsMedian, c.rawEchoMs.roundsMedian),
      target: '',
      met: null,
    },
    {
      what: `  the same ${c.typists} typing through bare ws + node-pty (the floor), pooled`,
      nslab: pair(c.floorEchoMs),
      raw: pair(c.rawEchoMs),
      ratio: ratios(c.floorEchoMs, c.rawEchoMs),
      target: '',
      met: null,
    },
    {
      what: `server memory per idle session (RSS ${mib(c.serverIdleRssBytes)} → ${mib(c.serverLoadedRssBytes)})`,
      nslab: mib(c.serverBytesPerSession),
      raw: '',
      ratio: '',
      target: '≤ 0.3 MB',
      met: c.serverBytesPerSession <= 0.3 * MIB,
    },
    {
      what: `sandbox memory per idle session, PSS (RSS ${mib(c.sandboxRssBytesPerSession)}; ${c.sandboxProcesses} processes)`,
      nslab: mib(c.sandboxPssBytesPerSession),
      raw: '',
      ratio: '',
      target: '',
      met: null,
    },
    { what: `probe run, ${r.probe.processes} processes, p50 / p99`, nslab: pair(r.probe.ms), raw: '', ratio: '', target: 'p50 ≤ 50 ms', met: r.probe.ms.p50 <= 50 },
    { what: 'check verdict (uts, first step) p50 / p99', nslab: pair(r.sandbox.checkMs), raw: '', ratio: '', target: 'p50 ≤ 150 ms', met: r.sandbox.checkMs.p50 <= 150 },
  ];
  if (r.cpuFairness) out.push(...cpuFairnessRows(r.cpuFairness));
  if (r.roomStart) out.push(...roomStartRows(r.roomStart));
  if (r.pageToPrompt) out.push(...pageToPromptRows(r.pageToPrompt));
  if (r.cluster) out.push(...clusterRows(r.cluster));
  if (r.page) {
    out.push({
      what: `lesson page first-load JS, gzipped (${r.page.scripts} scripts)`,
      nslab: `${(r.page.gzipBytes / 1024).toFixed(1)} KB`,
      raw: '',
      ratio: '',
      target: '≤ 250 KB',
      met: r.page.gzipBytes <= 250 * 1024,
    });
  }
  return out;
}

/** The table as Markdown, so bench/README.md can carry it as printed. */
export function table(r: Results): string {
  const header = '| measure | nslab | baseline (raw pty unless the row says) | ratio | target | met |\n|---|---|---|---|---|---|';
  const lines = rows(r).map((row) => `| ${row.what} | ${row.nslab} | ${row.raw} | ${row.ratio} | ${row.target} | ${row.met === null ? '' : row.met ? '✓' : '✗'} |`);
  return [header, ...lines].join('\n');
}

export const machineInfo = () => ({ cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version });

/**
 * Writes the run to `bench/results/raw/` (not committed): `latest.json` and a copy named after the
 * time taken; returns both paths (relative to `root`). A run that backs bench/README.md's table is
 * copied to `bench/results/<date>-<what>.json` and committed with it.
 */
export function writeResults(root: string, r: Results): { latest: string; dated: string } {
  const dir = path.join(root, 'bench', 'results', 'raw');
  mkdirSync(dir, { recursive: true });
  const body = `${JSON.stringify({ ...r, targets: rows(r).filter((row) => row.met !== null) }, null, 2)}\n`;
  const dated = path.join(dir, `${r.takenAt.replace(/:/g, '-')}.json`);
  writeFileSync(dated, body);
  writeFileSync(path.join(dir, 'latest.json'), body);
  return { latest: path.relative(root, path.join(dir, 'latest.json')), dated: path.relative(root, dated) };
}
