// What the namespace map selects for a picked timeline entry: a namespace the call created or entered, else its process.
import type { NamespaceType } from '../../core/namespaces';
import type { ProcessTree } from '../../core/probe/process-tree';
import type { TimelineEntry } from '../../core/protocol/timeline';
import type { MapSelection } from '../namespace-map/map-selection';

/**
 * Which of several new namespaces to show: the one the command is about. A mount namespace comes
 * last: `--mount-proc` adds one to most `unshare --pid` commands, and it is rarely the point.
 */
const PREFERRED: readonly NamespaceType[] = ['pid', 'user', 'net', 'uts', 'ipc', 'cgroup', 'time', 'mnt'];

/**
 * A namespace is shown through a process in it (the caller first); a pid namespace created by
 * `unshare --pid` holds the caller's children, not the caller. Null when nothing of it runs any more.
 */
export function mapSelectionFor(entry: TimelineEntry, tree: ProcessTree): MapSelection | null {
  const ordered = entry.pid === null ? tree.processes : [...tree.processes].sort((a, b) => Number(b.pid === entry.pid) - Number(a.pid === entry.pid));
  const namespaces = [...entry.namespaces].sort((a, b) => PREFERRED.indexOf(a.type) - PREFERRED.indexOf(b.type));
  for (const { type, inode } of namespaces) {
    const holder = ordered.find((p) => p.ns[type] === inode);
    if (holder) return { kind: 'namespace', type, inode, pid: holder.pid };
  }
  if (entry.pid !== null && tree.processes.some((p) => p.pid === entry.pid)) return { kind: 'process', pid: entry.pid };
  return null;
}
