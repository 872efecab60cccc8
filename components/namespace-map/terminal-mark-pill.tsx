// TerminalMarkPill: "Terminal 1 · shell" / "▶ Terminal 1 · running" beside a process that a terminal shows.
import { shortTitle, type TerminalMark } from './map-model';

/** `compact`: room is short (details open), so the pill shows a short title and no role word. */
export function TerminalMarkPill({ mark, compact = false }: { mark: TerminalMark; compact?: boolean }) {
  const shell = mark.role === 'shell';
  const role = shell ? 'shell' : 'running';
  return (
    <span
      data-testid="terminal-mark"
      data-terminal={mark.terminal}
      data-role={mark.role}
      title={`${mark.title}: ${shell ? 'its shell' : 'the program running in it'}`}
      className={`inline-flex min-w-0 items-center gap-1 rounded-full border px-2 text-xs leading-5 font-medium whitespace-nowrap ${
        shell ? 'border-term-line bg-term-raised text-term-text' : 'border-teal-300/50 bg-teal-400/15 text-teal-100'
      }`}
    >
      {shell ? null : <span aria-hidden>▶</span>}
      {compact ? (
        <>
          <span aria-hidden>{shortTitle(mark.title)}</span>
          <span className="sr-only">
            {mark.title} {role}
          </span>
        </>
      ) : (
        <>
          <span className="truncate">{mark.title}</span>
          <span className={shell ? 'text-term-muted' : 'text-teal-200'}>· {role}</span>
        </>
      )}
    </span>
  );
}
