// The lesson at four window sizes (1920, 1280, 1024, a 390-wide phone) and in both themes, in real Chromium.
import { describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { MIN_SPLIT_COLS, MIN_SPLIT_ROWS } from '../components/terminal/terminal-panel/split-layout';
import { blockingViolations } from './support/axe';
import { screenshot, waitForTerminalText } from './support/browser';
import type { LabProcess } from './support/lab-process';
import { withLabInBrowser } from './support/lab-in-browser';

const VIEWPORTS = [
  { name: 'desktop-1920', width: 1920, height: 1080 },
  { name: 'laptop-1280', width: 1280, height: 800 },
  { name: 'tablet-1024', width: 1024, height: 768 },
  { name: 'phone-390', width: 390, height: 844 },
] as const;

type Scheme = 'light' | 'dark';
type Terminals = Record<string, { cols: number; rows: number }>;

describe('layouts and themes in Chromium', () => {
  let lab: LabProcess;
  let browser: Browser;

  withLabInBrowser((env) => {
    ({ lab, browser } = env);
  });

  /** A fresh learner (own context) with the lesson open and its terminal live; the context is closed after `use`. */
  async function withLesson(viewport: { width: number; height: number }, colorScheme: Scheme, use: (page: Page) => Promise<void>): Promise<void> {
    const context = await browser.newContext({ viewport, colorScheme });
    try {
      const page = await context.newPage();
      await page.goto(`${lab.origin}/lessons/uts?testhooks=1`);
      await page.locator('[data-testid="connection-state"][data-state="live"]').first().waitFor({ timeout: 30_000 });
      await waitForTerminalText(page, 'one', /root@lab:~# $/m);
      await use(page);
    } finally {
      await context.close();
    }
  }

  /** Visible, with a size, inside the window and not covered by anything else (the point at its centre is its own). */
  async function expectOnScreen(page: Page, control: Locator, what: string): Promise<void> {
    const box = await control.boundingBox();
    const view = page.viewportSize()!;
    expect(box, `${what} has a box`).not.toBeNull();
    expect(box!.width, `${what} width`).toBeGreaterThan(8);
    expect(box!.height, `${what} height`).toBeGreaterThan(8);
    expect(box!.x >= 0 && box!.y >= 0 && box!.x + box!.width <= view.width && box!.y + box!.height <= view.height, `${what} inside the window: ${JSON.stringify(box)}`).toBe(true);
    const hit = await control.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return top !== null && (el === top || el.contains(top));
    });
    expect(hit, `${what} is not covered`).toBe(true);
  }

  /** Elements outside the terminal that scroll sideways (or the page itself): none may, at any width. */
  const sidewaysOverflow = (page: Page) =>
    page.evaluate(() => {
      const found: string[] = [];
      const root = document.documentElement;
      if (root.scrollWidth > root.clientWidth) found.push(`the page (${root.scrollWidth} > ${root.clientWidth})`);
      for (const el of document.querySelectorAll('main *')) {
        if (el.closest('[data-testid="terminal-dock"]')) continue;
        const overflowX = getComputedStyle(el).overflowX;
        if ((overflowX === 'auto' || overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) found.push(`${el.tagName.toLowerCase()}.${el.className}`);
      }
      return found;
    });

  const terminalSizes = (page: Page) => page.evaluate(() => (window as unknown as { __nslabTerminals: Terminals }).__nslabTerminals);

  for (const viewport of VIEWPORTS) {
    it(`${viewport.name}: the terminal tabs and + are on screen, nothing scrolls sideways, Split keeps both terminals usable`, async () => {
      await withLesson(viewport, 'light', async (page) => {
        const tabs = page.getByRole('tab');
        await expect(tabs.count()).resolves.toBe(2);
        await expectOnScreen(page, page.getByRole('tab', { name: 'Terminal 1' }), 'tab Terminal 1');
        await expectOnScreen(page, page.getByRole('tab', { name: 'Terminal 2' }), 'tab Terminal 2');
        await expectOnScreen(page, page.getByTestId('add-terminal'), '+');
        // "+" sits beside the tablist, not in it (only tabs may be in a tablist).
        await expect(page.locator('[role="tablist"] [data-testid="add-terminal"]').count()).resolves.toBe(0);
        await expect(sidewaysOverflow(page)).resolves.toEqual([]);
        await screenshot(page, `layout-${viewport.name}-light`);

        const single = (await terminalSizes(page)).one!;
        const toggle = page.getByTestId('split-toggle');
        const room = await toggle.getAttribute('data-room');
        // A refused Split stays focusable and clickable (aria-disabled), so the click is forced past Playwright's enabled check.
        await toggle.click({ force: true });
        if (room === 'none') {
          // Refused, with the reason in its description; one terminal stays on show.
          await expect(toggle.getAttribute('aria-disabled')).resolves.toBe('true');
          await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('false');
          await expect(page.locator(`[id="${await toggle.getAttribute('aria-describedby')}"]`).textContent()).resolves.toMatch(/80 columns/);
        } else {
          await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('true');
          await page.waitForFunction(
            ({ r, cols, rows }) => {
              const t = (window as unknown as { __nslabTerminals: Terminals }).__nslabTerminals;
              return r === 'side' ? t.one!.cols >= cols && t.two!.cols >= cols : t.one!.rows >= rows && t.two!.rows >= rows && t.two!.cols === t.one!.cols;
            },
            { r: room, cols: MIN_SPLIT_COLS, rows: MIN_SPLIT_ROWS },
          );
          const split = await terminalSizes(page);
          // Stacked, each keeps the full width: as many columns as the single terminal had.
          if (room === 'stacked') expect(split.one!.cols).toBe(single.cols);
          await screenshot(page, `layout-${viewport.name}-split-${room}`);
          await toggle.click();
        }
      });
    });
  }

  it('phone: the terminal folds away and comes back, still live', async () => {
    await withLesson(VIEWPORTS[3], 'light', async (page) => {
      const fold = page.getByTestId('terminal-fold');
      const dock = page.getByTestId('terminal-dock');
      await expectOnScreen(page, fold, 'the fold button');
      await expect(fold.getAttribute('aria-expanded')).resolves.toBe('true');
      const open = (await dock.boundingBox())!.height;
      await fold.click();
      await expect(fold.getAttribute('aria-expanded')).resolves.toBe('false');
      await expect(fold.textContent()).resolves.toBe('Show terminal');
      const folded = (await dock.boundingBox())!.height;
      expect(folded).toBeLessThan(60);
      expect(open - folded).toBeGreaterThan(200);
      await expect(page.locator('[data-testid="terminal"][data-terminal-name="one"]').isVisible()).resolves.toBe(false);
      await expect(sidewaysOverflow(page)).resolves.toEqual([]);
      await screenshot(page, 'layout-phone-390-folded');

      await fold.click();
      await expect(fold.getAttribute('aria-expanded')).resolves.toBe('true');
      await expectOnScreen(page, page.getByRole('tab', { name: 'Terminal 1' }), 'tab Terminal 1 after unfolding');
      await page.locator('[data-testid="terminal"][data-terminal-name="one"] .xterm').click();
      await page.keyboard.type('echo unfolded-$((6*7))');
      await page.keyboard.press('Enter');
      await waitForTerminalText(page, 'one', /^unfolded-42$/m);
    });
  });

  /** The page's background luminance (0 black … 1 white), from the body's computed colour. */
  const backgroundLuminance = async (page: Page) => {
    const colour = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    // A transparent body (no stylesheet yet) would read as black: say so instead.
    if (!/^rgb\(/.test(colour)) throw new Error(`the page's background is ${colour}, not an opaque colour`);
    const [r, g, b] = (colour.match(/[\d.]+/g) ?? []).map(Number).map((c) => c / 255);
    const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
  };

  async function chooseTheme(page: Page, choice: 'system' | 'light' | 'dark'): Promise<void> {
    await page.getByTestId('theme-switch').click();
    await page.getByTestId(`theme-option-${choice}`).click();
    await expect(page.getByTestId('theme-switch').getAttribute('data-choice')).resolves.toBe(choice);
  }

  it('dark: follows the system before the first paint, at every width, with readable contrast', async () => {
    for (const viewport of VIEWPORTS) {
      await withLesson(viewport, 'dark', async (page) => {
        expect(await backgroundLuminance(page)).toBeLessThan(0.05);
        await screenshot(page, `layout-${viewport.name}-dark`);
        if (viewport.width === 1280) {
          const contrast = (await blockingViolations(page)).filter((v) => v.includes('color-contrast'));
          expect(contrast, contrast.join('\n')).toEqual([]);
        }
      });
    }
    // The class is on <html> before <body> exists, so no light frame is ever painted.
    const context = await browser.newContext({ colorScheme: 'dark' });
    try {
      const page = await context.newPage();
      await page.addInitScript(() => {
        const w = window as unknown as { __darkAtBody?: boolean };
        new MutationObserver((_, observer) => {
          if (!document.body) return;
          w.__darkAtBody = document.documentElement.classList.contains('dark');
          observer.disconnect();
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(lab.url);
      await expect(page.evaluate(() => (window as unknown as { __darkAtBody?: boolean }).__darkAtBody)).resolves.toBe(true);
      const contrast = (await blockingViolations(page)).filter((v) => v.includes('color-contrast'));
      expect(contrast, contrast.join('\n')).toEqual([]);
      await screenshot(page, 'catalogue-dark');
    } finally {
      await context.close();
    }
  });

  it('the theme switch overrides the system both ways and survives a reload; System follows it live', async () => {
    for (const [system, chosen] of [
      ['dark', 'light'],
      ['light', 'dark'],
    ] as const) {
      const context: BrowserContext = await browser.newContext({ colorScheme: system, viewport: { width: 1280, height: 800 } });
      try {
        const page = await context.newPage();
        // Every state of <html>'s dark class on each load once <body> exists: a flash would show as a change.
        await page.addInitScript(() => {
          const w = window as unknown as { __darkStates: boolean[] };
          w.__darkStates = [];
          const record = () => {
            if (!document.body) return;
            const now = document.documentElement.classList.contains('dark');
            if (w.__darkStates.at(-1) !== now) w.__darkStates.push(now);
          };
          new MutationObserver(record).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
        });
        const darkStates = () => page.evaluate(() => (window as unknown as { __darkStates: boolean[] }).__darkStates);
        const hydrated = (choice: string) => page.locator(`[data-testid="theme-switch"][data-choice="${choice}"]`).waitFor();
        await page.goto(lab.url);
        const dark = () => page.evaluate(() => document.documentElement.classList.contains('dark'));
        await expect(dark()).resolves.toBe(system === 'dark');
        await chooseTheme(page, chosen);
        await expect(dark()).resolves.toBe(chosen === 'dark');
        expect((await backgroundLuminance(page)) < 0.05).toBe(chosen === 'dark');
        await page.reload();
        await hydrated(chosen);
        await expect(dark()).resolves.toBe(chosen === 'dark');
        // Set once by the head script, never flipped by the page's own code after hydration.
        await expect(darkStates()).resolves.toEqual([chosen === 'dark']);
        await chooseTheme(page, 'system');
        await expect(dark()).resolves.toBe(system === 'dark');
        await page.reload();
        await hydrated('system');
        await expect(dark()).resolves.toBe(system === 'dark');
        // Following the system means following it live, too (an evening switch to dark).
        await page.emulateMedia({ colorScheme: system === 'dark' ? 'light' : 'dark' });
        await page.waitForFunction((wantDark) => document.documentElement.classList.contains('dark') === wantDark, system !== 'dark');
      } finally {
        await context.close();
      }
    }
  });
});
