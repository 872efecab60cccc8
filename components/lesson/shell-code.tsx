// ShellCode: a shell snippet as coloured spans, tokenized while rendering on the server (no highlighter ships to the browser).
import { highlightShell } from './highlight-shell';

/** Fence languages that are shell commands; other blocks (e.g. `text` output) stay plain. */
const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'zsh']);

export const isShellLang = (lang: string) => SHELL_LANGS.has(lang.toLowerCase());

export function ShellCode({ code }: { code: string }) {
  return highlightShell(code).map((token, i) =>
    token.kind === 'text' ? (
      token.text
    ) : (
      <span key={i} className={`sh-${token.kind}`}>
        {token.text}
      </span>
    ),
  );
}
