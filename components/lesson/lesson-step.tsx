// LessonStep: one numbered step of a lesson: title, body, hints and the hidden solution.
import type { LessonStep as Step } from '../../core/lesson/schema';
import type { TerminalSpec } from '../../core/protocol';
import { BodyBlocks } from './body-blocks';
import { StepHints } from './step-hints';
import { StepSolution } from './step-solution';

type Props = { step: Step; index: number; terminals: TerminalSpec[] };

export function LessonStep({ step, index, terminals }: Props) {
  const terminal = step.terminal ?? terminals[0]?.name ?? null;
  const terminalTitle = terminals.find((t) => t.name === terminal)?.title;
  const headingId = `${step.id}-title`;
  return (
    <section id={step.id} aria-labelledby={headingId} data-testid="lesson-step" className="relative scroll-mt-4">
      <h2 id={headingId} className="flex items-baseline gap-3 text-lg font-semibold text-ink">
        <span
          aria-hidden
          className="inline-flex size-7 shrink-0 items-center justify-center rounded-full bg-accent-soft text-sm font-semibold text-accent"
        >
          {index + 1}
        </span>
        <span>
          <span className="sr-only">Step {index + 1}: </span>
          {step.title}
        </span>
      </h2>
      <div className="mt-3 space-y-4 pl-10">
        <BodyBlocks blocks={step.body} defaultTerminal={terminal} terminals={terminals} />
        <div className="flex flex-col gap-3 border-t border-dashed border-line pt-3">
          <StepHints hints={step.hints} stepId={step.id} />
          <StepSolution stepId={step.id} commands={step.solution} terminal={terminal} terminalTitle={terminalTitle} />
        </div>
      </div>
    </section>
  );
}
