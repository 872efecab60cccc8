// A room in real Chromium: learners join by typing the code and giving a name; the dashboard lists the stuck first, filters, counts steps, shows 30 at a glance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LabClient } from '../test/support/lab';
import { socketLearner } from '../test/support/workshop';
import { blockingViolations } from './support/axe';
import { launchBrowser, screenshot, waitForTerminalText } from './support/browser';
import { startLabProcess, type LabProcess } from './support/lab-process';
import { waitUntil } from '../test/support/wait';

const LEARNER_VIEWPORT = { width: 1280, height: 800 };
const DASHBOARD_VIEWPORT = { width: 1920, height: 1080 };
/** Learners in real browsers, and learners as bare connections that fill the room to ROOM_SIZE. */
const NAMES = ['Ada Lovelace', 'Brian Kernighan', 'Cy Twombly', 'Dennis Ritchie', 'Edsger Dijkstra', 'Frances Allen'];
const ROOM_SIZE = 30;
/** As long as a display name may be (40 characters). */
const LONG_NAME = 'Maximiliane von Konstantinopoulou-Weisse';

describe('a workshop room in Chromium', () => {
  let lab: LabProcess;
  let browser: Browser;
  let origin: string;
  let joinCode: string;
  let instructorPath: string;
  const contexts: BrowserContext[] = [];
  const learners: Page[] = [];
  const seeded: LabClient[] = [];
  let teacher: Page;

  const newPage = async (viewport = LEARNER_VIEWPORT) => {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    return context.newPage();
  };
  const learnerId = async (page: Page) => (await page.context().cookies()).find((c) => c.name === 'nslab_learner')!.value;
  const row = async (page: Page) => teacher.locator(`[data-testid="learner-card"][data-learner="${await learnerId(page)}"]`);
  const rows = () => teacher.getByTestId('learner-table').locator('[data-testid="learner-card"]');
  const histogramCount = async (step: string) => Number(await teacher.locator(`[data-testid="histogram-row"][data-step="${step}"]`).getAttribute('data-count'));
  const runSolution = async (page: Page, index: number) => {
    const step = page.getByTestId('lesson-step').nth(index);
    await step.getByTestId('solution-button').click();
    await step.getByTestId('step-solution').getByTestId('run-button').click();
  };

  beforeAll(async () => {
    lab = await startLabProcess({ NSLAB_WORKSHOP: '1' });
    origin = `http://127.0.0.1:${new URL(lab.url).port}`;
    await waitUntil(
      () => /nslab instructor: \S+/.test(lab.output()),
      () => `the lab to print its instructor URL; it printed:\n${lab.output()}`,
      30_000,
    );
    joinCode = /\(join code (\S+)\)/.exec(lab.output())![1]!;
    const printed = new URL(/nslab instructor: (\S+)/.exec(lab.output())![1]!);
    instructorPath = printed.pathname + printed.search;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of seeded) c.disconnect();
    for (const c of contexts) await c.close();
    await browser?.close();
    await lab?.stop();
  });

  it('answers a wrong code with a styled 401 page that has the form again', async () => {
    const page = await newPage();
    await page.goto(`${origin}/join`);
    await page.getByLabel('Join code').fill('WRONG-CODE1');
    const [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Join' }).click()]);
    expect(response?.status()).toBe(401);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/not right/);
    expect(await page.getByRole('main').getByTestId('join-code-form').count()).toBe(1);
    expect(await blockingViolations(page)).toEqual([]);
    await screenshot(page, 'workshop-join-wrong-code');
  });

  it('lets learners type the code as they hear it, asks each for a name, and the link works too', async () => {
    for (const [i, name] of NAMES.entries()) {
      const page = await newPage();
      learners.push(page);
      if (i === 0) await page.goto(`${origin}/join?code=${joinCode}`);
      else {
        await page.goto(`${origin}/join`);
        // Read aloud in two groups, typed in small letters: still the code.
        await page.getByLabel('Join code').fill(`${joinCode.slice(0, 5)} - ${joinCode.slice(5)}`.toLowerCase());
        await page.getByRole('button', { name: 'Join' }).click();
      }
      await page.waitForURL((u) => u.pathname === '/join/name');
      if (i === 1) {
        expect(await blockingViolations(page)).toEqual([]);
        await screenshot(page, 'workshop-join-name');
      }
      await page.getByLabel('Your name').fill(name);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL((u) => u.pathname === '/');
    }
    // Three at a time: the machine is shared with other work, and each lesson starts a sandbox.
    for (let i = 0; i < learners.length; i += 3) {
      await Promise.all(
        learners.slice(i, i + 3).map(async (page) => {
          await page.goto(`${origin}/lessons/uts?testhooks=1`);
          await waitForTerminalText(page, 'one', /root@lab:~# $/m, 60_000);
        }),
      );
    }
  });

  it('lists the stuck learner first, by the name they gave, with repeats of one failure folded', async () => {
    await teacher?.close();
    teacher = await newPage(DASHBOARD_VIEWPORT);
    await teacher.goto(`${origin}${instructorPath}`);
    await rows()
      .nth(NAMES.length - 1)
      .waitFor({ timeout: 30_000 });
    for (const name of NAMES) await teacher.getByTestId('learner-name').filter({ hasText: name }).waitFor();
    expect(await teacher.getByTestId('join-code').textContent()).toBe(`${joinCode.slice(0, 5)} ${joinCode.slice(5)}`);
    expect(await teacher.getByTestId('join-link').getAttribute('href')).toMatch(new RegExp(`/join\\?code=${joinCode}$`));
    expect(await teacher.getByTestId('join-qr').locator('path').count()).toBe(1);

    // Brian (second row by name) fails step 1's check three times: "failing", so first.
    const brian = learners[1]!;
    for (let i = 1; i <= 3; i++) {
      await brian.getByTestId('lesson-step').first().getByTestId('check-button').click();
      await teacher.waitForFunction(
        ([id, n]) =>
          (document.querySelector(`[data-learner="${id}"] [data-testid="failure-count"]`)?.textContent ??
            (document.querySelector(`[data-learner="${id}"] [data-testid="failed-check"]`) ? '×1' : '')) === `×${n}`,
        [await learnerId(brian), i] as const,
        { timeout: 15_000 },
      );
    }
    await teacher.locator(`[data-testid="learner-card"][data-learner="${await learnerId(brian)}"][data-state="stuck"]`).waitFor({ timeout: 15_000 });
    expect(await rows().first().getAttribute('data-learner')).toBe(await learnerId(brian));
    // The reason's inline code is code, not backticks.
    const failure = (await row(brian)).getByTestId('failed-check');
    expect(await failure.textContent()).not.toContain('`');
  });

  it('counts the room per step in the histogram and filters by step and state', async () => {
    // Ada and Cy move to step 2, Dennis to step 3.
    await Promise.all([runSolution(learners[0]!, 0), runSolution(learners[2]!, 0), runSolution(learners[3]!, 0)]);
    const on = async (page: Page, step: number) =>
      (await row(page))
        .getByTestId('learner-step')
        .filter({ hasText: new RegExp(`^Step ${step}/6`) })
        .waitFor({ timeout: 30_000 });
    await Promise.all([on(learners[0]!, 2), on(learners[2]!, 2), on(learners[3]!, 2)]);
    await runSolution(learners[3]!, 1);
    await on(learners[3]!, 3);
    await teacher.waitForFunction(() => document.querySelector('[data-testid="histogram-row"][data-step="3"]')?.getAttribute('data-count') === '1');
    expect([await histogramCount('1'), await histogramCount('2'), await histogramCount('3'), await histogramCount('done')]).toEqual([3, 2, 1, 0]);

    await teacher.getByTestId('filter-state').selectOption('stuck');
    await teacher.waitForFunction(() => document.querySelectorAll('[data-testid="learner-table"] [data-testid="learner-card"]').length === 1);
    expect(await rows().first().getAttribute('data-learner')).toBe(await learnerId(learners[1]!));
    await teacher.getByTestId('filter-state').selectOption('');
    await teacher.getByTestId('filter-lesson').selectOption('uts');
    await teacher.getByTestId('filter-step').selectOption('2');
    await teacher.waitForFunction(() => document.querySelectorAll('[data-testid="learner-table"] [data-testid="learner-card"]').length === 2);
    const shown = await rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-learner')));
    expect(shown.sort()).toEqual([await learnerId(learners[0]!), await learnerId(learners[2]!)].sort());
    // The histogram's step 3 as a filter.
    await teacher.locator('[data-testid="histogram-row"][data-step="3"] button').click();
    await teacher.waitForFunction(() => document.querySelectorAll('[data-testid="learner-table"] [data-testid="learner-card"]').length === 1);
    expect(await rows().first().getAttribute('data-learner')).toBe(await learnerId(learners[3]!));
    await teacher.getByTestId('filter-lesson').selectOption('');
  });

  it('shows a room of 30 at a glance at 1920×1080, long names cut with an ellipsis', async () => {
    const extra = Array.from({ length: ROOM_SIZE - NAMES.length }, (_, i) => (i === 0 ? LONG_NAME : `Learner ${String(i + 1).padStart(2, '0')}`));
    // Some with the lesson open, a few failing, some only joined; a handful at a time (each lesson is a sandbox).
    for (let i = 0; i < extra.length; i += 6) {
      const batch = extra.slice(i, i + 6).map((name, j) => socketLearner(origin, joinCode, name, (i + j) % 4 === 3 ? null : 'uts', (i + j) % 5 === 0 ? 3 : (i + j) % 3));
      seeded.push(...(await Promise.all(batch)));
    }
    await teacher.waitForFunction((n) => document.querySelectorAll('[data-testid="learner-table"] [data-testid="learner-card"]').length === n, ROOM_SIZE, { timeout: 30_000 });
    const visible = await rows().evaluateAll((els) => {
      const list = document.querySelector('[data-testid="learner-list"]')!.getBoundingClientRect();
      return els.filter((e) => e.getBoundingClientRect().bottom <= Math.min(list.bottom, window.innerHeight)).length;
    });
    expect(visible).toBeGreaterThanOrEqual(30);
    // Stuck ones head the list.
    const states = await rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    expect(states.indexOf('working')).toBeGreaterThan(states.lastIndexOf('stuck'));
    const long = teacher.getByTestId('learner-name').filter({ hasText: LONG_NAME });
    expect(await long.getAttribute('title')).toBe(LONG_NAME);
    expect(await long.evaluate((e) => e.scrollWidth > e.clientWidth && getComputedStyle(e).textOverflow === 'ellipsis')).toBe(true);
    expect(await blockingViolations(teacher)).toEqual([]);
    await screenshot(teacher, 'workshop-room-30');
    await teacher.getByRole('button', { name: 'Cards' }).click();
    await screenshot(teacher, 'workshop-room-30-cards');
  });
});
