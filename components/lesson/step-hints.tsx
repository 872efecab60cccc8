// StepHints: a step's hints, revealed one at a time.
'use client';

import { useEffect, useRef, useState } from 'react';
import { InlineCode } from './inline-code';

export function StepHints({ hints, stepId }: { hints: string[]; stepId: string }) {
  const [shown, setShown] = useState(0);
  const lastHint = useRef<HTMLLIElement>(null);
  const revealedByButton = useRef(false);

  // The last reveal removes the button: hand the focus to that hint rather than drop it on the page.
  useEffect(() => {
    if (revealedByButton.current && shown === hints.length) lastHint.current?.focus();
  }, [shown, hints.length]);

  if (hints.length === 0) return null;
  const listId = `hints-${stepId}`;
  return (
    <div className="space-y-2">
      {shown > 0 ? (
        // Polite: each new hint is read out where it appears, above the button that revealed it.
        <ol id={listId} aria-live="polite" aria-label="Hints" className="space-y-2">
          {hints.slice(0, shown).map((hint, i) => (
            <li
              key={i}
              ref={i === shown - 1 ? lastHint : undefined}
              tabIndex={i === hints.length - 1 ? -1 : undefined}
              className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-950"
            >
              <span className="mr-1.5 font-semibold">Hint {i + 1}.</span>
              <InlineCode text={hint} codeClassName="bg-amber-100" />
            </li>
          ))}
        </ol>
      ) : null}
      {shown < hints.length ? (
        <button
          type="button"
          data-testid="hint-button"
          // Only a list that exists can be pointed at (axe: aria-valid-attr-value).
          aria-controls={shown > 0 ? listId : undefined}
          onClick={() => {
            revealedByButton.current = true;
            setShown((n) => n + 1);
          }}
          className="rounded-md border border-line bg-surface px-3 py-1.5 text-sm font-medium text-ink-soft hover:border-stone-400 hover:text-ink"
        >
          {shown === 0 ? 'Show a hint' : 'Show another hint'}
          <span className="ml-1 text-muted">
            ({shown + 1} of {hints.length})
          </span>
        </button>
      ) : null}
    </div>
  );
}
