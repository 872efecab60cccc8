// The UTS lesson finished on a phone (390×844) in real Chromium: tabs in view, the terminal folded away to read and back to run, every step passing by itself.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, waitForTerminalText } from './support/browser';
import type { LabProcess } from './support/lab-process';
import { withLabInBrowser } from './support/lab-in-browser';
import { lessonStep, passesByItself } from './support/lesson-steps';

const PHONE = { width: 390, height: 844 };

describe('the UTS lesson on a phone', () => {
  let lab: LabProcess;
  let page: Page;

  withLabInBrowser((env) => {
    ({ lab, page } = env);
  }, PHONE);

  /** Elements matching `selector` that are drawn with a size and lie wholly inside the viewport. */
  const inView = (selector: string) =>
    page.locator(selector).evaluateAll(
      (els, vw) =>
        els.filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= vw;
        }).length,
      PHONE.width,
    );

  const pageOverflows = () => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

  it('opens with the terminal tabs and "+" visible and nothing wider than the screen', async () => {
    await page.goto(`${lab.origin}/lessons/uts?testhooks=1`);
    await waitForTerminalText(page, 'one', /root@lab:~# $/m, 30_000);
    await expect(inView('[role="tab"]')).resolves.toBe(2);
    await expect(inView('[data-testid="add-terminal"]')).resolves.toBe(1);
    await expect(pageOverflows()).resolves.toBe(false);
  });

  it('every step with Show solution, Run and Next step; each passes by itself', async () => {
    const total = await page.getByTestId('lesson-step').count();
    expect(total).toBe(6);
    const fold = page.getByRole('button', { name: /Hide terminal|Show terminal/ });
    for (let i = 0; i < total; i++) {
      const step = lessonStep(page, i);
      // Reading comes first on a small screen: the terminal folds away, and comes back to run the step.
      if (i === 1) {
        await fold.click();
        await expect(fold.getAttribute('aria-expanded')).resolves.toBe('false');
        await step.scrollIntoViewIfNeeded();
        await screenshot(page, 'phone-reading-terminal-folded');
        await fold.click();
        await expect(fold.getAttribute('aria-expanded')).resolves.toBe('true');
      }
      await step.getByTestId('solution-button').click();
      await step.getByTestId('step-solution').getByTestId('run-button').click();
      await passesByItself(step);
      await step.getByTestId('next-step').click();
    }
    await page.getByTestId('lesson-complete').waitFor();
    await expect(pageOverflows()).resolves.toBe(false);
    await screenshot(page, 'phone-lesson-complete');
  });
});
