// RunButton: types a command into a lesson terminal (followed by Enter) through the terminal registry; the focus stays on the button.
'use client';

import { useEffect, useState } from 'react';
import { useTerminalRegistry, type RunResult } from '../terminal/terminal-registry';

/** How long the note beside the button reports what happened (in milliseconds). */
const FEEDBACK_MS = 1800;

const FEEDBACK: Record<RunResult, string> = {
  sent: 'Sent',
  'not-ready': 'Terminal not ready',
  'unknown-terminal': 'No such terminal',
};

type Props = {
  command: string;
  /** Terminal to type into; null means the lesson's first terminal. */
  terminal: string | null;
  /** Shown to screen readers, e.g. "Run in host". */
  terminalTitle?: string;
};

/** What a screen reader hears after a Run (politely): the focus stays here, so say where the command went. */
const announcement = (result: RunResult, title: string): string =>
  result === 'sent' ? `Sent to ${title}.` : result === 'not-ready' ? `${title} is not ready yet; try again in a moment.` : 'There is no such terminal.';

export function RunButton({ command, terminal, terminalTitle }: Props) {
  const { runInTerminal } = useTerminalRegistry();
  const title = terminalTitle ?? 'the terminal';
  const [result, setResult] = useState<RunResult | null>(null);

  useEffect(() => {
    if (!result) return;
    const timer = setTimeout(() => setResult(null), FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [result]);

  return (
    <>
      <button
        type="button"
        data-testid="run-button"
        data-terminal={terminal ?? ''}
        onClick={() => setResult(runInTerminal(terminal, command))}
        className="inline-flex items-center gap-1 rounded-md bg-teal-500 px-2.5 py-1 text-xs font-semibold text-slate-950 transition-colors hover:bg-teal-400"
      >
        <svg aria-hidden viewBox="0 0 12 12" className="size-2.5" fill="currentColor">
          <path d="M2.5 1.5v9l8-4.5z" />
        </svg>
        {/* The name starts with the visible word (axe: label-content-name-mismatch), the terminal after it. */}
        Run<span className="sr-only"> in {title}</span>
      </button>
      {/* What happened shows beside the button, which keeps its name and the focus. */}
      <span role="status" className="text-xs text-term-muted">
        {result ? (
          <>
            <span aria-hidden>{FEEDBACK[result]}</span>
            <span className="sr-only">{announcement(result, title)}</span>
          </>
        ) : null}
      </span>
    </>
  );
}
