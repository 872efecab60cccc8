// What the namespace map shows for a picked timeline entry: the namespaces the call created or entered and its process, or that they are gone.
import type { NamespaceType } from '../../core/namespaces';
import type { ProcessTree } from '../../core/probe/process-tree';
import type { TimelineEntry, TimelineNamespace } from '../../core/protocol/timeline';
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

/** What the map makes of a picked entry: what it highlights, and what it cannot show because it is gone. */
export type MapFocus = {
  /** The entry it is for. */
  seq: number;
  /** The entry's process, while it runs (its pid as the sandbox sees it). */
  pid: number | null;
  /** The entry's namespaces that some process is still in: highlighted. */
  shown: TimelineNamespace[];
  /** Those no process is in any more (a namespace ends with its last process), once that is known. */
  gone: TimelineNamespace[];
  /** The entry's process has exited (known as `gone` is). */
  exited: boolean;
};

/**
 * The map's focus for `entry` in `tree`. `settled`: the tree was probed after the call, so what it
 * lacks is gone, not yet to come (a call's process may not have been probed yet when it is picked).
 */
export function mapFocusFor(entry: TimelineEntry, tree: ProcessTree, settled: boolean): MapFocus {
  const held = (n: TimelineNamespace) => tree.processes.some((p) => p.ns[n.type] === n.inode);
  const runs = entry.pid !== null && tree.processes.some((p) => p.pid === entry.pid);
  return {
    seq: entry.seq,
    pid: runs ? entry.pid : null,
    shown: entry.namespaces.filter(held),
    gone: settled ? entry.namespaces.filter((n) => !held(n)) : [],
    exited: settled && entry.pid !== null && !runs,
  };
}

/** Whether the map marks namespace `type`/`inode` for the focus. */
export const isFocused = (focus: MapFocus | null, type: NamespaceType, inode: number): boolean => focus?.shown.some((n) => n.type === type && n.inode === inode) ?? false;

/** The entry's one line on what the map cannot show, or null when it shows all of it. */
export function goneLine(focus: MapFocus): string | null {
  if (focus.gone.length > 0) {
    const types = focus.gone.map((n) => n.type);
    const names = types.length === 1 ? types[0] : `${types.slice(0, -1).join(', ')} and ${types.at(-1)}`;
    const one = types.length === 1;
    const rest = focus.shown.length > 0 ? '; the map marks the rest' : '';
    return `Its ${names} namespace${one ? ' is' : 's are'} gone with ${one ? 'its' : 'their'} processes, so the map cannot show ${one ? 'it' : 'them'}${rest}.`;
  }
  if (focus.exited && focus.shown.length === 0) return 'This process has exited, so the map no longer shows it.';
  return null;
}
