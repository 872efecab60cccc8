// What the namespace map selects for a picked timeline entry: a namespace the call created or entered, else its process.
import type { ProcessTree } from '../../core/probe/process-tree';
import type { TimelineEntry } from '../../core/protocol/timeline';
import type { MapSelection } from '../namespace-map/map-selection';

/**
 * A namespace is shown through a process in it (the caller first); a pid namespace created by
 * `unshare --pid` holds the caller's children, not the caller. Null when nothing of it runs any more.
 */
export function mapSelectionFor(entry: TimelineEntry, tree: ProcessTree): MapSelection | null {
  const ordered = entry.pid === null ? tree.processes : [...tree.processes].sort((a, b) => Number(b.pid === entry.pid) - Number(a.pid === entry.pid));
  for (const { type, inode } of entry.namespaces) {
    const holder = ordered.find((p) => p.ns[type] === inode);
    if (holder) return { kind: 'namespace', type, inode, pid: holder.pid };
  }
  if (entry.pid !== null && tree.processes.some((p) => p.pid === entry.pid)) return { kind: 'process', pid: entry.pid };
  return null;
}
