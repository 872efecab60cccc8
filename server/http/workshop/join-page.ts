// The workshop's join page, rendered by the server: a form to type the join code, and the same page with a clear message after a wrong one.
import { SERVER_PAGE_STYLE } from '../server-page-style';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The shared look (server-page-style.ts), then this page's own rules. */
const STYLE = `${SERVER_PAGE_STYLE}
*{box-sizing:border-box}
main{max-width:26rem;margin:3rem auto;padding:0 1rem}
p{margin:0 0 1rem;color:var(--muted)}
.problem{padding:.75rem 1rem;border-radius:.5rem;background:var(--problem-bg);color:var(--problem);font-weight:500}
form{display:grid;gap:.5rem;padding:1.25rem;border:1px solid var(--line);border-radius:.75rem;background:var(--surface)}
label{font-weight:600}
input{font:1.25rem/1.4 ui-monospace,"DejaVu Sans Mono",monospace;letter-spacing:.12em;padding:.5rem .75rem;border:1px solid var(--line);border-radius:.5rem;background:var(--paper);color:var(--ink)}
input:focus-visible,button:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
button{justify-self:start;font:inherit;font-weight:600;padding:.5rem 1.25rem;border:0;border-radius:.5rem;background:var(--accent);color:#fff;cursor:pointer}
@media (prefers-color-scheme:dark){button{color:#0b1f1d}}
button:hover{background:var(--accent-strong)}
.forgiving input{text-transform:uppercase}
.hint{font-size:.875rem;margin:0}
`;

export type JoinPageOptions = {
  /** Why the last attempt failed (a wrong code, too many wrong codes); absent on a first visit. */
  problem?: string;
  /** What the learner typed, to correct rather than retype (never the right code: only a wrong one comes back). */
  typed?: string;
  /** The code is a generated one, typed case-blind with any spaces or dashes (see typedCode). */
  forgiving?: boolean;
};

export function joinPage({ problem, typed = '', forgiving = false }: JoinPageOptions = {}): string {
  const title = problem ? 'That join code did not work' : 'Join the workshop';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · nslab</title><style>${STYLE}</style></head>
<body><header><span>nslab</span></header>
<main id="main">
<h1>${escape(title)}</h1>
${problem ? `<p class="problem" role="alert" data-testid="join-problem">${escape(problem)}</p>` : '<p>Type the code your instructor shows, or open the join link they shared.</p>'}
<form method="get" action="/join" data-testid="join-code-form"${forgiving ? ' class="forgiving"' : ''}>
<label for="code">Join code</label>
<input id="code" name="code" required autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="64" value="${escape(typed)}"${problem ? ' aria-describedby="code-hint" autofocus' : ''}>
<p class="hint" id="code-hint">${forgiving ? 'Letters and digits; spaces, dashes and small letters are fine.' : 'Type it exactly as shown.'}</p>
<button type="submit">Join</button>
</form>
</main></body></html>`;
}
