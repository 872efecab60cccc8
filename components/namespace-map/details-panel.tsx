// DetailsPanel: the column beside the map that shows what was clicked: a process or a namespace; Escape closes it.
import { useEffect, useRef } from 'react';
import type { ProcessTree } from '../../core/probe/process-tree';
import type { MapRow } from './map-model';
import type { MapSelection, Select } from './map-selection';
import type { NamespaceLabeler } from './namespace-colors';
import { NamespaceDetails } from './namespace-details';
import { ProcessDetails } from './process-details';

type Props = {
  selection: MapSelection;
  tree: ProcessTree;
  rows: MapRow[];
  labeler: NamespaceLabeler;
  at: number | null;
  terminalTitle: (name: string | null) => string;
  onSelect: Select;
};

export function DetailsPanel({ selection, tree, rows, labeler, at, terminalTitle, onSelect }: Props) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && ref.current?.contains(document.activeElement)) onSelect(null);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onSelect]);

  const title = selection.kind === 'process' ? `Process ${selection.pid}` : `${selection.type} namespace`;
  return (
    <aside ref={ref} aria-label={`Details: ${title}`} data-testid="map-details" className="flex w-72 max-w-[45%] shrink-0 flex-col border-l border-term-line bg-term-raised">
      <div className="flex h-9 shrink-0 items-center justify-between border-b border-term-line px-3">
        <h2 className="text-xs font-semibold tracking-wide text-term-muted uppercase">Details</h2>
        <button type="button" onClick={() => onSelect(null)} aria-label="Close details" className="rounded px-1.5 text-lg leading-none text-term-muted hover:text-term-text">
          ×
        </button>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto p-3">
        {selection.kind === 'process' ? (
          <ProcessDetails pid={selection.pid} tree={tree} labeler={labeler} terminalTitle={terminalTitle} onSelect={onSelect} />
        ) : (
          <NamespaceDetails selection={selection} rows={rows} labeler={labeler} at={at} onSelect={onSelect} />
        )}
      </div>
    </aside>
  );
}
