// ProcessView: the sandbox's processes as a tree, one coloured chip per namespace type, terminals' shells marked.
import { useEffect, useRef } from 'react';
import { NAMESPACE_TYPES, type NamespaceType } from '../../core/namespaces';
import { isFocused, type MapFocus } from '../timeline/map-focus';
import type { MapRow } from './map-model';
import { isSelected, type MapSelection, type Select } from './map-selection';
import type { NamespaceLabeler } from './namespace-colors';
import { NamespaceChip } from './namespace-chip';
import { TerminalMarkPill } from './terminal-mark-pill';
import { rovingItem, useRovingFocus } from './use-roving-focus';

type Props = {
  rows: MapRow[];
  labeler: NamespaceLabeler;
  highlight: readonly NamespaceType[];
  selection: MapSelection | null;
  onSelect: Select;
  /** What a call picked on the syscall timeline made or entered, and its process: marked. */
  focus: MapFocus | null;
  /** Details are open beside the map: a narrower process column (it stays put while the chips scroll sideways). */
  compact: boolean;
};

/** Process column, then one fixed-width column per namespace type (lsns order, never reordered). */
const gridColumns = (compact: boolean) => `${compact ? '10rem' : 'minmax(14rem,1fr)'} repeat(8, 3rem)`;
/** The process of a call picked on the syscall timeline: dashed, as its namespaces' chips (a selection is a solid ring). */
const FOCUSED_OUTLINE = 'outline-1 -outline-offset-1 outline-dashed outline-white/80';
/** Indent per tree level (in rem): deep unshare chains stay readable at 50 processes. */
const INDENT_REM = 0.75;

export function ProcessView({ rows, labeler, highlight, selection, onSelect, focus, compact }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const lit = (t: NamespaceType) => highlight.includes(t);
  const columns = gridColumns(compact);
  // One tab stop for the whole tree; arrows move between processes (rows) and namespaces (columns).
  useRovingFocus(ref, 'grid');

  // Once the details column opened beside the map, bring the clicked chip back into view.
  useEffect(() => {
    if (selection?.kind !== 'namespace') return;
    const frame = requestAnimationFrame(() =>
      ref.current?.querySelector(`[data-pid="${selection.pid}"] button[data-ns-type="${selection.type}"]`)?.scrollIntoView({ block: 'nearest', inline: 'nearest' }),
    );
    return () => cancelAnimationFrame(frame);
  }, [selection]);

  return (
    <div ref={ref} className="min-w-fit">
      <div
        aria-hidden
        style={{ gridTemplateColumns: columns }}
        className="sticky top-0 z-20 grid items-end gap-x-1 border-b border-term-line bg-term px-3 pt-2 pb-1.5 text-xs font-medium text-term-muted"
      >
        <span className="sticky left-0 bg-term">PID · process</span>
        {NAMESPACE_TYPES.map((t) => (
          <span key={t} data-highlight={lit(t) ? 'true' : undefined} className={`rounded px-0.5 text-center font-mono ${lit(t) ? 'bg-teal-400/25 font-bold text-teal-100' : ''}`}>
            {t}
          </span>
        ))}
      </div>
      <ul aria-label="Processes and their namespaces">
        {rows.map(({ process: p, depth, terminal, marks }, row) => {
          const chosen = selection?.kind === 'process' && selection.pid === p.pid;
          // Opaque backgrounds: the sticky process cell covers the chips scrolling beneath it.
          const bg = chosen ? 'bg-term-raised' : 'bg-term group-hover:bg-[#13171e]';
          return (
            <li
              key={p.pid}
              data-testid="map-process"
              data-pid={p.pid}
              data-comm={p.comm}
              data-terminal={terminal ?? ''}
              data-focused={focus?.pid === p.pid ? 'true' : undefined}
              style={{ gridTemplateColumns: columns }}
              className={`group grid items-center gap-x-1 px-3 ${bg}`}
            >
              <button
                type="button"
                {...rovingItem(`${p.pid}`, row, 0)}
                aria-pressed={chosen}
                onClick={() => onSelect(chosen ? null : { kind: 'process', pid: p.pid })}
                title={p.args}
                className={`sticky left-0 z-10 flex min-w-0 items-center gap-1.5 overflow-hidden rounded-sm py-0.5 text-left text-sm ${bg} ${focus?.pid === p.pid ? FOCUSED_OUTLINE : ''}`}
              >
                <span className="w-8 shrink-0 text-right font-mono text-xs text-term-muted tabular-nums">{p.pid}</span>
                <span aria-hidden style={{ width: `${depth * INDENT_REM}rem` }} className="shrink-0 text-right text-term-muted/60">
                  {depth > 0 ? '└' : ''}
                </span>
                <span className="max-w-[9rem] shrink-0 truncate font-mono font-semibold text-term-text">{p.comm}</span>
                {marks.map((m) => (
                  <TerminalMarkPill key={`${m.terminal}-${m.role}`} mark={m} compact={compact} />
                ))}
              </button>
              {NAMESPACE_TYPES.map((t, col) => {
                const inode = p.ns[t];
                return (
                  <span key={t} className={`flex justify-center self-stretch py-0.5 ${lit(t) ? 'bg-teal-400/10' : ''}`}>
                    {inode === undefined ? (
                      <span className="text-term-muted" title={`${t}: not readable`}>
                        –
                      </span>
                    ) : (
                      <NamespaceChip
                        type={t}
                        inode={inode}
                        look={labeler.look(t, inode)}
                        variant="short"
                        owner={`${p.comm} (PID ${p.pid})`}
                        selected={isSelected(selection, t, inode)}
                        focused={isFocused(focus, t, inode)}
                        roving={rovingItem(`${p.pid}:${t}`, row, col + 1)}
                        onClick={() => onSelect({ kind: 'namespace', type: t, inode, pid: p.pid })}
                      />
                    )}
                  </span>
                );
              })}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
