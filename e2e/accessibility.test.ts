// axe-core on every page and state, in real Chromium: catalogue, lesson (fresh, mid-way, complete), the map's views, workshop pages, error pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { blockingViolations } from './support/axe';
import { launchBrowser, screenshot, waitForTerminalText } from './support/browser';
import { startLabProcess, type LabProcess } from './support/lab-process';
import { withLabInBrowser } from './support/lab-in-browser';
import { doStepBySolution, lessonStep } from './support/lesson-steps';
import { waitUntil } from '../test/support/wait';

/** Fails with the violations listed, one per line with the elements axe found. */
async function expectNoBlockingViolations(page: Page, what: string): Promise<void> {
  const found = await blockingViolations(page);
  expect(found, `axe found critical or serious violations on ${what}:\n${found.join('\n')}`).toEqual([]);
}

describe('axe: the learner’s pages', () => {
  let lab: LabProcess;
  let page: Page;

  withLabInBrowser((env) => {
    ({ lab, page } = env);
  });

  it('the catalogue', async () => {
    await page.goto(lab.url);
    await page.locator('[data-testid="lesson-card"]').first().waitFor();
    await expectNoBlockingViolations(page, 'the catalogue');
  });

  it('the page for a lesson that does not exist', async () => {
    const response = await page.goto(`${lab.origin}/lessons/no-such-lesson`);
    expect(response?.status()).toBe(404);
    await expectNoBlockingViolations(page, 'the 404 page');
  });

  it('a fresh lesson, with its live terminal', async () => {
    await page.goto(`${lab.origin}/lessons/uts?testhooks=1`);
    await waitForTerminalText(page, 'one', /root@lab:~# $/m, 30_000);
    await page.locator('[data-testid="map-process"]').first().waitFor({ timeout: 30_000 });
    await expectNoBlockingViolations(page, 'the fresh lesson');
  });

  for (const view of ['types', 'table', 'processes'] as const) {
    it(`the namespace map's ${view} view`, async () => {
      await page.getByTestId(`map-view-${view}`).click();
      await page.locator(`[data-testid="map-view-${view}"][aria-pressed="true"]`).waitFor();
      await expectNoBlockingViolations(page, `the map's ${view} view`);
    });
  }

  it("the namespace map with a namespace's details open beside it", async () => {
    await page.locator('[data-testid="map-process"] button[data-ns-type="uts"]').first().click();
    await page.getByTestId('map-details').waitFor();
    await expectNoBlockingViolations(page, 'the map with details open');
    await page.getByRole('button', { name: 'Close details' }).click();
  });

  it('a lesson mid-way: hints opened, a solution shown and run, a step passed', async () => {
    const first = lessonStep(page, 0);
    while ((await first.getByTestId('hint-button').count()) > 0) await first.getByTestId('hint-button').click();
    await doStepBySolution(page, 0);
    // The next step with its only hint open and its verdict (not yet) shown.
    const second = lessonStep(page, 1);
    await second.getByTestId('hint-button').click();
    await second.getByTestId('check-button').click();
    await second.getByTestId('step-verdict').waitFor();
    await expectNoBlockingViolations(page, 'the lesson mid-way');
  });

  it('a completed lesson', async () => {
    const total = await page.getByTestId('lesson-step').count();
    for (let i = 1; i < total; i++) await doStepBySolution(page, i);
    await page.getByTestId('lesson-complete').waitFor();
    await screenshot(page, 'a11y-lesson-complete');
    await expectNoBlockingViolations(page, 'the completed lesson');
  });
});

describe('axe: the workshop’s pages and its error pages', () => {
  const JOIN_CODE = 'a11y-join-code';
  let lab: LabProcess;
  let browser: Browser;
  let origin: string;
  let instructorPath: string;
  const contexts: BrowserContext[] = [];
  const newPage = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    contexts.push(context);
    return context.newPage();
  };

  beforeAll(async () => {
    lab = await startLabProcess({ NSLAB_WORKSHOP: '1', NSLAB_JOIN_CODE: JOIN_CODE });
    origin = `http://127.0.0.1:${new URL(lab.url).port}`;
    // The workshop's links are printed right after the ready line.
    await waitUntil(
      () => /nslab instructor: \S+/.test(lab.output()),
      () => `the lab to print its instructor URL; it printed:\n${lab.output()}`,
      30_000,
    );
    const printed = new URL(/nslab instructor: (\S+)/.exec(lab.output())![1]!);
    instructorPath = printed.pathname + printed.search;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await lab?.stop();
  });

  it('the join page', async () => {
    const page = await newPage();
    await page.goto(`${origin}/join`);
    await expectNoBlockingViolations(page, 'the join page');
  });

  it('a wrong join code: a page with a language, landmarks and a way on', async () => {
    const page = await newPage();
    const response = await page.goto(`${origin}/join?code=not-the-code`);
    expect(response?.status()).toBe(401);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.locator('main').count()).resolves.toBe(1);
    await expect(page.locator('main a[href], main form').count()).resolves.toBeGreaterThan(0);
    await screenshot(page, 'a11y-wrong-join-code');
    await expectNoBlockingViolations(page, 'the wrong join code page');
  });

  it('the instructor dashboard without its token, and with a wrong one', async () => {
    const page = await newPage();
    expect((await page.goto(`${origin}/instructor`))?.status()).toBe(403);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expectNoBlockingViolations(page, 'the dashboard refused (no token)');
    expect((await page.goto(`${origin}/instructor?token=not-the-token`))?.status()).toBe(401);
    await expectNoBlockingViolations(page, 'the dashboard refused (wrong token)');
  });

  it('where a learner lands after joining, and the dashboard with that learner on it', async () => {
    const learner = await newPage();
    await learner.goto(`${origin}/join?code=${JOIN_CODE}`);
    await learner.waitForLoadState('networkidle');
    await expectNoBlockingViolations(learner, `the page after joining (${new URL(learner.url()).pathname})`);
    await learner.goto(`${origin}/lessons/uts?testhooks=1`);
    await waitForTerminalText(learner, 'one', /root@lab:~# $/m, 30_000);

    const teacher = await newPage();
    await teacher.goto(`${origin}${instructorPath}`);
    await teacher.locator('[data-testid="learner-card"]').first().waitFor({ timeout: 30_000 });
    await screenshot(teacher, 'a11y-dashboard');
    await expectNoBlockingViolations(teacher, 'the instructor dashboard');
  });
});
