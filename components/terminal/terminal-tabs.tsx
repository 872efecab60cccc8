// TerminalTabs: one tab per terminal of the session (or just its title when there is only one), then "+" and "close" beside the tablist.
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

/** "Terminal 3" → "T3", shown when the strip is narrow; the full title stays what assistive technology reads. */
export function shortTitle(title: string): string {
  const numbered = /^Terminal (\d+)$/.exec(title);
  return numbered ? `T${numbered[1]}` : title;
}

/**
 * Visible: the full title, or with more than two tabs in a narrow panel (a container query) the short one.
 * Two full titles fit even a phone's strip.
 */
function TabLabel({ title, dense }: { title: string; dense: boolean }) {
  const short = shortTitle(title);
  if (!dense || short === title) return <span className="block max-w-40 truncate">{title}</span>;
  return (
    <>
      <span aria-hidden className="@xl:hidden">
        {short}
      </span>
      <span className="sr-only @xl:not-sr-only">{title}</span>
    </>
  );
}

const TOOL = 'flex size-7 shrink-0 items-center justify-center rounded-md text-sm text-term-muted hover:bg-term/60 hover:text-term-text';

export function TerminalTabs({ terminals, active, onSelect, onAdd, onClose, closable }: Props) {
  const activeTitle = terminals.find((t) => t.name === active)?.title ?? '';
  // Only tabs may live in a tablist (ARIA), so "+" and "close" sit beside it.
  const add = onAdd ? (
    <button type="button" data-testid="add-terminal" aria-label="Open another terminal" title="Open another terminal in the same sandbox" onClick={onAdd} className={TOOL}>
      +
    </button>
  ) : null;
  const close =
    onClose && closable?.(active) ? (
      <button type="button" data-testid="close-terminal" aria-label={`Close ${activeTitle}`} title={`Close ${activeTitle}`} onClick={() => onClose(active)} className={TOOL}>
        ×
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
    <div className="flex min-w-0 items-center gap-1">
      {/* Tabs keep their size; when they outgrow the strip it scrolls sideways. */}
      <div role="tablist" aria-label="Terminals" data-testid="terminal-tabs" className="flex min-w-0 items-center gap-1 overflow-x-auto [scrollbar-width:thin]">
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
              className={`shrink-0 rounded-md px-2.5 py-1 text-sm whitespace-nowrap transition-colors ${
                selected ? 'bg-term text-term-text shadow-inner' : 'text-term-muted hover:bg-term/60 hover:text-term-text'
              }`}
            >
              <TabLabel title={t.title} dense={terminals.length > 2} />
            </button>
          );
        })}
      </div>
      {add}
      {close}
    </div>
  );
}
