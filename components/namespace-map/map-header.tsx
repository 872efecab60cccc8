// MapHeader: the map's title bar: collapse toggle, a one-line summary, the step's highlighted types and the view switch.
import type { NamespaceType } from '../../core/namespaces';

export type MapView = 'processes' | 'types' | 'table';

const VIEWS: { id: MapView; label: string }[] = [
  { id: 'processes', label: 'Processes' },
  { id: 'types', label: 'By type' },
  { id: 'table', label: 'Table' },
];

type Props = {
  open: boolean;
  onToggle: () => void;
  bodyId: string;
  summary: string;
  highlight: readonly NamespaceType[];
  view: MapView;
  onView: (view: MapView) => void;
};

export function MapHeader({ open, onToggle, bodyId, summary, highlight, view, onView }: Props) {
  return (
    // A narrow map (the timeline beside it, a small window) keeps every control in view: the label and the step's prefix shorten.
    <header className="@container flex h-10 shrink-0 items-center gap-3 border-b border-term-line bg-term-raised px-3">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={bodyId}
        onClick={onToggle}
        data-testid="map-toggle"
        aria-label="Namespace map"
        className="flex shrink-0 items-center gap-2 rounded text-sm font-medium whitespace-nowrap text-term-text"
      >
        <svg aria-hidden viewBox="0 0 12 12" className={`size-3 shrink-0 transition-transform ${open ? '' : '-rotate-90'}`}>
          <path d="M2 4l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
        <span className="@max-lg:hidden">Namespace map</span>
        <span className="@lg:hidden">Map</span>
      </button>
      <span className="hidden min-w-0 truncate text-xs text-term-muted sm:inline">{summary}</span>
      {highlight.length > 0 ? (
        <span className="shrink-0 rounded-full bg-teal-400/15 px-2 py-0.5 text-xs font-medium text-teal-100" data-testid="map-highlight">
          <span className="@max-lg:sr-only">this step: </span>
          <span className="font-mono font-semibold">{highlight.join(', ')}</span>
        </span>
      ) : null}
      <span className="flex-1" />
      {open ? (
        <div role="group" aria-label="Map view" className="flex shrink-0 rounded-md border border-term-line p-0.5">
          {VIEWS.map((v) => (
            <button
              key={v.id}
              type="button"
              aria-pressed={view === v.id}
              data-testid={`map-view-${v.id}`}
              onClick={() => onView(v.id)}
              className={`rounded px-2 py-0.5 text-xs font-medium transition-colors ${view === v.id ? 'bg-teal-400/20 text-teal-50' : 'text-term-muted hover:text-term-text'}`}
            >
              {v.label}
            </button>
          ))}
        </div>
      ) : null}
    </header>
  );
}
