// Progress in real Chromium: passed steps show on the catalogue's card, a reload resumes at the first unfinished step, reset clears them.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, waitForTerminalText } from './support/browser';
import type { LabProcess } from './support/lab-process';
import { withLabInBrowser } from './support/lab-in-browser';

/** How long a step may take to pass after its solution ran, by itself or with the Check button (in milliseconds). */
const STEP_PASS_MS = 15_000;

describe('progress on the catalogue and across reloads', () => {
  let lab: LabProcess;
  let page: Page;

  withLabInBrowser(
    (env) => {
      ({ lab, page } = env);
    },
    { width: 1280, height: 800 },
  );

  const steps = () => page.getByTestId('lesson-step');
  const progress = () => page.getByTestId('lesson-progress');
  const ucard = () => page.locator('[data-testid="lesson-card"][data-slug="uts"] [data-testid="card-progress"]');
  const openLesson = async () => {
    await page.goto(`${lab.origin}/lessons/uts?testhooks=1`);
    await page.locator('[data-testid="connection-state"][data-state="live"]').first().waitFor({ timeout: 30_000 });
    await waitForTerminalText(page, 'one', /root@lab:~# $/m);
    await page.locator('[data-testid="check-button"]:not([disabled])').first().waitFor();
  };

  it('passes two steps of the UTS lesson', async () => {
    await openLesson();
    for (let i = 0; i < 2; i++) {
      const step = steps().nth(i);
      await step.getByTestId('solution-button').click();
      await step.getByTestId('step-solution').getByTestId('run-button').click();
      const passed = step.locator('xpath=self::*[@data-state="passed"]');
      if (
        !(await passed.waitFor({ timeout: STEP_PASS_MS / 2 }).then(
          () => true,
          () => false,
        ))
      )
        await step.getByTestId('check-button').click();
      await passed.waitFor({ timeout: STEP_PASS_MS });
    }
    await expect(progress().getAttribute('data-passed')).resolves.toBe('2');
  });

  it('shows them on the catalogue card', async () => {
    await page.goto(`${lab.origin}/?testhooks=1`);
    await ucard().waitFor();
    await expect(ucard().getAttribute('data-passed')).resolves.toBe('2');
    await expect(ucard().getAttribute('data-total')).resolves.toBe('6');
    await expect(ucard().textContent()).resolves.toContain('2/6 steps');
    const other = page.locator('[data-testid="lesson-card"][data-slug="pid"] [data-testid="card-progress"]');
    await expect(other.getAttribute('data-passed')).resolves.toBe('0');
    await ucard().scrollIntoViewIfNeeded();
    await screenshot(page, 'catalogue-with-progress');
  });

  it('resumes at the first unfinished step after a reload', async () => {
    await openLesson();
    await page.reload();
    await page.locator('[data-testid="check-button"]:not([disabled])').first().waitFor({ timeout: 30_000 });
    await expect(progress().getAttribute('data-passed')).resolves.toBe('2');
    await expect(steps().nth(2).getAttribute('data-current')).resolves.toBe('true');
    await screenshot(page, 'lesson-resumed-at-step-3');
  });

  it('resets the lesson after a confirmation, and the catalogue follows', async () => {
    await page.getByTestId('reset-progress').click();
    await screenshot(page, 'lesson-reset-progress-confirm');
    await page.getByTestId('reset-progress-confirm').click();
    await page.locator('[data-testid="lesson-progress"][data-passed="0"]').waitFor();
    await expect(steps().first().getAttribute('data-current')).resolves.toBe('true');
    await page.goto(`${lab.origin}/?testhooks=1`);
    await page.locator('[data-testid="lesson-card"][data-slug="uts"] [data-testid="card-progress"][data-passed="0"]').waitFor({ state: 'attached' });
  });

  it('sets a display name in the header', async () => {
    await page.getByRole('button', { name: 'set name' }).click();
    await page.getByLabel('Your name').fill('  Ada  ');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('display-name').getByText('Ada', { exact: true }).waitFor();
    await page.reload();
    await page.getByTestId('display-name').getByText('Ada', { exact: true }).waitFor();
    await screenshot(page, 'header-display-name');
  });
});
