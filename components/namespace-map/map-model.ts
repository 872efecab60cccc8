// Pure view model of the namespace map: process rows in tree order, terminal marks, namespace groups, what changed.
import { NAMESPACE_TYPES, type NamespaceType } from '../../core/namespaces';
import type { ProbeProcess } from '../../core/probe/probe-schema';
import type { ProcessTree } from '../../core/probe/process-tree';
import type { TerminalSpec } from '../../core/protocol';

/** A terminal's shell (its outermost process) or its foreground program (its deepest, newest). */
export type TerminalMark = { terminal: string; title: string; role: 'shell' | 'foreground' };

/** A title short enough for a narrow column: "Terminal 1" → "T1", "container" → "cont…"; short titles ("host") stay. */
export function shortTitle(title: string): string {
  if (title.length <= 6) return title;
  const words = title.split(/\s+/);
  if (words.length === 1) return `${title.slice(0, 4)}…`;
  return words.map((w) => (/^\d+$/.test(w) ? w : w.charAt(0).toUpperCase())).join('');
}

export type MapRow = {
  process: ProbeProcess;
  /** Nesting below the row's tree root (0 for a root). */
  depth: number;
  /** The terminal the process belongs to (by environment or ancestry), if any. */
  terminal: string | null;
  marks: TerminalMark[];
};

/** The processes in tree order (parents before children, siblings by PID), each with its depth and terminal marks. */
export function processRows(tree: ProcessTree, terminals: readonly TerminalSpec[]): MapRow[] {
  const marks = terminalMarks(tree, terminals);
  const pids = new Set(tree.processes.map((p) => p.pid));
  const children = new Map<number, ProbeProcess[]>();
  const roots: ProbeProcess[] = [];
  for (const p of tree.processes) {
    if (p.ppid === p.pid || !pids.has(p.ppid)) roots.push(p);
    else children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  }
  const byPid = (a: ProbeProcess, b: ProbeProcess) => a.pid - b.pid;
  const rows: MapRow[] = [];
  const seen = new Set<number>();
  const visit = (p: ProbeProcess, depth: number) => {
    if (seen.has(p.pid)) return;
    seen.add(p.pid);
    rows.push({ process: p, depth, terminal: tree.terminal(p), marks: marks.get(p.pid) ?? [] });
    for (const c of (children.get(p.pid) ?? []).sort(byPid)) visit(c, depth + 1);
  };
  for (const r of roots.sort(byPid)) visit(r, 0);
  // A racy snapshot can hold a ppid cycle with no root: show those processes anyway.
  for (const p of [...tree.processes].sort(byPid)) visit(p, 0);
  return rows;
}

/** Marks each terminal's shell and, when it runs something else, its foreground program. */
export function terminalMarks(tree: ProcessTree, terminals: readonly TerminalSpec[]): Map<number, TerminalMark[]> {
  const marks = new Map<number, TerminalMark[]>();
  const add = (pid: number, mark: TerminalMark) => marks.set(pid, [...(marks.get(pid) ?? []), mark]);
  for (const { name, title } of terminals) {
    const own = tree.ofTerminal(name);
    let shell: ProbeProcess | undefined;
    for (const p of own) {
      if (!shell || tree.depth(p) < tree.depth(shell) || (tree.depth(p) === tree.depth(shell) && p.pid < shell.pid)) shell = p;
    }
    if (!shell) continue;
    add(shell.pid, { terminal: name, title, role: 'shell' });
    const fg = tree.foreground(name);
    if (fg && fg.pid !== shell.pid) add(fg.pid, { terminal: name, title, role: 'foreground' });
  }
  return marks;
}

export type NamespaceGroup = {
  type: NamespaceType;
  inode: number;
  baseline: boolean;
  /** The processes in this namespace, in tree order. */
  members: ProbeProcess[];
};

/** The namespaces of one type, like `lsns -t TYPE`: the sandbox's own first, then in order of their first process. */
export function namespaceGroups(rows: readonly MapRow[], tree: ProcessTree, type: NamespaceType): NamespaceGroup[] {
  const base = tree.baseline(type);
  const groups = new Map<number, NamespaceGroup>();
  if (base !== undefined) groups.set(base, { type, inode: base, baseline: true, members: [] });
  for (const { process } of rows) {
    const inode = process.ns[type];
    if (inode === undefined) continue;
    let g = groups.get(inode);
    if (!g) groups.set(inode, (g = { type, inode, baseline: false, members: [] }));
    g.members.push(process);
  }
  return [...groups.values()].filter((g) => g.members.length > 0);
}

/** The types in lsns(8) order, the highlighted ones first (for views that may reorder, like the per-type one). */
export function typesHighlightedFirst(highlight: readonly NamespaceType[]): NamespaceType[] {
  return [...NAMESPACE_TYPES.filter((t) => highlight.includes(t)), ...NAMESPACE_TYPES.filter((t) => !highlight.includes(t))];
}

export type NamespaceChange = { type: NamespaceType; inode: number; change: 'appeared' | 'gone'; process: ProbeProcess };

/** Namespaces other than the sandbox's own that appeared or went away between two snapshots (first process of each). */
export function namespaceChanges(prev: ProcessTree | null, next: ProcessTree): NamespaceChange[] {
  if (!prev) return [];
  const firsts = (tree: ProcessTree) => {
    const found = new Map<string, { type: NamespaceType; inode: number; process: ProbeProcess }>();
    for (const p of tree.processes) {
      for (const type of NAMESPACE_TYPES) {
        const inode = p.ns[type];
        const key = `${type}:${inode}`;
        if (inode !== undefined && tree.isNew(p, type) && !found.has(key)) found.set(key, { type, inode, process: p });
      }
    }
    return found;
  };
  const before = firsts(prev);
  const after = firsts(next);
  const changes: NamespaceChange[] = [];
  for (const [key, v] of after) if (!before.has(key)) changes.push({ ...v, change: 'appeared' });
  for (const [key, v] of before) if (!after.has(key)) changes.push({ ...v, change: 'gone' });
  return changes;
}
