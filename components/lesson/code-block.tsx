// CodeBlock: a command block of a lesson, syntax-highlighted on the server, with Run (into its terminal) and Copy buttons.
import { CopyButton } from './copy-button';
import { RunButton } from './run-button';
import { isShellLang, ShellCode } from './shell-code';

type Props = {
  code: string;
  lang: string;
  runnable: boolean;
  /** Terminal the Run button types into. */
  terminal: string | null;
  terminalTitle?: string;
  /** Show the terminal's name in the block's header (when the lesson has several). */
  showTerminal: boolean;
};

export function CodeBlock({ code, lang, runnable, terminal, terminalTitle, showTerminal }: Props) {
  const text = code.replace(/\n+$/, '');
  return (
    <figure className="overflow-hidden rounded-lg border border-stone-800 bg-term text-term-text shadow-sm">
      <figcaption className="on-dark flex items-center gap-2 border-b border-term-line bg-term-raised py-1 pr-1.5 pl-3">
        <span className="font-mono text-xs text-term-muted">{lang || 'text'}</span>
        {runnable && showTerminal && terminalTitle ? <span className="rounded bg-white/5 px-1.5 py-0.5 text-xs text-term-muted">→ {terminalTitle}</span> : null}
        <span className="ml-auto flex items-center gap-1">
          <CopyButton text={text} />
          {runnable ? <RunButton command={text} terminal={terminal} terminalTitle={terminalTitle} /> : null}
        </span>
      </figcaption>
      {/* Wrapped, never scrolled sideways: nothing is cut at the right, and no scrolling region needs a tab stop of its own. */}
      <pre className="px-4 py-3 font-mono text-[0.85rem] leading-relaxed break-words whitespace-pre-wrap [overflow-wrap:anywhere]">
        {/* Copy and Run get `text` itself: the colours are only spans around the very same characters. */}
        <code>{isShellLang(lang) ? <ShellCode code={text} /> : text}</code>
      </pre>
    </figure>
  );
}
