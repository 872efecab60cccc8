// Several terminals in one sandbox: open an extra one, split side by side, close it; reset the sandbox with confirmation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, waitForTerminalText } from './support/browser';
import { startLabProcess, type LabProcess } from './support/lab-process';

describe('terminals of one session in Chromium', () => {
  let lab: LabProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    lab = await startLabProcess();
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await page.goto(`${lab.origin}/lessons/uts?testhooks=1`);
    await page.locator('[data-testid="connection-state"][data-state="live"]').first().waitFor({ timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.stop();
  });

  const typeInto = async (name: string, line: string) => {
    await page.locator(`[data-testid="terminal"][data-terminal-name="${name}"] .xterm`).click();
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  };

  it('opens an extra terminal in the same sandbox and closes it again', async () => {
    await typeInto('one', 'echo from-one > /tmp/shared');
    await page.getByTestId('add-terminal').click();
    await page.getByRole('tab', { name: 'Terminal 3' }).waitFor();
    await waitForTerminalText(page, 'extra-1', /root@lab:~# $/m);
    await typeInto('extra-1', 'cat /tmp/shared');
    await waitForTerminalText(page, 'extra-1', /^from-one$/m);
    await page.getByRole('button', { name: 'Close Terminal 3' }).click();
    await expect(page.getByRole('tab', { name: 'Terminal 3' }).count()).resolves.toBe(0);
  });

  it('shows two terminals side by side', async () => {
    await page.getByTestId('split-toggle').click();
    const one = await page.locator('[data-testid="terminal"][data-terminal-name="one"]').boundingBox();
    const two = await page.locator('[data-testid="terminal"][data-terminal-name="two"]').boundingBox();
    expect(one && two && one.width > 200 && two.width > 200 && two.x > one.x + one.width - 5).toBe(true);
    await typeInto('two', 'echo right-side');
    await waitForTerminalText(page, 'two', /^right-side$/m);
    await screenshot(page, 'split');
    await page.getByTestId('split-toggle').click();
  });

  it('resets the sandbox after a confirmation: files gone, fresh shells', async () => {
    await typeInto('one', 'touch /root/keepsake; ls /root');
    await waitForTerminalText(page, 'one', /^keepsake$/m);
    await page.getByTestId('reset-button').click();
    await page.getByTestId('reset-confirm').click();
    await waitForTerminalText(page, 'one', /new shell[\s\S]*root@lab:~# $/);
    await typeInto('one', 'ls /root/keepsake');
    await waitForTerminalText(page, 'one', /No such file or directory/);
  });
});
