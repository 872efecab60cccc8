// A workshop in real Chromium: two learners join with the code and work, the instructor's dashboard follows them live and read-only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, terminalText, waitForTerminalText } from './support/browser';
import { startLabProcess, type LabProcess } from './support/lab-process';
import { waitUntil } from '../test/support/wait';

const JOIN_CODE = 'e2e-join-code';
const VIEWPORT = { width: 1280, height: 720 };

describe('workshop mode in Chromium', () => {
  let lab: LabProcess;
  let browser: Browser;
  let origin: string;
  let instructorPath: string;
  const contexts: BrowserContext[] = [];
  let one: Page;
  let two: Page;
  let teacher: Page;

  const newPage = async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    contexts.push(context);
    return context.newPage();
  };
  const learnerId = async (page: Page) => (await page.context().cookies()).find((c) => c.name === 'nslab_learner')!.value;
  const card = async (page: Page) => teacher.locator(`[data-testid="learner-card"][data-learner="${await learnerId(page)}"]`);
  const openLesson = async (page: Page) => {
    await page.goto(`${origin}/lessons/uts?testhooks=1`);
    await waitForTerminalText(page, 'one', /root@lab:~# $/m, 30_000);
  };
  const runSolution = async (page: Page, index: number) => {
    const step = page.getByTestId('lesson-step').nth(index);
    await step.getByTestId('solution-button').click();
    await step.getByTestId('step-solution').getByTestId('run-button').click();
  };

  beforeAll(async () => {
    lab = await startLabProcess({ NSLAB_WORKSHOP: '1', NSLAB_JOIN_CODE: JOIN_CODE });
    // The printed URLs may name this machine's LAN address; the test browses over loopback.
    const port = new URL(lab.url).port;
    origin = `http://127.0.0.1:${port}`;
    // The workshop's links are printed right after the ready line.
    await waitUntil(
      () => /nslab instructor: \S+/.test(lab.output()),
      () => `the lab to print its instructor URL; it printed:\n${lab.output()}`,
      30_000,
    );
    const printed = /nslab instructor: (\S+)/.exec(lab.output())![1]!;
    instructorPath = new URL(printed).pathname + new URL(printed).search;
    browser = await launchBrowser();
    [one, two, teacher] = await Promise.all([newPage(), newPage(), newPage()]);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await lab?.stop();
  });

  it('prints both links and gives no shell or dashboard without them', async () => {
    expect(lab.output()).toMatch(new RegExp(`learners join at http://\\S+/join\\?code=${JOIN_CODE}`));
    await one.goto(`${origin}/lessons/uts`);
    await one.getByText('Ask your instructor for the join link').waitFor({ timeout: 30_000 });
    const dashboard = await one.goto(`${origin}/instructor`);
    expect(dashboard?.status()).toBe(403);
  });

  it('lets two learners join with the code and open a shell each', async () => {
    for (const page of [one, two]) {
      await page.goto(`${origin}/join?code=${JOIN_CODE}`);
      expect(new URL(page.url()).pathname).toBe('/join/name');
    }
    await Promise.all([openLesson(one), openLesson(two)]);
  });

  it('shows the instructor both learners, live, as they fail and pass checks', async () => {
    await teacher.goto(`${origin}${instructorPath}`);
    expect(new URL(teacher.url()).pathname).toBe('/instructor');
    // The token became a cookie; reopen with the test hooks that expose the read-only xterm.
    await teacher.goto(`${origin}/instructor?testhooks=1`);
    await teacher.locator('[data-testid="learner-card"]').nth(1).waitFor({ timeout: 30_000 });
    const [cardOne, cardTwo] = [await card(one), await card(two)];
    await expect(cardOne.getByTestId('learner-step').textContent()).resolves.toMatch(/^Step 1\/6/);

    // Learner 1 checks too early: the dashboard shows the failure and its reason without a reload.
    await one.getByTestId('lesson-step').first().getByTestId('check-button').click();
    await cardOne.getByTestId('failed-check').first().waitFor({ timeout: 15_000 });

    await runSolution(one, 0);
    await cardOne
      .getByTestId('learner-step')
      .filter({ hasText: /^Step 2\/6/ })
      .waitFor({ timeout: 20_000 });
    await runSolution(two, 0);
    await cardTwo
      .getByTestId('learner-step')
      .filter({ hasText: /^Step 2\/6/ })
      .waitFor({ timeout: 20_000 });
    await runSolution(one, 1);
    await cardOne
      .getByTestId('learner-step')
      .filter({ hasText: /^Step 3\/6/ })
      .waitFor({ timeout: 20_000 });

    // A lab of one node: its sessions name the node, yet neither the table, the cards nor the filters show one.
    await expect(teacher.getByTestId('node-column').count()).resolves.toBe(0);
    await expect(teacher.getByTestId('filter-node').count()).resolves.toBe(0);
    await teacher.getByRole('button', { name: 'Cards' }).click();
    await cardOne.getByTestId('learner-step').waitFor();
    await expect(teacher.getByTestId('learner-node').count()).resolves.toBe(0);
    await teacher.getByRole('button', { name: 'Compact' }).click();
  });

  it('follows learner 1 typing in a read-only terminal that refuses input', async () => {
    await (await card(one)).getByTestId('watch-terminal').first().click();
    await teacher.locator('[data-testid="observed-terminal"][data-status="watching"]').waitFor({ timeout: 15_000 });
    await one.locator('[data-testid="terminal"][data-terminal-name="one"] .xterm').click();
    await one.keyboard.type('echo typed-by-learner-one-$((6*7))');
    await one.keyboard.press('Enter');
    await waitForTerminalText(teacher, 'observed', /^typed-by-learner-one-42$/m);

    await teacher.getByTestId('observed-terminal').click();
    await teacher.keyboard.type('echo instructor-was-here');
    await teacher.keyboard.press('Enter');
    await one.keyboard.type('echo still-$((40+2))');
    await one.keyboard.press('Enter');
    await waitForTerminalText(teacher, 'observed', /^still-42$/m);
    expect(await terminalText(one, 'one')).not.toContain('instructor-was-here');
    expect(await terminalText(teacher, 'observed')).not.toContain('instructor-was-here');
    await screenshot(teacher, 'workshop-dashboard');
  });

  it('ends a learner session from the dashboard, and the learner is told', async () => {
    teacher.once('dialog', (d) => void d.accept());
    await (await card(two)).getByRole('button', { name: 'End session' }).click();
    await two.getByText('Your session was ended by the instructor.').waitFor({ timeout: 15_000 });
    await screenshot(two, 'workshop-learner-ended');
  });
});
