// Doing a lesson step in the browser: open its solution, Run it, and wait for the step to pass (by itself, else by its Check button).
import type { Locator, Page } from 'playwright-core';

/** How long a step may take to pass by itself after its solution ran (in milliseconds): typing, settling, the probe. */
export const AUTOMATIC_PASS_MS = 8_000;
/** How long a Check may take to bring its verdict (in milliseconds). */
const CHECK_MS = 20_000;

export const lessonStep = (page: Page, index: number): Locator => page.getByTestId('lesson-step').nth(index);

/** Resolves true once the step is marked passed, false if it is not within `timeoutMs`. */
export async function passesWithin(step: Locator, timeoutMs: number): Promise<boolean> {
  return step
    .locator('xpath=self::*[@data-state="passed"]')
    .waitFor({ timeout: timeoutMs })
    .then(() => true)
    .catch(() => false); // not passed in time: the caller presses Check and asserts its verdict
}

/** `press` runs the step's Check (a click, or keys); then the step must be passed, with the verdict's text in the error otherwise. */
export async function passByCheck(step: Locator, press: () => Promise<void>): Promise<void> {
  await press();
  if (await passesWithin(step, CHECK_MS)) return;
  const verdict = await step.getByTestId('step-verdict').textContent().catch(() => '(no verdict)');
  throw new Error(`step ${await step.getAttribute('data-step-id')} did not pass after its solution and Check: ${verdict}`);
}

/** With the mouse: Show solution, its Run, then the step passes (pressing Check if it did not by itself). */
export async function doStepBySolution(page: Page, index: number): Promise<void> {
  const step = lessonStep(page, index);
  const solution = step.getByTestId('step-solution');
  if (!(await solution.isVisible())) await step.getByTestId('solution-button').click();
  await solution.getByTestId('run-button').click();
  if (await passesWithin(step, AUTOMATIC_PASS_MS)) return;
  await passByCheck(step, () => step.getByTestId('check-button').click());
}
