// Completing the UTS lesson in real Chromium by clicking buttons only: Check (failing first), the solution's Run, the automatic checks.
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { screenshot, waitForTerminalText } from './support/browser';
import type { LabProcess } from './support/lab-process';
import { withLabInBrowser } from './support/lab-in-browser';

/** How long a step may take to pass by itself after its solution ran (in milliseconds): typing, settling, the probe. */
const AUTOMATIC_PASS_MS = 8_000;

describe('completing the UTS lesson with its buttons', () => {
  let lab: LabProcess;
  let page: Page;
  /** Steps that did not pass by themselves and needed the Check button. */
  const checkedByHand: string[] = [];

  withLabInBrowser((env) => {
    ({ lab, page } = env);
  });

  const steps = () => page.getByTestId('lesson-step');
  const progress = () => page.getByTestId('lesson-progress');
  const verdictOf = (step: Locator) => step.getByTestId('step-verdict');

  /** Clicks a step's Check button and waits for the verdict it brings back (not an earlier one still shown). */
  const check = async (step: Locator) => {
    // The verdict is unmounted while a check runs, so the next one is a new element without this mark.
    await step.evaluate((el) => el.querySelector('[data-testid="step-verdict"]')?.setAttribute('data-stale', ''));
    await step.getByTestId('check-button').click();
    await step.locator('[data-testid="step-verdict"]:not([data-stale])').waitFor();
    return { passed: await verdictOf(step).getAttribute('data-passed'), text: (await verdictOf(step).textContent()) ?? '' };
  };

  it('opens the lesson with no step passed and step 1 in focus', async () => {
    await page.goto(`${lab.origin}/lessons/uts?testhooks=1`);
    await page.locator('[data-testid="connection-state"][data-state="live"]').first().waitFor({ timeout: 30_000 });
    await waitForTerminalText(page, 'one', /root@lab:~# $/m);
    await page.locator('[data-testid="check-button"]:not([disabled])').first().waitFor();
    const total = await steps().count();
    expect(total).toBe(6);
    await expect(progress().getAttribute('data-passed')).resolves.toBe('0');
    await expect(progress().getAttribute('data-total')).resolves.toBe(String(total));
    await expect(progress().textContent()).resolves.toContain(`0 of ${total} steps`);
    await expect(steps().first().getAttribute('data-current')).resolves.toBe('true');
    await expect(page.getByTestId('lesson-complete').count()).resolves.toBe(0);
  });

  it('does every step: Check fails with a reason first, then the solution passes it', async () => {
    const total = await steps().count();
    for (let i = 0; i < total; i++) {
      const step = steps().nth(i);
      const id = (await step.getAttribute('data-step-id'))!;
      await expect(step.getAttribute('data-current'), `step ${id} is in focus`).resolves.toBe('true');

      // Before doing the step, Check says what is missing.
      const before = await check(step);
      expect(before.passed, `step ${id} fails before it is done`).toBe('false');
      expect(before.text).toMatch(/^Not yet: \S.{10,}/);
      if (i === 2) {
        await verdictOf(step).scrollIntoViewIfNeeded();
        await screenshot(page, 'lesson-midway-failed-check');
      }

      await step.getByTestId('solution-button').click();
      await step.getByTestId('step-solution').getByTestId('run-button').click();
      const passed = step.locator('xpath=self::*[@data-state="passed"]');
      const byItself = await passed
        .waitFor({ timeout: AUTOMATIC_PASS_MS })
        .then(() => true)
        .catch(() => false);
      if (!byItself) {
        checkedByHand.push(id);
        const after = await check(step);
        expect(after.passed, `step ${id} passes after its solution: ${after.text}`).toBe('true');
      }
      await expect(step.getAttribute('data-state')).resolves.toBe('passed');
      await expect(verdictOf(step).getAttribute('data-passed')).resolves.toBe('true');
      await expect(verdictOf(step).textContent()).resolves.toMatch(/^✓ Done/);
      await expect(progress().getAttribute('data-passed')).resolves.toBe(String(i + 1));
      await expect(page.getByTestId('progress-announcement').textContent()).resolves.toContain(`Step ${i + 1} passed.`);
      if (i === 2) await screenshot(page, 'lesson-midway-next-step');
    }
    console.log(`steps that needed the Check button: ${checkedByHand.join(', ') || 'none'}`);
  });

  it('shows the lesson complete, with a link to the next lesson', async () => {
    const complete = page.getByTestId('lesson-complete');
    await complete.waitFor();
    await expect(complete.isVisible()).resolves.toBe(true);
    await expect(progress().getAttribute('data-passed')).resolves.toBe(await progress().getAttribute('data-total'));
    await expect(page.getByTestId('progress-announcement').textContent()).resolves.toContain('Lesson complete');
    await page.waitForTimeout(600); // let the smooth scroll to the panel finish before the picture
    await screenshot(page, 'lesson-complete');
  });
});
