// The look of the few pages the server renders itself (join, refusals): the web app's colours, light and dark, inline, so they work without the web app.

/** Colours, page, header and heading; each page adds its own rules after it. */
export const SERVER_PAGE_STYLE = `
:root{color-scheme:light dark;--paper:#f7f6f3;--surface:#fff;--line:#e4e1da;--ink:#1f1d1a;--muted:#5f5a52;--accent:#0f766e;--accent-strong:#115e59;--problem-bg:#fff1f2;--problem:#9f1239}
@media (prefers-color-scheme:dark){:root{--paper:#14161a;--surface:#1c1f24;--line:#33373e;--ink:#ecebe8;--muted:#b3ada4;--accent:#2dd4bf;--accent-strong:#5eead4;--problem-bg:#3b0d17;--problem:#fecdd3}}
body{margin:0;min-height:100vh;background:var(--paper);color:var(--ink);font:16px/1.5 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header{display:flex;align-items:center;height:3rem;padding:0 1rem;border-bottom:1px solid var(--line);background:var(--surface);font-weight:600}
h1{font-size:1.5rem;margin:0 0 .5rem}
`;
