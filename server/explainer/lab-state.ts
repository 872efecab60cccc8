// What a recogniser may ask the lab machine to confirm a mistake: the probe's process tree and a few facts read on demand.
import { ProcessTree } from '../../core/probe/process-tree';
import type { Sandbox } from '../machine/machine';
import { probeProcesses, runLab } from '../probe/run-probe';
import { parseMountinfo, type MountEntry } from './lab-state/mountinfo';

/** The devices of one network namespace, found through a process in it or through its `ip netns` name. */
export type NetNamespace = { inode: number; pid: number | null; name: string | null; devices: string[] };

/** A process's mount namespace as a whole: every mount (paths from the namespace's root) and the process's root in it. */
export type MountView = { root: string; mounts: MountEntry[] };

export interface LabState {
  /** The probe's snapshot (taken once, on first use); null when the probe failed. */
  tree(): Promise<ProcessTree | null>;
  /** The pid namespace (inode) of the proc filesystem at /proc as process `pid` sees it; null when there is none. */
  procPidNamespace(pid: number): Promise<number | null>;
  /** /proc/PID/setgroups: `allow` or `deny`; null when unreadable. */
  setgroups(pid: number): Promise<'allow' | 'deny' | null>;
  /** Every network namespace of the sandbox that one of `pids` is in or that `ip netns` names, with its devices. */
  netNamespaces(pids: readonly number[]): Promise<NetNamespace[]>;
  /** The mount namespace of `pid`; null when it cannot be read. */
  mountView(pid: number): Promise<MountView | null>;
  /** The title a lesson terminal shows on its tab (e.g. `one` → "Terminal 1"). */
  readonly terminalTitle: (name: string) => string;
}

/** How long one of these reads may take (in milliseconds); each normally takes 5–20. */
const READ_TIMEOUT_MS = 5_000;

const NET_SCRIPT = `for p in "$@"; do
  ino=$(readlink /proc/"$p"/ns/net 2>/dev/null) || continue
  nsenter --target "$p" --net ip -o link show 2>/dev/null | awk -v p="$p" -v ino="$ino" -F': ' '{ sub(/@.*/, "", $2); print "pid\\t" p "\\t" ino "\\t" $2 }'
done
for f in /proc/1/root/run/netns/*; do
  [ -e "$f" ] && [ ! -L "$f" ] || continue
  n=\${f##*/}; ino=$(stat -L -c %i "$f" 2>/dev/null) || continue
  nsenter --net="$f" ip -o link show 2>/dev/null | awk -v n="$n" -v ino="$ino" -F': ' '{ sub(/@.*/, "", $2); print "name\\t" n "\\tnet:[" ino "]\\t" $2 }'
done`;

/**
 * The namespace's whole mount table is read from inside it (nsenter --mount puts the reader at the
 * namespace's root, above any chroot); /proc/PID/mountinfo alone shows only what is below PID's
 * root, which for a chrooted shell is nothing. Falls back to that when the namespace has no usable /proc.
 * Inside the learner's mount namespace only the host's static busybox runs, reached relative to a working
 * directory nsenter opened on the host (see trusted-join.ts), so nothing mounted there is executed.
 */
const MOUNT_SCRIPT = `bb=$(command -v busybox) && v=$(nsenter --target "$1" --mount --wd="\${bb%/*}" -- ./busybox sh -c './busybox readlink /proc/"$1"/root && ./busybox cat /proc/$$/mountinfo' nslab "$1" 2>/dev/null) && { printf '%s\\n' "$v"; exit 0; }
printf '/\\n'; cat /proc/"$1"/mountinfo`;

const inodeOf = (link: string): number | null => {
  const m = /\[(\d+)\]/.exec(link);
  return m ? Number(m[1]) : null;
};

export class SandboxLabState implements LabState {
  private snapshot: Promise<ProcessTree | null> | null = null;

  constructor(
    private readonly sandbox: Sandbox,
    readonly terminalTitle: (name: string) => string,
  ) {}

  tree(): Promise<ProcessTree | null> {
    this.snapshot ??= probeProcesses(this.sandbox).then((s) => (s.ok ? new ProcessTree(s.value) : null));
    return this.snapshot;
  }

  async procPidNamespace(pid: number): Promise<number | null> {
    // /proc/PID/root leads into the process's root in its own mount namespace: its /proc, not ours.
    const out = await this.run(`readlink /proc/"$1"/root/proc/1/ns/pid`, [pid]);
    return out === null ? null : inodeOf(out);
  }

  async setgroups(pid: number): Promise<'allow' | 'deny' | null> {
    const out = (await this.run(`cat /proc/"$1"/setgroups`, [pid]))?.trim();
    return out === 'allow' || out === 'deny' ? out : null;
  }

  async netNamespaces(pids: readonly number[]): Promise<NetNamespace[]> {
    const out = await this.run(NET_SCRIPT, pids);
    const byInode = new Map<number, NetNamespace>();
    for (const line of (out ?? '').split('\n')) {
      const [kind, who, link, device] = line.split('\t');
      const inode = inodeOf(link ?? '');
      if (!kind || !who || inode === null || !device) continue;
      const ns = byInode.get(inode) ?? { inode, pid: null, name: null, devices: [] };
      if (kind === 'pid' && ns.pid === null) ns.pid = Number(who);
      if (kind === 'name' && ns.name === null) ns.name = who;
      if (!ns.devices.includes(device)) ns.devices.push(device);
      byInode.set(inode, ns);
    }
    return [...byInode.values()];
  }

  async mountView(pid: number): Promise<MountView | null> {
    const out = await this.run(MOUNT_SCRIPT, [pid]);
    if (!out) return null;
    const newline = out.indexOf('\n');
    const root = out.slice(0, newline).trim();
    const mounts = parseMountinfo(out.slice(newline + 1));
    return root.startsWith('/') && mounts.length > 0 ? { root, mounts } : null;
  }

  /** Runs a shell snippet as the lab (left out of probes); its stdout, or null when it failed. */
  private async run(script: string, args: readonly number[]): Promise<string | null> {
    if (this.sandbox.ended) return null;
    const run = await runLab(this.sandbox, ['/bin/sh', '-c', script, 'nslab-explain', ...args.map(String)], { timeoutMs: READ_TIMEOUT_MS });
    return run.exitCode === 0 ? run.stdout : null;
  }
}
