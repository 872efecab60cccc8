// InlineCode: plain text from lesson frontmatter or a check's verdict, where `backticks` mark commands as in Markdown.
export function InlineCode({ text, codeClassName }: { text: string; codeClassName: string }) {
  return text.split(/`([^`]+)`/).map((part, i) =>
    i % 2 === 1 ? (
      <code key={i} className={`rounded px-1 font-mono whitespace-nowrap text-[0.85em] ${codeClassName}`}>
        {part}
      </code>
    ) : (
      part
    ),
  );
}
