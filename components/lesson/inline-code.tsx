// InlineCode: plain text from lesson frontmatter or a check's verdict, where `backticks` mark commands as in Markdown.

/**
 * Inline code never breaks inside a line that could hold it ("lsns -t / uts"): as an inline block it
 * moves to the next line whole. Only code wider than the whole line wraps, at its spaces, and a
 * single word wider than the line (a long path) at any character rather than overflowing the pane.
 * The lesson prose's Markdown code gets the same rule (LESSON_PROSE_CODE in ./lesson-view).
 */
export const INLINE_CODE_WRAP = 'inline-block max-w-full [overflow-wrap:anywhere]';

export function InlineCode({ text, codeClassName }: { text: string; codeClassName: string }) {
  return text.split(/`([^`]+)`/).map((part, i) =>
    i % 2 === 1 ? (
      <code key={i} className={`rounded px-1 font-mono text-[0.85em] ${INLINE_CODE_WRAP} ${codeClassName}`}>
        {part}
      </code>
    ) : (
      part
    ),
  );
}
