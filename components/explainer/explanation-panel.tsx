// ExplanationPanel: under the terminals, the explained mistakes of the terminals on screen, and a pointer to those of hidden ones.
'use client';

import dynamic from 'next/dynamic';
import type { Explanation, TerminalSpec } from '../../core/protocol';
import { explanationsFor, type ExplanationList } from './explanation-list';

/** The cards load only once a mistake is explained: most page loads show none. */
const ExplanationCard = dynamic(() => import('./explanation-card').then((m) => m.ExplanationCard), { ssr: false });

type Props = {
  list: ExplanationList;
  terminals: readonly TerminalSpec[];
  /** Names of the terminals on screen (the active one, and the second of a split). */
  visible: readonly string[];
  onDismiss: (e: Explanation) => void;
  /** Brings a hidden terminal to the front. */
  onShowTerminal: (name: string) => void;
};

export function ExplanationPanel({ list, terminals, visible, onDismiss, onShowTerminal }: Props) {
  const titled = terminals.length > 1;
  const titleOf = (name: string) => terminals.find((t) => t.name === name)?.title ?? name;
  const shown = visible.flatMap((name) => explanationsFor(list, name));
  const hidden = terminals.filter((t) => !visible.includes(t.name) && explanationsFor(list, t.name).length > 0);
  const latest = list[0];
  return (
    <>
      {/* Announced once per new explanation; the cards themselves are landmarks to read at leisure. */}
      <div role="status" aria-live="polite" className="sr-only">
        {latest ? `Explained in ${titleOf(latest.terminal)}: ${latest.title.replace(/`/g, '')}` : ''}
      </div>
      {shown.length > 0 || hidden.length > 0 ? (
        <div data-testid="explanations" className="max-h-[55%] shrink-0 space-y-2 overflow-y-auto border-t border-term-line bg-term/95 px-3 py-2.5">
          {shown.map((e) => (
            <ExplanationCard key={`${e.terminal}:${e.id}`} explanation={e} terminalTitle={titled ? titleOf(e.terminal) : null} onDismiss={() => onDismiss(e)} />
          ))}
          {hidden.map((t) => (
            <button
              key={t.name}
              type="button"
              onClick={() => onShowTerminal(t.name)}
              className="flex w-full items-center gap-2 rounded-md border border-amber-300/25 bg-term-raised px-3 py-1.5 text-left text-sm text-amber-100 hover:border-amber-300/50"
            >
              <span aria-hidden className="size-2 rounded-full bg-amber-400" />
              {t.title} has an explanation waiting: show {t.title}
            </button>
          ))}
        </div>
      ) : null}
    </>
  );
}
