// Navigation → usable prompt in Chromium: a lesson page loaded in a fresh browser context (cold HTTP cache) and again with the cache primed (warm), each time as a new learner with a new sandbox.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../e2e/support/browser';
import { ensureBuild } from '../server/web/ensure-build';
import { startLabProcess, type LabProcess } from '../test/support/lab-process';
import { percentile, summarize, type Summary } from './stats';

/** Longest one page load may take to a usable prompt (in milliseconds) before the run fails. */
const LOAD_TIMEOUT_MS = 30_000;

/**
 * Times of one page load, each in milliseconds from the navigation's start (the page's own
 * `performance.now()`, whose origin is the navigation start; Performance API, not a CDP round trip).
 */
export type LoadTimings = {
  /** The HTML's last byte arrived. */
  htmlMs: number;
  /** DOMContentLoaded ended: the first-load scripts have run. */
  domContentLoadedMs: number;
  /** The page's socket.io connection's WebSocket opened (NaN when it did not use one). */
  socketOpenMs: number;
  /** The terminal stream's WebSocket opened. */
  streamOpenMs: number;
  /** An xterm terminal existed on the page. */
  terminalMs: number;
  /** The terminal's cursor line ended in a prompt (`# ` or `$ `). */
  promptMs: number;
  /** The key typed at that prompt reached the page (keydown): what the harness adds lies between promptMs and this. */
  keyMs: number;
  /** The first key typed at that prompt came back as its echo: the prompt is usable. */
  usableMs: number;
};

/** A Summary with the 95th percentile (nearest rank) beside its p50. */
export type Spread = Summary & { p95: number };

export type PhaseSummary = { [K in keyof LoadTimings]: Spread };

export type PageToPrompt = {
  path: string;
  loads: number;
  /** Fresh browser context: empty HTTP cache, new learner, new session. */
  cold: PhaseSummary;
  /** The same context after the cold load, cookies cleared: primed HTTP cache, new learner, new session. */
  warm: PhaseSummary;
  /** JavaScript the cold load asked for before its prompt showed (Resource Timing: transferred = on the wire, headers included; unpacked = decoded). */
  script: { files: number; transferredBytes: number; unpackedBytes: number; urls: string[] };
};

/**
 * Records in the page, every animation frame, when an xterm terminal first exists and when its cursor line
 * first ends in a prompt, and when each WebSocket opens. Needs the page's test hooks (`?testhooks=1`),
 * which only publish the terminals; the page loads and runs the same code without them.
 */
function pageProbe(): void {
  type Line = { translateToString(trim: boolean): string };
  type Term = { buffer: { active: { baseY: number; cursorY: number; getLine(i: number): Line | undefined } } };
  const marks: Record<string, number> = {};
  (window as unknown as { __benchMarks: Record<string, number> }).__benchMarks = marks;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      const kind = String(url).includes('/socket.io/') ? 'socketOpenMs' : 'streamOpenMs';
      this.addEventListener('open', () => (marks[kind] ??= performance.now()));
    }
  };
  const cursorLine = (): string | undefined => {
    const terms = (window as unknown as { __nslabTerminals?: Record<string, Term> }).__nslabTerminals;
    const term = terms && Object.values(terms)[0];
    if (!term) return undefined;
    marks.terminalMs ??= performance.now();
    const b = term.buffer.active;
    return b.getLine(b.baseY + b.cursorY)?.translateToString(false);
  };
  const watch = () => {
    const line = cursorLine();
    const shown = line?.trimEnd();
    if (shown !== undefined && /[#$]$/.test(shown) && marks.promptMs === undefined) {
      marks.promptMs = performance.now();
      // Where a learner's click would put the keyboard; the harness then types one key (one CDP call, no locator checks).
      document.querySelector<HTMLTextAreaElement>('.xterm-helper-textarea')?.focus();
    }
    if (shown !== undefined && /[#$] :$/.test(shown)) marks.usableMs ??= performance.now();
    if (marks.usableMs === undefined) requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
  document.addEventListener('keydown', () => (marks.keyMs ??= performance.now()), true);
}

/** One load of `url` in `page`: navigation until the first key typed at the prompt echoes. */
async function loadOnce(page: Page, url: string): Promise<{ timings: LoadTimings; scripts: ScriptSeen[] }> {
  await page.goto(url, { waitUntil: 'commit', timeout: LOAD_TIMEOUT_MS });
  await page.waitForFunction(() => (window as unknown as { __benchMarks?: Record<string, number> }).__benchMarks?.promptMs !== undefined, null, { timeout: LOAD_TIMEOUT_MS, polling: 'raf' });
  // `:` is the shell's no-op: harmless if Enter ever followed it.
  await page.keyboard.press(':');
  await page.waitForFunction(() => (window as unknown as { __benchMarks?: Record<string, number> }).__benchMarks?.usableMs !== undefined, null, { timeout: LOAD_TIMEOUT_MS, polling: 'raf' });
  return page.evaluate(() => {
    const marks = (window as unknown as { __benchMarks: Record<string, number> }).__benchMarks;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    // Resource Timing: every script the page asked for before its prompt showed, with its sizes.
    const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((r) => r.initiatorType === 'script' || (r.initiatorType === 'link' && /\.js(\?|$)/.test(r.name)) || /\/_next\/static\/.*\.js(\?|$)/.test(r.name))
      .filter((r) => r.startTime < marks.promptMs!)
      .map((r) => ({ url: new URL(r.name).pathname, transferred: r.transferSize, unpacked: r.decodedBodySize }));
    const timings = {
      htmlMs: nav.responseEnd,
      domContentLoadedMs: nav.domContentLoadedEventEnd,
      socketOpenMs: marks.socketOpenMs ?? Number.NaN,
      streamOpenMs: marks.streamOpenMs ?? Number.NaN,
      terminalMs: marks.terminalMs!,
      promptMs: marks.promptMs!,
      keyMs: marks.keyMs!,
      usableMs: marks.usableMs!,
    };
    return { timings, scripts: [...new Map(scripts.map((x) => [x.url, x])).values()] };
  });
}

export type ScriptSeen = { url: string; transferred: number; unpacked: number };

/** One round: a new browser context loads the page cold, then (cookies cleared: a new learner, a new session) warm. */
export async function pageRound(browser: Browser, url: string): Promise<{ cold: LoadTimings; warm: LoadTimings; scripts: ScriptSeen[] }> {
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    // tsx's compiler wraps named functions in `__name(...)`, a helper the page lacks: define it as the identity.
    await context.addInitScript({ content: `var __name = (f) => f; (${pageProbe.toString()})();` });
    const page = await context.newPage();
    const first = await loadOnce(page, url);
    await page.close();
    await context.clearCookies();
    const second = await loadOnce(await context.newPage(), url);
    return { cold: first.timings, warm: second.timings, scripts: first.scripts };
  } finally {
    await context.close();
  }
}

const spread = (samples: number[]): Spread => ({ ...summarize(samples), p95: percentile(samples, 95) });

const summarizePhases = (loads: LoadTimings[]): PhaseSummary =>
  Object.fromEntries((Object.keys(loads[0]!) as (keyof LoadTimings)[]).map((k) => [k, spread(loads.map((l) => l[k]).filter(Number.isFinite))])) as PhaseSummary;

/**
 * `rounds` rounds, after one uncounted round (the server's first render of the page): each a new
 * browser context loading the page cold, then, cookies cleared (a new learner, so a new session and
 * sandbox), warm from the HTTP cache the cold load filled. Cold and warm alternate, like with like.
 */
export async function measurePageToPrompt(origin: string, rounds: number, pagePath = '/lessons/uts'): Promise<PageToPrompt> {
  const url = new URL(`${pagePath}?testhooks=1`, origin).toString();
  const browser: Browser = await launchBrowser();
  const cold: LoadTimings[] = [];
  const warm: LoadTimings[] = [];
  let script: PageToPrompt['script'] | null = null;
  try {
    for (let round = 0; round <= rounds; round++) {
      const r = await pageRound(browser, url);
      if (round === 0) continue;
      cold.push(r.cold);
      warm.push(r.warm);
      script ??= {
        files: r.scripts.length,
        transferredBytes: r.scripts.reduce((a, x) => a + x.transferred, 0),
        unpackedBytes: r.scripts.reduce((a, x) => a + x.unpacked, 0),
        urls: r.scripts.map((x) => x.url),
      };
    }
  } finally {
    await browser.close();
  }
  return { path: pagePath, loads: rounds, cold: summarizePhases(cold), warm: summarizePhases(warm), script: script! };
}

/** Builds the web app if needed and runs the page-to-prompt measure against a sandbox lab serving pages. */
export async function pageToPrompt(root: string, rounds: number, env: Record<string, string>, track: (lab: LabProcess) => void): Promise<PageToPrompt> {
  if (!ensureBuild(root, (m) => process.stdout.write(`  ${m}\n`))) throw new Error('the web app failed to build');
  const lab = await startLabProcess({ ...env, NSLAB_MACHINE: 'sandbox' });
  track(lab);
  try {
    return await measurePageToPrompt(lab.origin, rounds);
  } finally {
    await lab.stop();
  }
}

type Row = { what: string; nslab: string; raw: string; ratio: string; target: string; met: boolean | null };

const ms = (v: number) => `${v.toFixed(0)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

/** The table rows: cold and warm p50 / p95, the cold load's phases, and the JavaScript weighed. */
export function pageToPromptRows(p: PageToPrompt): Row[] {
  const pair = (s: Spread) => `${ms(s.p50)} / ${ms(s.p95)}`;
  return [
    {
      what: `navigation → usable prompt, Chromium, cold cache (p50 / p95, ${p.loads} loads)`,
      nslab: pair(p.cold.usableMs),
      raw: '',
      ratio: '',
      target: 'p50 ≤ 1000 ms',
      met: p.cold.usableMs.p50 <= 1000,
    },
    { what: '  warm cache, same loads (p50 / p95)', nslab: pair(p.warm.usableMs), raw: '', ratio: '', target: 'p50 ≤ 1000 ms', met: p.warm.usableMs.p50 <= 1000 },
    {
      what: '  cold: HTML / scripts run / socket / stream / xterm / prompt (p50)',
      nslab: [p.cold.htmlMs, p.cold.domContentLoadedMs, p.cold.socketOpenMs, p.cold.streamOpenMs, p.cold.terminalMs, p.cold.promptMs].map((s) => s.p50.toFixed(0)).join(' / ') + ' ms',
      raw: '',
      ratio: '',
      target: '',
      met: null,
    },
    {
      what: `  JavaScript before the prompt, cold (${p.script.files} files): transferred / unpacked`,
      nslab: `${kb(p.script.transferredBytes)} / ${kb(p.script.unpackedBytes)}`,
      raw: '',
      ratio: '',
      target: '',
      met: null,
    },
  ];
}
