// One test file's lab and browser: starts the lab (as `npm start` does) and Chromium before the tests, stops both after.
import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { startLabProcess, type LabProcess } from '../../test/support/lab-process';

export type LabInBrowser = { lab: LabProcess; browser: Browser; page: Page };

/**
 * Registers the hooks; `ready` receives the lab, the browser and one page (its own browser
 * context, i.e. one learner) once they run. Whatever started is stopped, even after a failure.
 */
export function withLabInBrowser(
  ready: (env: LabInBrowser) => void | Promise<void>,
  viewport = { width: 1280, height: 720 },
  /** Added to the lab's environment (e.g. NSLAB_LESSONS_DIR for fixture lessons). */
  labEnv: Record<string, string> = {},
): void {
  let lab: LabProcess | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    lab = await startLabProcess(labEnv);
    browser = await launchBrowser();
    const page = await (await browser.newContext({ viewport })).newPage();
    await ready({ lab, browser, page });
  });
  afterAll(async () => {
    await browser?.close();
    await lab?.stop();
  });
}
