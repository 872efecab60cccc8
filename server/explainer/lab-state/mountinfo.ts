// Parses /proc/PID/mountinfo (proc(5)): each mount with its parent, mount point, filesystem and propagation.

export type MountEntry = {
  id: number;
  parent: number;
  /** Where it is mounted, as the reading process's root sees it. */
  mountPoint: string;
  fstype: string;
  source: string;
  /** Peer group it shares mount events with (`shared:N`), if any. */
  shared: number | null;
  /** Peer group it receives mount events from (`master:N`), if any. */
  master: number | null;
};

/** Mount points escape space, tab, newline and backslash as octal (`\040`). */
const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));

/** `id parent major:minor root mountpoint options [optional fields...] - fstype source superoptions` */
export function parseMountinfo(text: string): MountEntry[] {
  const mounts: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(' ');
    const dash = fields.indexOf('-');
    if (fields.length < 7 || dash < 6) continue;
    const optional = fields.slice(6, dash);
    const tag = (name: string) => {
      const field = optional.find((f) => f.startsWith(`${name}:`));
      return field ? Number(field.slice(name.length + 1)) : null;
    };
    mounts.push({
      id: Number(fields[0]),
      parent: Number(fields[1]),
      mountPoint: unescape(fields[4]!),
      fstype: fields[dash + 1] ?? '',
      source: unescape(fields[dash + 2] ?? ''),
      shared: tag('shared'),
      master: tag('master'),
    });
  }
  return mounts;
}

/** What `findmnt -o PROPAGATION` would say: shared, slave (both: "shared,slave") or private. */
export function propagationOf(m: MountEntry): string {
  if (m.shared !== null && m.master !== null) return `shared (peer group ${m.shared}) and slave`;
  if (m.shared !== null) return `shared (peer group ${m.shared})`;
  if (m.master !== null) return `slave (of peer group ${m.master})`;
  return 'private';
}

/** The mount that holds `path` (the deepest mount point at or above it); the last one mounted wins. */
export function mountHolding(mounts: readonly MountEntry[], path: string): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const m of mounts) {
    if (!isAtOrBelow(path, m.mountPoint)) continue;
    if (!best || m.mountPoint.length >= best.mountPoint.length) best = m;
  }
  return best;
}

/** Whether `path` is `dir` or somewhere below it. */
export const isAtOrBelow = (path: string, dir: string): boolean => dir === '/' || path === dir || path.startsWith(`${dir}/`);
