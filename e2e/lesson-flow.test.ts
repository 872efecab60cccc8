// The lesson page waits for the learner, in real Chromium: a step that passes by itself is marked where it stands, nothing scrolls, the sticky progress bar counts it, and "Next step" moves on only when asked; verdicts name terminals as their tabs do.
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { screenshot, typeInto, waitForTerminalText } from './support/browser';
import type { LabProcess } from './support/lab-process';
import { withLabInBrowser } from './support/lab-in-browser';

/** How long a step may take to pass by itself after its command was typed (in milliseconds): settling, the probe. */
const AUTOMATIC_PASS_MS = 15_000;

describe('a lesson page that waits for the learner', () => {
  let lab: LabProcess;
  let page: Page;

  withLabInBrowser((env) => {
    ({ lab, page } = env);
  });

  const step = (id: string) => page.locator(`[data-testid="lesson-step"][data-step-id="${id}"]`);
  const sticky = () => page.getByTestId('lesson-progress-sticky');
  const passedBy = (id: string) => page.locator(`[data-testid="lesson-step"][data-step-id="${id}"][data-state="passed"]`).waitFor({ timeout: AUTOMATIC_PASS_MS });

  /** Marks the lesson's scroll container (the nearest scrolling ancestor of the steps) and counts its scroll events from now on. */
  const watchScroller = () =>
    page.evaluate(() => {
      let el = document.querySelector('[data-testid="lesson-step"]')?.parentElement ?? null;
      while (el && !(/(auto|scroll)/.test(getComputedStyle(el).overflowY) && el.scrollHeight > el.clientHeight)) el = el.parentElement;
      if (!el) throw new Error('the lesson has no scroll container');
      el.setAttribute('data-e2e-scroller', '');
      const w = window as unknown as { __scrolls: number };
      w.__scrolls = 0;
      el.addEventListener('scroll', () => w.__scrolls++);
    });
  const scroller = () => page.locator('[data-e2e-scroller]');
  const scrollState = () => scroller().evaluate((el) => ({ top: el.scrollTop, events: (window as unknown as { __scrolls: number }).__scrolls }));
  /** Lets a frame or three render, so a scroll started by the last change would have fired its first event. */
  const nextFrames = () => page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => r())))));
  /** Where an element is against the scroll container's visible top (in CSS pixels). */
  const offsetFromTop = (el: Locator) => el.evaluate((node) => node.getBoundingClientRect().top - document.querySelector('[data-e2e-scroller]')!.getBoundingClientRect().top);

  it('opens the UTS lesson scrolled to step 1, the progress bar stuck to the top', async () => {
    await page.goto(`${lab.origin}/lessons/uts?testhooks=1`);
    await page.locator('[data-testid="connection-state"][data-state="live"]').first().waitFor({ timeout: 30_000 });
    await waitForTerminalText(page, 'one', /root@lab:~# $/m);
    await watchScroller();
    // The learner reads step 1: its heading at the top, the header scrolled away.
    await step('look').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    expect((await scrollState()).top).toBeGreaterThan(0);
    expect(Math.abs(await offsetFromTop(sticky()))).toBeLessThanOrEqual(1);
    await expect(sticky().textContent()).resolves.toContain('0 of 6 steps');
  });

  it('marks a step passed by typing in place: no scroll, the sticky bar counts it, the announcement says it', async () => {
    const before = await scrollState();
    await typeInto(page, 'one', 'readlink /proc/$$/ns/uts');
    await passedBy('look');
    await nextFrames();
    await expect(step('look').getAttribute('data-just-passed')).resolves.toBe('true');
    await expect(step('look').getByTestId('step-passed').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('progress-announcement').textContent()).resolves.toContain('Step 1 passed.');
    await expect(sticky().textContent()).resolves.toContain('1 of 6 steps');
    expect(Math.abs(await offsetFromTop(sticky()))).toBeLessThanOrEqual(1);
    expect(await scrollState()).toEqual(before);
    await screenshot(page, 'lesson-flow-step-passed-in-place');
  });

  it('moves to the next step only when asked, with the focus on its heading', async () => {
    await step('look').getByTestId('next-step').click();
    await page.waitForFunction(() => document.activeElement?.id === 'one-shot-title');
    // Scrolled (smoothly) until step 2 sits just below the sticky bar.
    const bar = await sticky().evaluate((el) => el.getBoundingClientRect().height);
    await page.waitForFunction((barHeight) => {
      const top = document.getElementById('one-shot')!.getBoundingClientRect().top - document.querySelector('[data-e2e-scroller]')!.getBoundingClientRect().top;
      return top >= barHeight - 1 && top <= barHeight + 80;
    }, bar);
    expect((await scrollState()).events).toBeGreaterThan(0);
    expect(Math.abs(await offsetFromTop(sticky()))).toBeLessThanOrEqual(1);
    await expect(page.evaluate(() => location.hash)).resolves.toBe('#one-shot');
    await screenshot(page, 'lesson-flow-next-step');
  });

  it('names the second terminal "Terminal 2" in verdicts, failed and passed', async () => {
    await typeInto(page, 'one', "unshare --uts sh -c 'hostname foo; hostname'");
    await passedBy('one-shot');
    await typeInto(page, 'one', 'unshare --uts bash');
    await typeInto(page, 'one', 'hostname web1');
    await passedBy('stay-inside');

    const lookIn = step('look-in');
    await lookIn.getByTestId('check-button').click();
    const failed = lookIn.locator('[data-testid="step-verdict"][data-passed="false"]');
    await failed.waitFor();
    const failedText = (await failed.textContent()) ?? '';
    expect(failedText).toContain('Terminal 2');
    expect(failedText).not.toMatch(/\btwo\b/);

    await page.getByRole('tab', { name: 'Terminal 2' }).click();
    await waitForTerminalText(page, 'two', /root@lab:~# $/m);
    await typeInto(page, 'two', "nsenter --target $(lsns -t uts -n -o PID,NS | grep -v $(stat -Lc %i /proc/$$/ns/uts) | awk '{print $1}') --uts hostname");
    await passedBy('look-in');
    const passed = lookIn.locator('[data-testid="step-verdict"][data-passed="true"]');
    await passed.waitFor();
    const passedText = (await passed.textContent()) ?? '';
    expect(passedText).toContain('Terminal 2');
    expect(passedText).not.toMatch(/\btwo\b|"one"|"two"/);
    await expect(sticky().textContent()).resolves.toContain('4 of 6 steps');
  });
});
