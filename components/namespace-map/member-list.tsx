// MemberList: the processes in one namespace as buttons that open each process's details (the first few, then a count).
import type { ProbeProcess } from '../../core/probe/probe-schema';
import type { Select } from './map-selection';
import { rovingItem } from './use-roving-focus';

type Props = {
  members: readonly Pick<ProbeProcess, 'pid' | 'comm'>[];
  shown: number;
  onSelect: Select;
  /** Prefix of the members' arrow-key item keys, when the list sits in a roving view (see useRovingFocus). */
  rovingKey?: string;
};

export function MemberList({ members, shown, onSelect, rovingKey }: Props) {
  return (
    <p className="mt-1 flex flex-wrap gap-1">
      {members.slice(0, shown).map((p) => (
        <button
          key={p.pid}
          type="button"
          {...(rovingKey === undefined ? {} : rovingItem(`${rovingKey}:${p.pid}`))}
          onClick={() => onSelect({ kind: 'process', pid: p.pid })}
          className="rounded border border-term-line px-1.5 font-mono text-xs text-term-text hover:border-term-muted"
        >
          <span className="text-term-muted">{p.pid}</span> {p.comm}
        </button>
      ))}
      {members.length > shown ? <span className="px-1 text-xs text-term-muted">and {members.length - shown} more</span> : null}
    </p>
  );
}
