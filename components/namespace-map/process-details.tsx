// ProcessDetails: one process: command, terminal, ids, its NSpid chain, uid/gid maps and its eight namespaces.
import { NAMESPACE_TYPES } from '../../core/namespaces';
import type { ProcessTree } from '../../core/probe/process-tree';
import type { Select } from './map-selection';
import type { NamespaceLabeler } from './namespace-colors';
import { NamespaceChip } from './namespace-chip';

type Props = { pid: number; tree: ProcessTree; labeler: NamespaceLabeler; terminalTitle: (name: string | null) => string; onSelect: Select };

/** "0 100000 1;1 100001 65535" → one "inside outside count" line per range. */
const mapLines = (map: string) =>
  map
    .split(';')
    .map((l) => l.trim())
    .filter(Boolean);

export function ProcessDetails({ pid, tree, labeler, terminalTitle, onSelect }: Props) {
  const p = tree.processes.find((q) => q.pid === pid);
  if (!p) return <p className="text-sm text-amber-200">Process {pid} has ended.</p>;
  const terminal = tree.terminal(p);
  return (
    <div className="space-y-3" data-testid="process-details" data-pid={p.pid}>
      <h3 className="text-sm font-semibold text-term-text">
        <span className="font-mono">{p.comm}</span> <span className="font-normal text-term-muted">PID {p.pid}</span>
      </h3>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-term-muted">command</dt>
        <dd className="font-mono break-all text-term-text">{p.args || p.comm}</dd>
        <dt className="text-term-muted">terminal</dt>
        <dd className="text-term-text">{terminal ? terminalTitle(terminal) : 'none (started by the sandbox)'}</dd>
        <dt className="text-term-muted">parent</dt>
        <dd className="font-mono text-term-text">{p.ppid === 0 ? 'outside the sandbox' : p.ppid}</dd>
        <dt className="text-term-muted">uid / gid</dt>
        <dd className="font-mono text-term-text">
          {p.uid} / {p.gid}
        </dd>
        <dt className="text-term-muted">NSpid</dt>
        <dd className="text-term-text">
          <span className="font-mono">{p.nspid.join(' → ')}</span>
          <span className="block text-xs text-term-muted">{p.nspid.length > 1 ? `its PID in each of ${p.nspid.length} pid namespaces, outermost first` : 'one pid namespace: the sandbox’s'}</span>
        </dd>
        <dt className="text-term-muted">uid map</dt>
        <dd className="font-mono text-term-text">
          {mapLines(p.uidMap).map((l) => (
            <span key={l} className="block">
              {l}
            </span>
          ))}
        </dd>
        <dt className="text-term-muted">gid map</dt>
        <dd className="font-mono text-term-text">
          {mapLines(p.gidMap).map((l) => (
            <span key={l} className="block">
              {l}
            </span>
          ))}
        </dd>
      </dl>
      <p className="text-xs text-term-muted">Map lines read “inside outside count”: IDs in the namespace, where they start outside, how many.</p>
      <div>
        <h4 className="mb-1.5 border-t border-term-line pt-2 text-xs font-semibold tracking-wide text-term-muted uppercase">Namespaces</h4>
        <ul className="grid grid-cols-2 gap-x-3 gap-y-1.5">
          {NAMESPACE_TYPES.map((t) => {
            const inode = p.ns[t];
            return (
              <li key={t} className="flex items-center justify-between gap-2 text-sm">
                <span className="font-mono text-term-muted">{t}</span>
                {inode === undefined ? (
                  <span className="text-term-muted">unknown</span>
                ) : (
                  <NamespaceChip type={t} inode={inode} look={labeler.look(t, inode)} variant="full" selected={false} onClick={() => onSelect({ kind: 'namespace', type: t, inode, pid: p.pid })} />
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
