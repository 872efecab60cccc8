// LessonStep: one numbered step of a lesson: body, Check with its verdict, hints and the hidden solution.
import type { LessonStep as Step } from '../../core/lesson/schema';
import type { TerminalSpec } from '../../core/protocol';
import { BodyBlocks } from './body-blocks';
import { CodeBlock } from './code-block';
import { StepCheck } from './step-check';
import { StepFrame } from './step-frame';
import { StepHints } from './step-hints';
import { StepPrediction } from './step-prediction';
import { StepSolution } from './step-solution';

type Props = { step: Step; index: number; terminals: TerminalSpec[] };

export function LessonStep({ step, index, terminals }: Props) {
  const terminal = step.terminal ?? terminals[0]?.name ?? null;
  const terminalTitle = terminals.find((t) => t.name === terminal)?.title;
  return (
    <StepFrame stepId={step.id} number={index + 1} title={step.title}>
      {/* The question comes first: the learner commits to an answer before the body's Run buttons. */}
      {step.prediction ? <StepPrediction stepId={step.id} prediction={step.prediction} /> : null}
      <BodyBlocks blocks={step.body} defaultTerminal={terminal} terminals={terminals} />
      {step.watch ? (
        <p className="text-sm text-muted" data-testid="step-watch">
          On the system call timeline, watch for <code className="font-mono">{step.watch}</code>.
        </p>
      ) : null}
      <div className="space-y-3 border-t border-dashed border-line pt-3">
        <StepCheck stepId={step.id} />
        <StepHints hints={step.hints} stepId={step.id} />
        <StepSolution stepId={step.id}>
          <CodeBlock code={step.solution.join('\n')} lang="sh" runnable terminal={terminal} terminalTitle={terminalTitle} showTerminal={terminals.length > 1} />
        </StepSolution>
      </div>
    </StepFrame>
  );
}
