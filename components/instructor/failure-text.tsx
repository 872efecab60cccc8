// FailureText: a check's reason as the learner read it, with `backticked` words as inline code.
import { codeSpans } from './room';

export function FailureText({ text }: { text: string }) {
  return (
    <>
      {codeSpans(text).map((part, i) =>
        part.code ? (
          <code key={i} className="rounded bg-paper px-1 font-mono text-[0.95em]">
            {part.text}
          </code>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}
