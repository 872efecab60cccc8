// TerminalTabs: one tab per terminal of the session (or just its title when there is only one).
import type { TerminalSpec } from '../../core/protocol';

type Props = {
  terminals: TerminalSpec[];
  active: string;
  onSelect: (name: string) => void;
};

export const tabId = (name: string) => `terminal-tab-${name}`;
export const panelId = (name: string) => `terminal-panel-${name}`;

export function TerminalTabs({ terminals, active, onSelect }: Props) {
  if (terminals.length <= 1) {
    return <h2 className="truncate text-sm font-medium text-term-text">{terminals[0]?.title ?? 'Terminal'}</h2>;
  }
  return (
    <div role="tablist" aria-label="Terminals" className="flex min-w-0 gap-1 overflow-x-auto">
      {terminals.map((t) => {
        const selected = t.name === active;
        return (
          <button
            key={t.name}
            id={tabId(t.name)}
            type="button"
            role="tab"
            aria-selected={selected}
            aria-controls={panelId(t.name)}
            onClick={() => onSelect(t.name)}
            className={`shrink-0 rounded-md px-2.5 py-1 text-sm transition-colors ${
              selected ? 'bg-term text-term-text shadow-inner' : 'text-term-muted hover:bg-term/60 hover:text-term-text'
            }`}
          >
            {t.title}
          </button>
        );
      })}
    </div>
  );
}
