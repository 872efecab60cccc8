// Predict, then observe, in real Chromium: a learner answers a step's question wrong, runs a command, and sees their answer beside what happened at once; the instructor sees the room's tally; a learner who ran it first may skip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LabClient } from '../test/support/lab';
import { requestOk } from '../test/support/terminal-client';
import { joinInBrowser, socketLearner, startWorkshopLab, type WorkshopLab } from '../test/support/workshop';
import { blockingViolations } from './support/axe';
import { launchBrowser, screenshot, typeInto, waitForTerminalText } from './support/browser';
import { doStepBySolution, lessonStep } from './support/lesson-steps';

/** The IPC lesson's second step asks how many segments a new IPC namespace lists (right: 0). */
const STEP = 1;

describe('predictions in Chromium', () => {
  let room: WorkshopLab;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let others: LabClient | undefined;
  let page: Page;

  const prediction = () => lessonStep(page, STEP).getByTestId('step-prediction');
  const newPage = async (viewport = { width: 1280, height: 800 }) => {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    return context.newPage();
  };

  beforeAll(async () => {
    room = await startWorkshopLab();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    others?.disconnect();
    for (const c of contexts) await c.close();
    await browser?.close();
    await room?.lab.stop();
  });

  it('asks the question before the step’s Run buttons, and takes an answer from the keyboard', async () => {
    page = await newPage();
    await joinInBrowser(page, room, 'Grace Hopper');
    await page.goto(`${room.origin}/lessons/ipc?testhooks=1`);
    await waitForTerminalText(page, 'one', /root@lab:~# $/m, 60_000);
    await prediction().locator('xpath=self::*[@data-state="ask"]').waitFor();
    // The question precedes every Run button of its step.
    const before = await lessonStep(page, STEP).evaluate((step) => {
      const question = step.querySelector('[data-testid="step-prediction"]')!;
      return [...step.querySelectorAll('[data-testid="run-button"]')].every((run) => question.compareDocumentPosition(run) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(before).toBe(true);
    expect(await blockingViolations(page)).toEqual([]);
    await prediction().scrollIntoViewIfNeeded();
    await screenshot(page, 'prediction-ask');

    await prediction().getByLabel('Your answer').focus();
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
    await prediction().locator('xpath=self::*[@data-state="waiting"]').waitFor();
    expect(await prediction().getByTestId('prediction-locked').textContent()).toMatch(/You predicted 1\./);
  });

  it('keeps the answer over a reload', async () => {
    await page.reload();
    await prediction().locator('xpath=self::*[@data-state="waiting"]').waitFor({ timeout: 30_000 });
    expect(await prediction().getByTestId('prediction-locked').textContent()).toMatch(/You predicted 1\./);
    expect(await prediction().getByTestId('prediction-input').count()).toBe(0);
  });

  it('sets the wrong answer beside what happened as soon as a command ran, and adds what the check saw once the step passes', async () => {
    await waitForTerminalText(page, 'one', /root@lab:~# $/m, 60_000);
    await doStepBySolution(page, 0);
    // The step watches no call: a command in its terminal is the run. `ipcs -m` alone does not pass it.
    await typeInto(page, 'one', 'ipcs -m');
    await prediction().locator('xpath=self::*[@data-state="revealed"]').waitFor({ timeout: 10_000 });
    expect(await lessonStep(page, STEP).getAttribute('data-state')).toBe('todo');
    const outcome = prediction().getByTestId('prediction-outcome');
    expect(await outcome.getAttribute('data-correct')).toBe('false');
    expect(await outcome.getByTestId('prediction-yours').textContent()).toMatch(/^1 ✗ not what happened$/);
    expect(await outcome.getByTestId('prediction-observed').textContent()).toMatch(/^0/);
    expect(await outcome.getByTestId('prediction-ran').textContent()).toMatch(/^You ran a command in Terminal 1 at [\d:]+; what the check found there appears here once the step passes\.$/);
    expect(await outcome.getByTestId('prediction-why').textContent()).toMatch(/starts with empty tables.*ipc_namespaces\(7\)/);
    await prediction().scrollIntoViewIfNeeded();
    await screenshot(page, 'prediction-ran-light');
    await doStepBySolution(page, STEP);
    await outcome.getByTestId('prediction-lab-saw').waitFor();
    expect(await blockingViolations(page)).toEqual([]);
    await prediction().scrollIntoViewIfNeeded();
    await screenshot(page, 'prediction-revealed-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => document.documentElement.classList.contains('dark'));
    expect(await blockingViolations(page)).toEqual([]);
    await screenshot(page, 'prediction-revealed-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('fits a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await prediction().scrollIntoViewIfNeeded();
    const widths = await prediction().evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, right: el.getBoundingClientRect().right }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    expect(widths.right).toBeLessThanOrEqual(390);
    await screenshot(page, 'prediction-revealed-phone');
  });

  it('shows the instructor how the room answered', async () => {
    // A second learner, without a browser, answers right.
    others = await socketLearner(room.origin, room.joinCode, 'Alan Turing', 'ipc');
    await requestOk(others, 'prediction:save', { lesson: 'ipc', stepId: 'fresh-view', answer: '0' });
    const teacher = await newPage({ width: 1920, height: 1080 });
    await teacher.goto(`${room.origin}${room.instructorPath}`);
    const item = teacher.locator('[data-testid="prediction-tally-item"][data-step="fresh-view"]');
    await item.locator('xpath=self::*[@data-answered="2"]').waitFor({ timeout: 30_000 });
    const answers = await item.getByTestId('prediction-tally-answer').allTextContents();
    expect(answers).toEqual([expect.stringMatching(/^50% expected 0 ✓ right \(1 of 2\)$/), expect.stringMatching(/^50% expected 1 \(1 of 2\)$/)]);
    expect(await blockingViolations(teacher)).toEqual([]);
    await teacher.getByTestId('prediction-tally').screenshot({ path: 'test-artifacts/prediction-tally.png' });
  });

  it('takes a multiple choice from the arrow keys', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${room.origin}/lessons/uts?testhooks=1`);
    const question = page.locator('[data-testid="lesson-step"][data-step-id="look-in"]').getByTestId('step-prediction');
    await question.locator('xpath=self::*[@data-state="ask"]').waitFor({ timeout: 30_000 });
    await question.getByTestId('prediction-choice').first().focus();
    await page.keyboard.press('ArrowDown');
    expect(await question.getByTestId('prediction-choice').nth(1).isChecked()).toBe(true);
    await question.scrollIntoViewIfNeeded();
    await screenshot(page, 'prediction-ask-choice');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await question.locator('xpath=self::*[@data-state="waiting"]').waitFor();
    expect(await question.getByTestId('prediction-locked').textContent()).toMatch(/You predicted lab\./);
  });

  it('still asks a learner who ran the command first, and shows what happened when they skip', async () => {
    await page.goto(`${room.origin}/lessons/net?testhooks=1`);
    await waitForTerminalText(page, 'one', /root@lab:~# $/m, 60_000);
    const question = lessonStep(page, 0).getByTestId('step-prediction');
    await question.locator('xpath=self::*[@data-state="ask"]').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => !document.querySelector('[data-testid="timeline-status"]'), null, { timeout: 60_000 });
    await doStepBySolution(page, 0);
    // Passed without an answer: the question stays, now with a way past it.
    await question.getByTestId('prediction-ran-first').waitFor();
    expect(await question.getAttribute('data-state')).toBe('ask');
    expect(await question.getByTestId('prediction-ran-first').textContent()).toMatch(/^The step passed before you predicted\. Answer anyway \(it is kept, but not counted as a prediction/);
    await question.scrollIntoViewIfNeeded();
    await screenshot(page, 'prediction-ran-first');
    await question.getByTestId('prediction-skip').click();
    await question.locator('xpath=self::*[@data-state="revealed"]').waitFor();
    expect(await question.getByTestId('prediction-yours').textContent()).toBe('nothing: you skipped the question');
    expect(await question.getByTestId('prediction-call').textContent()).toMatch(/^The timeline saw unshare\(CLONE_NEWNET\) = 0 from unshare \(PID \d+ in your sandbox\), Terminal 1 at [\d:]+\.$/);
    expect(await blockingViolations(page)).toEqual([]);
  });
});
