// TypeView: per namespace type, the processes that share each namespace (lsns -t TYPE, drawn).
import { useRef } from 'react';
import type { NamespaceType } from '../../core/namespaces';
import type { ProcessTree } from '../../core/probe/process-tree';
import { isFocused, type MapFocus } from '../timeline/map-focus';
import { namespaceGroups, typesHighlightedFirst, type MapRow, type NamespaceGroup } from './map-model';
import { isSelected, type MapSelection, type Select } from './map-selection';
import { inodeTail, type NamespaceLabeler } from './namespace-colors';
import { MemberList } from './member-list';
import { NamespaceChip } from './namespace-chip';
import { rovingItem, useRovingFocus } from './use-roving-focus';

type Props = {
  rows: MapRow[];
  tree: ProcessTree;
  labeler: NamespaceLabeler;
  highlight: readonly NamespaceType[];
  selection: MapSelection | null;
  onSelect: Select;
  /** What a call picked on the syscall timeline made or entered: marked. */
  focus: MapFocus | null;
};

/** Processes listed per namespace before "and N more" (in a 50-process sandbox, most share the baseline). */
const MEMBERS_SHOWN = 8;

export function TypeView({ rows, tree, labeler, highlight, selection, onSelect, focus }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  // One tab stop for every namespace and member; arrows move through them in reading order.
  useRovingFocus(ref, 'list');
  return (
    <div ref={ref} className="grid grid-cols-[repeat(auto-fill,minmax(19rem,1fr))] gap-3 p-3">
      {typesHighlightedFirst(highlight).map((type) => {
        const groups = namespaceGroups(rows, tree, type);
        const lit = highlight.includes(type);
        return (
          <section
            key={type}
            data-testid="map-type"
            data-ns-type={type}
            data-highlight={lit ? 'true' : undefined}
            aria-label={`${type} namespaces`}
            className={`rounded-lg border p-3 ${lit ? 'border-teal-300/70 bg-teal-400/10' : 'border-term-line bg-term-raised/50'}`}
          >
            <h3 className="flex items-baseline justify-between gap-2">
              <span className="font-mono text-sm font-bold text-term-text">{type}</span>
              <span className="text-xs text-term-muted">
                {groups.length === 1 ? '1 namespace' : `${groups.length} namespaces`}
                {lit ? <span className="ml-1.5 font-semibold text-teal-200">· this step</span> : null}
              </span>
            </h3>
            <ul className="mt-2 space-y-2">
              {groups.map((g) => (
                <GroupItem key={g.inode} group={g} labeler={labeler} selection={selection} focused={isFocused(focus, type, g.inode)} onSelect={onSelect} />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

type GroupProps = { group: NamespaceGroup; labeler: NamespaceLabeler; selection: MapSelection | null; focused: boolean; onSelect: Select };

function GroupItem({ group: { type, inode, baseline, members }, labeler, selection, focused, onSelect }: GroupProps) {
  const look = labeler.look(type, inode);
  const count = members.length === 1 ? '1 process is' : `${members.length} processes share`;
  const first = members[0]!;
  return (
    <li data-testid="map-namespace" data-ns-type={type} data-ns-inode={inode} className="text-sm">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <NamespaceChip
          type={type}
          inode={inode}
          look={look}
          variant="full"
          selected={isSelected(selection, type, inode)}
          focused={focused}
          roving={rovingItem(`${type}:${inode}`)}
          onClick={() => onSelect({ kind: 'namespace', type, inode, pid: first.pid })}
        />
        <span className="text-term-text">
          {count} {members.length === 1 ? `in this ${type} namespace` : `this ${type} namespace`}
        </span>
        <span className="font-mono text-xs text-term-muted" title={`inode ${inode}`}>
          {baseline ? "sandbox's own · " : ''}
          {inodeTail(inode)}
        </span>
      </div>
      <MemberList members={members} shown={MEMBERS_SHOWN} onSelect={onSelect} rovingKey={`${type}:${inode}`} />
    </li>
  );
}
