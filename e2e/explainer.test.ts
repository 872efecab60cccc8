// The explainer in real Chromium: classic mistakes typed into the lesson page's terminals are explained beside them, with fixes that work.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { screenshot, typeInto, waitForTerminalText } from './support/browser';
import type { LabProcess } from './support/lab-process';
import { withLabInBrowser } from './support/lab-in-browser';

/** How long an explanation may take to show after its command (in milliseconds). */
const SHOWN_WITHIN_MS = 15_000;

describe('explanations beside the terminal, in Chromium', () => {
  let lab: LabProcess;
  let page: Page;

  withLabInBrowser(
    async (env) => {
      ({ lab, page } = env);
      await page.goto(`${lab.origin}/lessons/mistakes?testhooks=1`);
      await page.locator('[data-testid="connection-state"][data-state="live"]').first().waitFor({ timeout: 30_000 });
      await waitForTerminalText(page, 'one', /root@lab:~# $/m);
    },
    { width: 1280, height: 800 },
    { NSLAB_LESSONS_DIR: path.join(process.cwd(), 'test/fixtures/explainer-lessons') },
  );

  const explanation = (id: string, terminal: string): Locator => page.locator(`[data-testid="explanation"][data-id="${id}"][data-terminal="${terminal}"]`);

  /** The explanation sits in the terminal pane, right below the terminals, across their width. */
  async function expectBesideTerminal(card: Locator, terminal: string): Promise<void> {
    const term = await page.locator(`[data-testid="terminal"][data-terminal-name="${terminal}"]`).boundingBox();
    const box = await card.boundingBox();
    const pane = await page.getByRole('region', { name: 'Terminal' }).boundingBox();
    expect(term && box && pane).toBeTruthy();
    expect(box!.y).toBeGreaterThanOrEqual(term!.y + term!.height - 2);
    expect(box!.x).toBeGreaterThanOrEqual(pane!.x);
    expect(box!.x + box!.width).toBeLessThanOrEqual(pane!.x + pane!.width + 1);
    expect(box!.width).toBeGreaterThan(pane!.width * 0.8);
  }

  it('explains a pid namespace without --fork, and its Run buttons fix it', async () => {
    await typeInto(page, 'one', 'unshare --pid bash');
    await typeInto(page, 'one', 'ls /');
    await waitForTerminalText(page, 'one', /fork: Cannot allocate memory/);
    const card = explanation('pid-no-fork', 'one');
    await card.waitFor({ timeout: SHOWN_WITHIN_MS });
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toMatch(/cannot start programs/);
    await expect(card.getByTestId('fix-command').allTextContents()).resolves.toEqual(['$exit', '$unshare --pid --fork bash']);
    await expect(card.getByTestId('explanation-man').getAttribute('href')).resolves.toMatch(/^https:\/\/man7\.org\/linux\/man-pages\/man7\/pid_namespaces\.7\.html#/);
    await expectBesideTerminal(card, 'one');
    await screenshot(page, 'explainer-pid-no-fork');
    // The reasons open on request, from the keyboard too.
    await card.locator('summary', { hasText: 'Why this happens' }).focus();
    await page.keyboard.press('Enter');
    await card.getByText(/lost its init/).waitFor({ state: 'visible' });
    // With the namespace map folded away, the whole card shows under the terminal.
    await page.getByTestId('map-toggle').click();
    await page.getByTestId('explanations').evaluate((el) => (el.scrollTop = 0));
    await screenshot(page, 'explainer-pid-no-fork-whole');
    await page.getByTestId('map-toggle').click();

    // The fix, from the card's own Run buttons: the new shell is PID 1 and can start programs.
    const runs = card.getByTestId('run-button');
    await runs.nth(0).click();
    await waitForTerminalText(page, 'one', /exit\n.*root@lab:~# $/);
    await runs.nth(1).click();
    await typeInto(page, 'one', 'echo "inner=$$"; ls -d /proc');
    await waitForTerminalText(page, 'one', /^inner=1\n\/proc$/m);

    // Escape dismisses it from the keyboard, and the terminal gets the focus back.
    await card.getByTestId('dismiss-explanation').focus();
    await page.keyboard.press('Escape');
    await expect(card.count()).resolves.toBe(0);
    await expect(page.evaluate(() => document.activeElement?.closest('[data-terminal-name]')?.getAttribute('data-terminal-name'))).resolves.toBe('one');
    await typeInto(page, 'one', 'exit');
  });

  it('explains a device that is in the container\'s network namespace, in the terminal it happened in', async () => {
    await typeInto(page, 'one', 'unshare --net sh');
    await typeInto(page, 'one', 'echo "pid=$$"');
    const pid = /^pid=(\d+)$/m.exec(await waitForTerminalText(page, 'one', /^pid=\d+$/m))![1];
    await page.getByRole('tab', { name: 'Terminal 2' }).click();
    await waitForTerminalText(page, 'two', /root@lab:~# $/m);
    await typeInto(page, 'two', `ip link add veth-h type veth peer name veth-c && ip link set veth-c netns ${pid}`);
    await typeInto(page, 'two', 'ip link set veth-c up');
    await waitForTerminalText(page, 'two', /Cannot find device "veth-c"/);
    const card = explanation('device-elsewhere', 'two');
    await card.waitFor({ timeout: SHOWN_WITHIN_MS });
    await expect(card.textContent()).resolves.toContain(`PID ${pid} (sh, Terminal 1)`);
    await expectBesideTerminal(card, 'two');
    await screenshot(page, 'explainer-device-elsewhere');

    // On another tab, the card waits behind a pointer to its terminal.
    await page.getByRole('tab', { name: 'Terminal 1' }).click();
    await expect(card.count()).resolves.toBe(0);
    await page.getByRole('button', { name: /Terminal 2 has an explanation waiting/ }).click();
    await card.waitFor();
    await card.getByTestId('dismiss-explanation').click();
    await expect(card.count()).resolves.toBe(0);
  });
});
