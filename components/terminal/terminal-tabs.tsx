// TerminalTabs: one tab per terminal of the session (or just its title when there is only one).
import type { TerminalSpec } from '../../core/protocol';

type Props = {
  terminals: TerminalSpec[];
  active: string;
  onSelect: (name: string) => void;
  /** Open another terminal in the same sandbox; absent at the limit. */
  onAdd?: () => void;
  /** Close a terminal the learner added (the lesson's own terminals stay). */
  onClose?: (name: string) => void;
  closable?: (name: string) => boolean;
};

export const tabId = (name: string) => `terminal-tab-${name}`;
export const panelId = (name: string) => `terminal-panel-${name}`;

export function TerminalTabs({ terminals, active, onSelect, onAdd, onClose, closable }: Props) {
  const add = onAdd ? (
    <button
      type="button"
      data-testid="add-terminal"
      aria-label="Open another terminal"
      title="Open another terminal in the same sandbox"
      onClick={onAdd}
      className="shrink-0 rounded-md px-2 py-1 text-sm text-term-muted hover:bg-term/60 hover:text-term-text"
    >
      +
    </button>
  ) : null;
  if (terminals.length <= 1) {
    return (
      <div className="flex min-w-0 items-center gap-1">
        <h2 className="truncate text-sm font-medium text-term-text">{terminals[0]?.title ?? 'Terminal'}</h2>
        {add}
      </div>
    );
  }
  return (
    <div role="tablist" aria-label="Terminals" className="flex min-w-0 items-center gap-1 overflow-x-auto">
      {terminals.map((t) => {
        const selected = t.name === active;
        const canClose = onClose && closable?.(t.name);
        return (
          <span key={t.name} className="flex shrink-0 items-center">
          <button
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
          {canClose ? (
            <button
              type="button"
              data-testid="close-terminal"
              aria-label={`Close ${t.title}`}
              onClick={() => onClose(t.name)}
              className="rounded px-1 text-xs text-term-muted hover:text-term-text"
            >
              ×
            </button>
          ) : null}
          </span>
        );
      })}
      {add}
    </div>
  );
}
