// The explainer in real Chromium: classic mistakes typed into the lesson page's terminals are explained beside them, with fixes that work (mistakes 1 and 5 here; the others in explainer-mistakes.test.ts).
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, typeAndSee, typeInto, waitForTerminalText } from './support/browser';
import {
  cardText,
  expectBesideTerminal,
  expectManLink,
  explanationCard,
  fixCommands,
  MISTAKES_LAB_ENV,
  MISTAKES_VIEWPORT,
  openMistakesLesson,
  screenshotWholeCard,
  shellPid,
  showTerminal,
} from './support/explainer-page';
import type { LabProcess } from './support/lab-process';
import { withLabInBrowser } from './support/lab-in-browser';

describe('explanations beside the terminal, in Chromium', () => {
  let lab: LabProcess;
  let page: Page;

  withLabInBrowser(
    async (env) => {
      ({ lab, page } = env);
      await openMistakesLesson(page, lab.origin);
    },
    MISTAKES_VIEWPORT,
    MISTAKES_LAB_ENV,
  );

  it('explains a pid namespace without --fork, and its Run buttons fix it', async () => {
    await typeAndSee(page, 'one', 'unshare --pid bash', /^root@lab:~# /m);
    const pid = await shellPid(page, 'one');
    await typeInto(page, 'one', 'ls /');
    await waitForTerminalText(page, 'one', /fork: Cannot allocate memory/);
    const card = explanationCard(page, 'pid-no-fork', 'one');
    // The shell that cannot fork, by the PID it printed itself.
    await expect(cardText(card)).resolves.toContain(`The shell, PID ${pid} (bash, Terminal 1), is still in pid:[`);
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toMatch(/cannot start programs/);
    await expect(fixCommands(card)).resolves.toEqual(['exit', 'unshare --pid --fork bash']);
    await expectManLink(card, 'pid_namespaces(7)');
    await expectBesideTerminal(page, card, 'one');
    await screenshot(page, 'explainer-pid-no-fork');
    // The reasons open on request, from the keyboard too.
    await card.locator('summary', { hasText: 'Why this happens' }).focus();
    await page.keyboard.press('Enter');
    await card.getByText(/lost its init/).waitFor({ state: 'visible' });
    // With the namespace map folded away, the whole card shows under the terminal.
    await screenshotWholeCard(page, 'explainer-pid-no-fork-whole');

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

  it("explains a device that is in the container's network namespace, in the terminal it happened in", async () => {
    await typeAndSee(page, 'one', 'unshare --net sh', /^# /m);
    const pid = await shellPid(page, 'one');
    const netNs = (await typeAndSee(page, 'one', 'readlink /proc/$$/ns/net', /^net:\[(\d+)\]$/m))[1];
    await showTerminal(page, 'two', 'Terminal 2');
    await typeInto(page, 'two', `ip link add veth-h type veth peer name veth-c && ip link set veth-c netns ${pid}`);
    await typeInto(page, 'two', 'ip link set veth-c up');
    await waitForTerminalText(page, 'two', /Cannot find device "veth-c"/);
    const card = explanationCard(page, 'device-elsewhere', 'two');
    // Where the device went: the namespace Terminal 1's shell printed, and that shell's PID.
    await expect(cardText(card)).resolves.toContain(`veth-c is in the network namespace net:[${netNs}] of PID ${pid} (sh, Terminal 1)`);
    await expect(fixCommands(card)).resolves.toEqual([`nsenter --target ${pid} --net ip link set veth-c up`, 'lsns -t net']);
    await expectManLink(card, 'network_namespaces(7)');
    await expectBesideTerminal(page, card, 'two');
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
