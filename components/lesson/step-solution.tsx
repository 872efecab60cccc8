// StepSolution: the commands that complete a step, hidden until the learner asks to see them.
'use client';

import { useState } from 'react';
import { CodeBlock } from './code-block';

type Props = {
  stepId: string;
  commands: string[];
  terminal: string | null;
  terminalTitle?: string;
};

export function StepSolution({ stepId, commands, terminal, terminalTitle }: Props) {
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
      {open ? (
        <div id={regionId} className="mt-2">
          <CodeBlock
            code={commands.join('\n')}
            lang="sh"
            runnable
            terminal={terminal}
            terminalTitle={terminalTitle}
            showTerminal={false}
          />
        </div>
      ) : null}
    </div>
  );
}
