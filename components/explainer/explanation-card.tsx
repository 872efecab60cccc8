// ExplanationCard: one explained mistake beside its terminal: what happened, in plain words, the fix as commands to copy or run, and the man page.
'use client';

import { useId, type KeyboardEvent } from 'react';
import type { Explanation } from '../../core/protocol';
import { CopyButton } from '../lesson/copy-button';
import { InlineCode } from '../lesson/inline-code';
import { RunButton } from '../lesson/run-button';

type Props = {
  explanation: Explanation;
  /** The terminal's tab title (e.g. "Terminal 1"), shown when the lesson has several. */
  terminalTitle: string | null;
  onDismiss: () => void;
};

const CODE = 'bg-white/10 text-term-text';

export function ExplanationCard({ explanation: e, terminalTitle, onDismiss }: Props) {
  const headingId = useId();
  // Escape anywhere in the card dismisses it, as the × button does.
  const onKeyDown = (ev: KeyboardEvent<HTMLElement>) => {
    if (ev.key !== 'Escape') return;
    ev.stopPropagation();
    onDismiss();
  };
  return (
    <section
      aria-labelledby={headingId}
      onKeyDown={onKeyDown}
      data-testid="explanation"
      data-id={e.id}
      data-terminal={e.terminal}
      className="relative rounded-lg border border-amber-300/25 border-l-4 border-l-amber-400 bg-term-raised px-4 pt-3 pb-3.5 shadow-lg"
    >
      <div className="flex items-start gap-3">
        <div className="min-w-0 flex-1">
          <p className="flex items-center gap-2 text-[0.7rem] font-semibold tracking-wider text-amber-300 uppercase">
            <svg aria-hidden viewBox="0 0 16 16" className="size-3.5" fill="currentColor">
              <path d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm0 3.2a1 1 0 0 1 1 1v3.3a1 1 0 0 1-2 0V5.2a1 1 0 0 1 1-1Zm0 8.3a1.1 1.1 0 1 1 0-2.2 1.1 1.1 0 0 1 0 2.2Z" />
            </svg>
            What happened{terminalTitle ? <span className="font-medium tracking-normal text-term-muted normal-case">· {terminalTitle}</span> : null}
          </p>
          <h3 id={headingId} className="mt-1 text-[0.95rem] leading-snug font-semibold text-amber-50">
            <InlineCode text={e.title} codeClassName={CODE} />
          </h3>
        </div>
        <button
          type="button"
          data-testid="dismiss-explanation"
          onClick={onDismiss}
          aria-label={`Dismiss: ${e.title.replace(/`/g, '')}`}
          title="Dismiss (Esc)"
          className="-mt-1 -mr-1.5 shrink-0 rounded-md px-2 py-1 text-lg leading-none text-term-muted hover:bg-white/10 hover:text-term-text"
        >
          ×
        </button>
      </div>
      <div className="mt-2 space-y-2 text-[0.85rem] leading-relaxed text-term-text/90">
        {e.body.map((paragraph, i) => (
          <p key={i}>
            <InlineCode text={paragraph} codeClassName={CODE} />
          </p>
        ))}
      </div>
      {e.fix.length > 0 ? (
        <div className="mt-3">
          <h4 className="text-[0.7rem] font-semibold tracking-wider text-teal-300 uppercase">How to fix it</h4>
          <ol className="mt-1.5 space-y-2">
            {e.fix.map((step, i) => (
              <li key={i} className="text-[0.85rem] leading-relaxed text-term-text/90">
                <InlineCode text={step.say} codeClassName={CODE} />
                {step.command ? <FixCommand command={step.command} terminal={e.terminal} terminalTitle={terminalTitle} /> : null}
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      <details className="group mt-3 text-[0.8rem] text-term-muted">
        <summary className="cursor-pointer rounded font-medium text-term-text/80 select-none hover:text-term-text">
          <span className="ml-0.5">Why this happens</span>
        </summary>
        <div className="mt-1.5 space-y-1.5 border-l-2 border-term-line pl-3 text-[0.82rem] leading-relaxed text-term-text/85">
          {e.why.map((paragraph, i) => (
            <p key={i}>
              <InlineCode text={paragraph} codeClassName={CODE} />
            </p>
          ))}
        </div>
      </details>
      <p className="mt-2 text-[0.8rem] text-term-muted">
        In the manual:{' '}
        <a
          href={e.man.url}
          target="_blank"
          rel="noreferrer"
          data-testid="explanation-man"
          className="font-medium text-teal-300 underline decoration-teal-300/40 underline-offset-2 hover:text-teal-200 hover:decoration-teal-200"
        >
          {e.man.page}, “{e.man.section}”<span aria-hidden> ↗</span>
          <span className="sr-only"> (opens in a new tab)</span>
        </a>
      </p>
    </section>
  );
}

function FixCommand({ command, terminal, terminalTitle }: { command: string; terminal: string; terminalTitle: string | null }) {
  return (
    <div className="mt-1 flex items-center gap-1 rounded-md border border-term-line bg-term py-0.5 pr-1 pl-3">
      <code data-testid="fix-command" className="min-w-0 flex-1 overflow-x-auto py-1 font-mono text-[0.8rem] whitespace-pre text-term-text">
        <span aria-hidden className="mr-2 text-term-muted select-none">
          $
        </span>
        {command}
      </code>
      <CopyButton text={command} />
      <RunButton command={command} terminal={terminal} terminalTitle={terminalTitle ?? undefined} />
    </div>
  );
}
