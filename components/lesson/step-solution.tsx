// StepSolution: the commands that complete a step (a server-rendered code block with Run and Copy), hidden until asked for.
'use client';

import { useState, type ReactNode } from 'react';

type Props = {
  stepId: string;
  /** The solution's code block, rendered (and highlighted) on the server. */
  children: ReactNode;
};

export function StepSolution({ stepId, children }: Props) {
  const [open, setOpen] = useState(false);
  const regionId = `solution-${stepId}`;
  return (
    <div>
      <button
        type="button"
        data-testid="solution-button"
        aria-expanded={open}
        aria-controls={regionId}
        onClick={() => setOpen((o) => !o)}
        className="rounded-md px-1 text-sm font-medium text-accent underline-offset-2 hover:underline"
      >
        {open ? 'Hide solution' : 'Show solution'}
      </button>
      {/* Always in the page (hidden while closed): the button's aria-controls must point at something that exists. */}
      <div id={regionId} data-testid="step-solution" hidden={!open} className="mt-2">
        {children}
      </div>
    </div>
  );
}
