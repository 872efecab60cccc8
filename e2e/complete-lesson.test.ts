// Completing the UTS lesson in real Chromium by clicking buttons only: Check (failing first), the solution's Run, each step passing by its automatic check; and Check passing a step the automatic check could not see.
import { describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { screenshot, typeInto, waitForTerminalText } from './support/browser';
import type { LabProcess } from './support/lab-process';
import { withLabInBrowser } from './support/lab-in-browser';
import { passesByItself } from './support/lesson-steps';

/** How long the late command sleeps before it prints (in seconds): well after the automatic check (400 ms of quiet, then the probe). */
const LATE_OUTPUT_S = 3;

describe('completing the UTS lesson with its buttons', () => {
  let lab: LabProcess;
  let browser: Browser;
  let page: Page;

  withLabInBrowser((env) => {
    ({ lab, browser, page } = env);
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

  it('does every step: Check fails with a reason first, then the solution passes it by itself (no Check after Run)', async () => {
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

      // Run types the solution; the automatic check after the terminal settles passes the step.
      await step.getByTestId('solution-button').click();
      await step.getByTestId('step-solution').getByTestId('run-button').click();
      await passesByItself(step);
      await expect(verdictOf(step).getAttribute('data-passed')).resolves.toBe('true');
      await expect(verdictOf(step).textContent()).resolves.toMatch(/^✓ Done/);
      await expect(progress().getAttribute('data-passed')).resolves.toBe(String(i + 1));
      await expect(page.getByTestId('progress-announcement').textContent()).resolves.toContain(`Step ${i + 1} passed.`);
      if (i === 2) await screenshot(page, 'lesson-midway-next-step');
    }
  });

  it('shows the lesson complete, with a link to the next lesson', async () => {
    const complete = page.getByTestId('lesson-complete');
    await complete.waitFor();
    await expect(complete.isVisible()).resolves.toBe(true);
    await expect(progress().getAttribute('data-passed')).resolves.toBe(await progress().getAttribute('data-total'));
    await expect(page.getByTestId('progress-announcement').textContent()).resolves.toContain('Lesson complete');
    // The page never moves by itself: the picture is taken with the panel scrolled into view.
    await complete.scrollIntoViewIfNeeded();
    await screenshot(page, 'lesson-complete');
  });

  it("passes a step by Check when its output came after the automatic check had looked (a learner's own page)", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    try {
      const own = await context.newPage();
      await own.goto(`${lab.origin}/lessons/uts?testhooks=1`);
      await waitForTerminalText(own, 'one', /root@lab:~# $/m);
      const step = own.getByTestId('lesson-step').first();
      await expect(step.getAttribute('data-step-id')).resolves.toBe('look');
      // The terminal is quiet until readlink prints, so the automatic check runs (and fails) before the output exists.
      await typeInto(own, 'one', `sleep ${LATE_OUTPUT_S}; readlink /proc/$$/ns/uts`);
      await waitForTerminalText(own, 'one', /^uts:\[\d+\]$/m, 20_000);
      // Nothing typed since: no automatic check comes, the step waits for the learner.
      await expect(step.getAttribute('data-state')).resolves.not.toBe('passed');
      const verdict = await check(step);
      expect(verdict.passed, `Check passes the step: ${verdict.text}`).toBe('true');
      expect(verdict.text).toMatch(/^✓ Done/);
      await expect(step.getAttribute('data-state')).resolves.toBe('passed');
      await expect(own.getByTestId('lesson-progress').getAttribute('data-passed')).resolves.toBe('1');
    } finally {
      await context.close();
    }
  });
});
