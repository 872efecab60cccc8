// CopyButton: copies a code block's text to the clipboard and says so for a moment.
'use client';

import { useEffect, useState } from 'react';

/** How long "Copied" stays on the button (in milliseconds). */
const FEEDBACK_MS = 1500;

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [state]);

  // Never rejects: a refused clipboard is shown on the button.
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // No async clipboard outside secure contexts or without permission: tell the learner, no crash.
      setState('failed');
    }
  };

  return (
    <button
      type="button"
      data-testid="copy-button"
      onClick={() => void copy()}
      className="rounded-md px-2 py-1 text-xs font-medium text-term-muted transition-colors hover:bg-white/10 hover:text-term-text"
    >
      {/* The visible word starts the name (axe: label-content-name-mismatch); the live part says what happened. */}
      <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}</span>
      <span className="sr-only"> command</span>
    </button>
  );
}
