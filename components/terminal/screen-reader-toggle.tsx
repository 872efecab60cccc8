// ScreenReaderToggle: turns xterm's screen-reader mode (an accessible text mirror of the screen) on and off.
export function ScreenReaderToggle({ on, onChange }: { on: boolean; onChange: (on: boolean) => void }) {
  return (
    <button
      type="button"
      data-testid="screen-reader-toggle"
      aria-pressed={on}
      title="Screen reader mode: expose the terminal's text to assistive technology"
      onClick={() => onChange(!on)}
      className={`inline-flex items-center gap-1.5 rounded-md border px-2 py-1 text-xs font-medium transition-colors ${
        on ? 'border-teal-300/60 bg-teal-400/15 text-teal-100' : 'border-term-line text-term-muted hover:border-term-muted hover:text-term-text'
      }`}
    >
      <svg aria-hidden viewBox="0 0 16 16" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="1.5">
        <circle cx="8" cy="3" r="1.5" />
        <path d="M3 6h10M8 6v4m0 0-2.5 4.5M8 10l2.5 4.5" strokeLinecap="round" />
      </svg>
      Screen reader
      <span className="sr-only">{on ? ' (on)' : ' (off)'}</span>
    </button>
  );
}
