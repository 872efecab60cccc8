// Several terminals in one sandbox: open an extra one, split side by side, close it; reset the sandbox with confirmation.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, waitForTerminalText, typeInto } from './support/browser';
import type { LabProcess } from './support/lab-process';
import { withLabInBrowser } from './support/lab-in-browser';

describe('terminals of one session in Chromium', () => {
  let lab: LabProcess;
  let page: Page;

  withLabInBrowser(async (env) => {
    ({ lab, page } = env);
    await page.goto(`${lab.origin}/lessons/uts?testhooks=1`);
    await page.locator('[data-testid="connection-state"][data-state="live"]').first().waitFor({ timeout: 30_000 });
  });

  const typeIn = (name: string, line: string) => typeInto(page, name, line);

  it('opens an extra terminal in the same sandbox and closes it again', async () => {
    await typeIn('one', 'echo from-one > /tmp/shared');
    await page.getByTestId('add-terminal').click();
    await page.getByRole('tab', { name: 'Terminal 3' }).waitFor();
    await waitForTerminalText(page, 'extra-1', /root@lab:~# $/m);
    await typeIn('extra-1', 'cat /tmp/shared');
    await waitForTerminalText(page, 'extra-1', /^from-one$/m);
    await page.getByRole('button', { name: 'Close Terminal 3' }).click();
    await expect(page.getByRole('tab', { name: 'Terminal 3' }).count()).resolves.toBe(0);
  });

  it('shows two terminals at once: side by side with room for 80 columns each, else one above the other', async () => {
    await page.getByTestId('split-toggle').click();
    const one = await page.locator('[data-testid="terminal"][data-terminal-name="one"]').boundingBox();
    const two = await page.locator('[data-testid="terminal"][data-terminal-name="two"]').boundingBox();
    const side = await page.getByTestId('split-toggle').getAttribute('data-room');
    expect(side === 'side' || side === 'stacked').toBe(true);
    if (side === 'side') expect(one && two && one.width > 200 && two.width > 200 && two.x > one.x + one.width - 5).toBe(true);
    else expect(one && two && one.height > 100 && two.height > 100 && two.y > one.y + one.height - 5).toBe(true);
    await typeIn('two', 'echo right-side');
    await waitForTerminalText(page, 'two', /^right-side$/m);
    await screenshot(page, 'split');
    await page.getByTestId('split-toggle').click();
  });

  it('resets the sandbox after a confirmation: files gone, fresh shells', async () => {
    await typeIn('one', 'touch /root/keepsake; ls /root');
    await waitForTerminalText(page, 'one', /^keepsake$/m);
    await page.getByTestId('reset-button').click();
    await page.getByTestId('reset-confirm').click();
    await waitForTerminalText(page, 'one', /new shell[\s\S]*root@lab:~# $/);
    await typeIn('one', 'ls /root/keepsake');
    await waitForTerminalText(page, 'one', /No such file or directory/);
  });
});
