// Doing a lesson step in the browser: open its solution, Run it, and see the step pass by itself (its automatic check).
import type { Locator, Page } from 'playwright-core';

/** How long a step may take to pass by itself after its solution ran (in milliseconds): typing, settling, the probe. */
export const AUTOMATIC_PASS_MS = 8_000;

export const lessonStep = (page: Page, index: number): Locator => page.getByTestId('lesson-step').nth(index);

/**
 * Resolves once the step is marked passed without anyone pressing Check (the caller must not have);
 * throws with the step's verdict, if it shows one, when it is not passed within `timeoutMs`.
 */
export async function passesByItself(step: Locator, timeoutMs = AUTOMATIC_PASS_MS): Promise<void> {
  try {
    await step.locator('xpath=self::*[@data-state="passed"]').waitFor({ timeout: timeoutMs });
  } catch (e) {
    const verdict = (await step.getByTestId('step-verdict').allTextContents()).join(' ') || '(no verdict shown)';
    throw new Error(`step ${await step.getAttribute('data-step-id')} did not pass by itself within ${timeoutMs} ms: ${verdict}`, { cause: e });
  }
}

/** With the mouse: Show solution, its Run, then the step passes by itself. */
export async function doStepBySolution(page: Page, index: number): Promise<void> {
  const step = lessonStep(page, index);
  const solution = step.getByTestId('step-solution');
  if (!(await solution.isVisible())) await step.getByTestId('solution-button').click();
  await solution.getByTestId('run-button').click();
  await passesByItself(step);
}
