// NamespaceMap: the live picture of the session: processes and their namespaces, by process or by type, with details on click.
'use client';

import { useCallback, useId, useMemo, useState } from 'react';
import { NAMESPACE_TYPES, type NamespaceType } from '../../core/namespaces';
import type { TerminalSpec } from '../../core/protocol';
import { DetailsPanel } from './details-panel';
import { describeChanges } from './describe-changes';
import { MapHeader, type MapView } from './map-header';
import type { MapSelection } from './map-selection';
import { MapTable } from './map-table';
import { ProcessView } from './process-view';
import { TypeView } from './type-view';
import { useNamespaceMap } from './use-namespace-map';
import { useMapFocus } from '../timeline/use-map-focus';

type Props = {
  open: boolean;
  onToggle: () => void;
  /** The lesson's declared terminals, used until the session reports its own. */
  terminals: readonly TerminalSpec[];
  /** Namespace types the current lesson step points at. */
  highlight?: readonly NamespaceType[];
};

const NO_HIGHLIGHT: readonly NamespaceType[] = [];

export function NamespaceMap({ open, onToggle, terminals: declared, highlight = NO_HIGHLIGHT }: Props) {
  const data = useNamespaceMap(open, declared);
  const { tree, rows, labeler, terminals, changes, at } = data;
  const [view, setView] = useState<MapView>('processes');
  const [selection, setSelection] = useState<MapSelection | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const bodyId = useId();

  const terminalTitle = useCallback((name: string | null) => (name === null ? '' : (terminals.find((t) => t.name === name)?.title ?? name)), [terminals]);

  // Each new snapshot with changes is announced; the last announcement stays until the next. Set while
  // rendering (React's "adjusting state when a prop changes"), keyed on the snapshot.
  const [announcedTree, setAnnouncedTree] = useState(tree);
  if (announcedTree !== tree) {
    setAnnouncedTree(tree);
    if (tree && changes.length > 0) {
      const terminalOf = (pid: number) => {
        const p = tree.processes.find((q) => q.pid === pid);
        return p ? terminalTitle(tree.terminal(p)) || null : null;
      };
      setAnnouncement(describeChanges(changes, labeler, terminalOf));
    }
  }

  // A call picked on the syscall timeline: show what it created or entered, and its process.
  const focus = useMapFocus(tree, at, setSelection);

  // A new session means new processes: what was selected belongs to the old one (cleared while rendering,
  // React's "adjusting state when a prop changes").
  const [selectionOf, setSelectionOf] = useState(data.sessionId);
  if (selectionOf !== data.sessionId) {
    setSelectionOf(data.sessionId);
    setSelection(null);
  }

  const summary = useMemo(() => {
    if (!tree) return '';
    const fresh = new Set<string>();
    for (const p of tree.processes) for (const t of NAMESPACE_TYPES) if (tree.isNew(p, t)) fresh.add(`${t}:${p.ns[t]}`);
    const n = tree.processes.length;
    return `${n} ${n === 1 ? 'process' : 'processes'} · ${fresh.size === 0 ? 'no new namespaces' : `${fresh.size} new ${fresh.size === 1 ? 'namespace' : 'namespaces'}`}`;
  }, [tree]);

  return (
    <section aria-label="Namespace map" data-testid="namespace-map" data-open={open ? 'true' : 'false'} className="on-dark flex h-full min-h-0 flex-col bg-term text-term-text">
      <MapHeader open={open} onToggle={onToggle} bodyId={bodyId} summary={summary} highlight={highlight} view={view} onView={setView} />
      <p role="status" aria-live="polite" className="sr-only">
        {announcement}
      </p>
      {open ? (
        // Details sit beside the map, not over it: the chip that was clicked stays in view (see ProcessView).
        <div id={bodyId} className="flex min-h-0 flex-1">
          {/* The table has no controls of its own: its scrolling box then is the one tab stop, so the keyboard can scroll it. */}
          <div
            className="min-w-0 flex-1 scroll-pt-9 scroll-pl-44 overflow-auto"
            data-testid="map-body"
            tabIndex={tree && view === 'table' ? 0 : undefined}
            aria-label={tree && view === 'table' ? 'Namespace table' : undefined}
            role={tree && view === 'table' ? 'region' : undefined}
          >
            {!tree ? (
              <p className="p-4 text-sm text-term-muted">{data.sessionId ? 'Reading the sandbox’s processes…' : 'Waiting for the sandbox…'}</p>
            ) : view === 'types' ? (
              <TypeView rows={rows} tree={tree} labeler={labeler} highlight={highlight} selection={selection} onSelect={setSelection} focus={focus} />
            ) : view === 'processes' ? (
              <ProcessView rows={rows} labeler={labeler} highlight={highlight} selection={selection} onSelect={setSelection} focus={focus} compact={selection !== null} />
            ) : null}
            {tree ? <MapTable rows={rows} labeler={labeler} terminalTitle={terminalTitle} highlight={highlight} visible={view === 'table'} /> : null}
            {tree && view === 'processes' ? <Legend /> : null}
          </div>
          {tree && selection ? <DetailsPanel selection={selection} tree={tree} rows={rows} labeler={labeler} at={at} terminalTitle={terminalTitle} onSelect={setSelection} /> : null}
        </div>
      ) : null}
    </section>
  );
}

function Legend() {
  return (
    <p className="sticky left-0 flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2 text-xs text-term-muted">
      <span>
        <span className="mr-1 inline-block rounded border border-term-line px-1 font-mono">#1</span>
        the sandbox’s own namespace
      </span>
      <span>
        <span className="mr-1 inline-block rounded border border-teal-200 bg-teal-300 px-1 font-mono text-[#0e1116]">#2</span>a new one (same colour, same namespace)
      </span>
      <span>Click a process or a namespace for details; the arrow keys move between them.</span>
    </p>
  );
}
