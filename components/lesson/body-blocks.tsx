// BodyBlocks: renders a lesson body (trusted prose HTML from our Markdown, and command blocks).
import type { BodyBlock } from '../../core/lesson/schema';
import type { TerminalSpec } from '../../core/protocol';
import { CodeBlock } from './code-block';

type Props = {
  blocks: BodyBlock[];
  /** Where blocks without their own `terminal=` run: the step's terminal, else the lesson's first. */
  defaultTerminal: string | null;
  terminals: TerminalSpec[];
};

export function BodyBlocks({ blocks, defaultTerminal, terminals }: Props) {
  return (
    <div className="space-y-4">
      {blocks.map((block, i) => {
        if (block.kind === 'prose') {
          // Trusted: produced by our own lesson loader from files in lessons/, never from learners.
          return <div key={i} className="lesson-prose" dangerouslySetInnerHTML={{ __html: block.html }} />;
        }
        const terminal = block.terminal ?? defaultTerminal;
        return (
          <CodeBlock
            key={i}
            code={block.code}
            lang={block.lang}
            runnable={block.runnable}
            terminal={terminal}
            terminalTitle={terminals.find((t) => t.name === terminal)?.title}
            showTerminal={terminals.length > 1}
          />
        );
      })}
    </div>
  );
}
