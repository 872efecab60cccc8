// Memory of the lab's processes as the kernel counts it: the server's RSS (sampled) and its sandboxes' PSS and RSS, by host uid range.
import { readdirSync, readFileSync } from 'node:fs';
import type { UidRange } from '../test/support/lab-process';

export type { UidRange };

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

/** Now, in the clock /proc/PID/stat's start times use: ticks since boot (USER_HZ, 100 per second; proc(5)). */
export const bootTicks = (): number => Math.floor(Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 100);

/** When `pid` started, in ticks since boot (field 22 of /proc/PID/stat); undefined once it is gone. */
export function startTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces and parentheses: state is field 3, start time field 22.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  } catch {
    return undefined;
  }
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

/** The host uids a sandbox lab's sandboxes use, as it printed them; a lab that printed none is a bug of the benchmark's setup. */
export function sandboxRange(lab: { uidRange: UidRange | null; output(): string }): UidRange {
  if (!lab.uidRange) throw new Error(`the sandbox lab did not print the host uids of its sandboxes:\n${lab.output().slice(-1200)}`);
  return lab.uidRange;
}
