// The workshop's join page, rendered by the server: a form to type the join code, and the same page with a clear message after a wrong one.
const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The lab's light and dark colours (as in the web app's theme), inline: the page must work before and without the web app. */
const STYLE = `
:root{color-scheme:light dark;--paper:#f7f6f3;--surface:#fff;--line:#e4e1da;--ink:#1f1d1a;--muted:#5f5a52;--accent:#0f766e;--accent-strong:#115e59;--problem-bg:#fff1f2;--problem:#9f1239}
@media (prefers-color-scheme:dark){:root{--paper:#14161a;--surface:#1c1f24;--line:#33373e;--ink:#ecebe8;--muted:#b3ada4;--accent:#2dd4bf;--accent-strong:#5eead4;--problem-bg:#3b0d17;--problem:#fecdd3}}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;background:var(--paper);color:var(--ink);font:16px/1.5 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header{display:flex;align-items:center;height:3rem;padding:0 1rem;border-bottom:1px solid var(--line);background:var(--surface);font-weight:600}
main{max-width:26rem;margin:3rem auto;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .5rem}
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
