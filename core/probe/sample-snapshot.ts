// Hand-made probe snapshots shaped like a real sandbox's, for the tests of what reads them (the namespace map, the checks).
import type { ProbeProcess, ProbeSnapshot } from './probe-schema';

/** The sandbox's own namespace inodes, one per type. */
export const BASE = { cgroup: 101, ipc: 102, mnt: 103, net: 104, pid: 105, time: 106, user: 107, uts: 108 } as const;

/** One process as the probe reports it, in the sandbox's own namespaces unless `ns` says otherwise. */
export const sampleProcess = (pid: number, ppid: number, comm: string, terminal: string | null = null, ns: Partial<ProbeProcess['ns']> = {}): ProbeProcess => ({
  pid,
  ppid,
  uid: 0,
  gid: 0,
  comm,
  args: comm,
  nspid: [pid],
  uidMap: '0 100000 1',
  gidMap: '0 100000 1',
  terminal,
  ns: { ...BASE, pid_for_children: BASE.pid, time_for_children: BASE.time, ...ns },
});

/** Terminal one ran `unshare --uts --pid --fork sh` (PID 6 is sh in new uts 208 and pid 205); terminal two is idle. */
export function sampleSnapshot(): ProbeSnapshot {
  return {
    version: 1,
    self: 99,
    processes: [
      sampleProcess(1, 0, 'bwrap', null),
      sampleProcess(2, 1, 'sleep', null),
      sampleProcess(3, 1, 'bash', 'one'),
      sampleProcess(4, 0, 'bash', 'two'),
      sampleProcess(5, 3, 'unshare', 'one', { uts: 208, pid_for_children: 205 }),
      { ...sampleProcess(6, 5, 'sh', 'one', { uts: 208, pid: 205 }), nspid: [6, 1] },
    ],
  };
}
