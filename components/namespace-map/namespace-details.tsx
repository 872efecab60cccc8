// NamespaceDetails: one namespace: its label, inode, the processes in it, and its facts read from the kernel (map:facts).
import { FactsList } from './facts-list';
import type { MapRow } from './map-model';
import type { MapSelection, Select } from './map-selection';
import type { NamespaceLabeler } from './namespace-colors';
import { MemberList } from './member-list';
import { NamespaceChip } from './namespace-chip';
import { useNamespaceFacts } from './use-namespace-facts';

type Props = {
  selection: Extract<MapSelection, { kind: 'namespace' }>;
  rows: MapRow[];
  labeler: NamespaceLabeler;
  at: number | null;
  onSelect: Select;
};

/** Members listed before "and N more". */
const MEMBERS_SHOWN = 12;

export function NamespaceDetails({ selection: { type, inode, pid }, rows, labeler, at, onSelect }: Props) {
  const members = rows.map((r) => r.process).filter((p) => p.ns[type] === inode);
  // Ask through the clicked process while it is still in the namespace, else through any process still in it.
  const through = members.find((p) => p.pid === pid) ?? members[0];
  const facts = useNamespaceFacts(through ? { pid: through.pid, type } : null, at);
  const look = labeler.look(type, inode);

  return (
    <div className="space-y-3" data-testid="namespace-details" data-ns-type={type} data-ns-inode={inode}>
      <div>
        <div className="flex items-center gap-2">
          <NamespaceChip type={type} inode={inode} look={look} variant="full" selected={false} />
          <h3 className="text-sm font-semibold text-term-text">{type} namespace</h3>
        </div>
        <p className="mt-1 text-xs text-term-muted">
          inode <span className="font-mono text-term-text">{inode}</span> · {look.baseline ? 'the sandbox’s own (PID 1 is in it)' : 'new: not the sandbox’s'}
        </p>
      </div>
      {through ? (
        <section aria-label={`Facts of ${look.label}`} aria-busy={facts?.status === 'loading'}>
          {facts?.status === 'ok' ? (
            <FactsList items={facts.facts.items} testId="namespace-facts" />
          ) : facts?.status === 'error' ? (
            <p className="text-sm text-rose-200">Could not read its facts: {facts.message}</p>
          ) : (
            <p className="text-sm text-term-muted">Reading from the kernel…</p>
          )}
        </section>
      ) : (
        <p className="text-sm text-amber-200">This namespace is gone: its last process ended.</p>
      )}
      {through ? (
        <div className="border-t border-term-line pt-2">
          <p className="text-xs font-medium text-term-muted">{members.length === 1 ? '1 process is in it' : `${members.length} processes share it`}</p>
          <MemberList members={members} shown={MEMBERS_SHOWN} onSelect={onSelect} />
        </div>
      ) : null}
    </div>
  );
}
