// Starts the lab server as a child process on port 0 (own data dir), finds its pid, samples its memory, and stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import { startScriptNodeFlags } from '../server/start-flags';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sleep } from './stats';

export type LabProcess = {
  origin: string;
  /** The node process that runs the server (tsx's child), whose memory is sampled. */
  serverPid: number;
  /** The host uids its sandboxes use (sandbox machine only). */
  uidRange: UidRange | null;
  output(): string;
  /** SIGTERM, then SIGKILL after 30 s; resolves with a problem (exit code, last output) when the server did not exit cleanly. */
  stop(): Promise<string | null>;
};

export type LabProcessOptions = {
  machine: 'sandbox' | 'host';
  apiOnly: boolean;
  env?: Record<string, string>;
  /** Flags for the server's node (tsx passes them on), e.g. `--cpu-prof`; NODE_OPTIONS may not carry those. */
  nodeFlags?: string[];
};

const STARTUP_TIMEOUT_MS = 300_000;

export async function startLabProcess(options: LabProcessOptions): Promise<LabProcess> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nslab-bench-'));
  // The server's node gets the flags `npm start` gives it, then the benchmark's own.
  const args = ['node_modules/tsx/dist/cli.mjs', ...startScriptNodeFlags(), ...(options.nodeFlags ?? []), 'bench/lab-entry.ts', '--port', '0', ...(options.apiOnly ? ['--api-only'] : [])];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, NSLAB_MACHINE: options.machine, NSLAB_DATA_DIR: dataDir, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the lab did not start in time:\n${output}`)), STARTUP_TIMEOUT_MS);
    child.stdout!.on('data', () => {
      const m = /nslab ready: (\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`the lab exited with ${code}:\n${output}`)));
  });
  const serverPid = childPidOf(child.pid!) ?? child.pid!;
  const stop = async (): Promise<string | null> => {
    let killed = false;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(30_000)]);
      if (child.exitCode === null && child.signalCode === null) {
        killed = true;
        child.kill('SIGKILL');
        await exited;
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (!killed && child.exitCode === 0) return null;
    return `the ${options.machine} server ${killed ? 'did not stop within 30 s of SIGTERM' : `exited with ${child.exitCode ?? child.signalCode} on SIGTERM`}:\n${output.slice(-1200)}`;
  };
  const range = /bench uid range: (\d+) (\d+)/.exec(output);
  const uidRange = range ? { uidBase: Number(range[1]), uidLimit: Number(range[2]) } : null;
  return { origin: new URL(url).origin, serverPid, uidRange, output: () => output, stop };
}

/** tsx runs the script in a child node process; that one is the server. */
function childPidOf(pid: number): number | undefined {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return children.length > 0 ? Number(children[0]) : undefined;
  } catch {
    // No /proc children file (old kernel): fall back to the direct child.
    return undefined;
  }
}

/** A field of /proc/<pid>/status or smaps_rollup in bytes (the kernel reports kB). */
function procKbField(file: string, field: string): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(file, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    // The process ended between listing and reading: it has no memory to count.
    return undefined;
  }
}

export const rssBytes = (pid: number): number => procKbField(`/proc/${pid}/status`, 'VmRSS') ?? 0;

/** Samples a process's RSS every `intervalMs` until stopped. */
export function sampleRss(pid: number, intervalMs = 50): { stop(): { peakBytes: number; samples: number } } {
  let peakBytes = rssBytes(pid);
  let samples = 1;
  const timer = setInterval(() => {
    peakBytes = Math.max(peakBytes, rssBytes(pid));
    samples++;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      peakBytes = Math.max(peakBytes, rssBytes(pid));
      return { peakBytes, samples: samples + 1 };
    },
  };
}

export type UidRange = { uidBase: number; uidLimit: number };

/** Pids of the processes whose real uid lies in `range`. */
export function pidsInUidRange(range: UidRange): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const m = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'));
      const uid = m ? Number(m[1]) : -1;
      if (uid >= range.uidBase && uid < range.uidLimit) pids.push(Number(name));
    } catch {
      // Gone while we listed /proc.
    }
  }
  return pids;
}

/** Memory of the sandboxes' processes: PSS (shared pages split among their users) and RSS, summed. */
export function sandboxMemory(range: UidRange): { processes: number; pssBytes: number; rssBytes: number } {
  const pids = pidsInUidRange(range);
  let pssBytes = 0;
  let rss = 0;
  for (const pid of pids) {
    pssBytes += procKbField(`/proc/${pid}/smaps_rollup`, 'Pss') ?? 0;
    rss += rssBytes(pid);
  }
  return { processes: pids.length, pssBytes, rssBytes: rss };
}
