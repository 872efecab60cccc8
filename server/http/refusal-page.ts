// The page a refused browser request gets (a wrong access token, no instructor token, too many guesses): the reason, in a page with a language, landmarks and a way back.
const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Headings by status: what happened, in the learner's words; the reason below says what to do. */
const HEADINGS: Record<number, string> = {
  400: 'That request was not understood',
  401: 'That link is not right',
  403: 'This page is not open to you',
  404: 'There is no such page',
  429: 'Too many tries',
};

/** Inline (the page must work without the web app), light and dark like the web app's theme. */
const STYLE = `
:root{color-scheme:light dark;--paper:#f7f6f3;--surface:#fff;--line:#e4e1da;--ink:#1f1d1a;--muted:#5f5a52;--accent:#0f766e}
@media (prefers-color-scheme:dark){:root{--paper:#14161a;--surface:#1c1f24;--line:#33373e;--ink:#ecebe8;--muted:#b3ada4;--accent:#2dd4bf}}
body{margin:0;min-height:100vh;background:var(--paper);color:var(--ink);font:16px/1.5 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header{display:flex;align-items:center;height:3rem;padding:0 1rem;border-bottom:1px solid var(--line);background:var(--surface);font-weight:600}
header a{color:var(--ink);text-decoration:none}
main{max-width:36rem;margin:3rem auto;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .5rem}
p{margin:0 0 1.25rem;color:var(--muted)}
.status{font:600 .875rem ui-monospace,monospace;color:var(--accent);margin:0 0 .25rem}
main a{color:var(--accent);font-weight:600}
a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
`;

export function refusalPage(status: number, reason: string): string {
  const heading = HEADINGS[status] ?? 'The lab refused this request';
  // Reasons are written lower-case to follow a colon elsewhere (logs, sockets); here they are a sentence.
  const sentence = reason.charAt(0).toUpperCase() + reason.slice(1) + (/[.!?]$/.test(reason) ? '' : '.');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(heading)} · nslab</title><style>${STYLE}</style></head>
<body><header><a href="/">nslab</a></header>
<main id="main">
<p class="status">${status}</p>
<h1>${escape(heading)}</h1>
<p data-testid="refusal-reason">${escape(sentence)}</p>
<a href="/">Back to the lessons</a>
</main></body></html>`;
}
