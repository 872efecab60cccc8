// The page a refused browser request gets (a wrong access token, no instructor token, too many guesses): the reason, in a page with a language, landmarks and a way back.
import { SERVER_PAGE_STYLE } from './server-page-style';
const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Headings by status: what happened, in the learner's words; the reason below says what to do. */
const HEADINGS: Record<number, string> = {
  400: 'That request was not understood',
  401: 'That link is not right',
  403: 'This page is not open to you',
  404: 'There is no such page',
  429: 'Too many tries',
};

/** The shared look (server-page-style.ts), then this page's own rules. */
const STYLE = `${SERVER_PAGE_STYLE}
header a{color:var(--ink);text-decoration:none}
main{max-width:36rem;margin:3rem auto;padding:0 1rem}
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
