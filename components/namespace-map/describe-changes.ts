// Sentences for screen readers when namespaces appear or go: "New uts namespace uts#2: unshare (PID 5) in Terminal 1."
import type { NamespaceChange } from './map-model';
import type { NamespaceLabeler } from './namespace-colors';

export function describeChanges(changes: readonly NamespaceChange[], labeler: NamespaceLabeler, terminalOf: (pid: number) => string | null): string {
  return changes
    .map(({ type, inode, change, process: p }) => {
      const label = labeler.look(type, inode).label;
      if (change === 'gone') return `${label} is gone.`;
      const where = terminalOf(p.pid);
      return `New ${type} namespace ${label}: ${p.comm} (PID ${p.pid})${where ? ` in ${where}` : ''}.`;
    })
    .join(' ');
}
