// A learner's first minutes, in real Chromium: catalogue → UTS lesson → typing into a live sandboxed terminal.
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { waitUntil } from '../test/support/wait';
import { screenshot, terminalText, typeAndSee, waitForTerminalText } from './support/browser';
import type { LabProcess } from './support/lab-process';
import { withLabInBrowser } from './support/lab-in-browser';

describe('the UTS lesson in Chromium', () => {
  let lab: LabProcess;
  let page: Page;
  const hostHostname = os.hostname();

  withLabInBrowser((env) => {
    ({ lab, page } = env);
  });

  const typeLine = async (line: string) => {
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  };
  const terminalSize = () =>
    page.evaluate(() => {
      const t = (window as unknown as { __nslabTerminals: Record<string, { cols: number; rows: number }> }).__nslabTerminals.one!;
      return `${t.rows} ${t.cols}`;
    });

  it('shows the catalogue with the UTS lesson', async () => {
    expect(lab.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    await page.goto(lab.url);
    // By slug: other lessons' summaries mention UTS too.
    const card = page.locator('[data-testid="lesson-card"][data-slug="uts"]');
    await expect(card.count()).resolves.toBe(1);
    await screenshot(page, 'catalogue');
    await card.click();
    await page.waitForURL(/\/lessons\/uts/);
  });

  it('opens a live root shell in the sandbox beside the lesson', async () => {
    await page.goto(`${lab.origin}/lessons/uts?testhooks=1`);
    await page.locator('[data-testid="connection-state"][data-state="live"]').first().waitFor({ timeout: 30_000 });
    await waitForTerminalText(page, 'one', /root@lab:~# $/m);
    await expect(page.getByRole('heading', { name: /UTS/ }).first().isVisible()).resolves.toBe(true);
  });

  it('runs unshare for real: a new hostname inside, the old one outside', async () => {
    await page.locator('[data-testid="terminal"][data-terminal-name="one"] .xterm').click();
    await typeLine(`unshare --uts sh -c 'hostname foo; hostname'`);
    await waitForTerminalText(page, 'one', /^foo$/m);
    await typeLine('hostname');
    await waitForTerminalText(page, 'one', /hostname\nlab\n/);
    expect(os.hostname()).toBe(hostHostname);
    await screenshot(page, 'uts-lesson');
  });

  it('keeps the pty the size of the pane, also after the window is resized', async () => {
    await typeLine('clear; stty size');
    const size = await terminalSize();
    await waitForTerminalText(page, 'one', new RegExp(`^${size}$`, 'm'));
    await page.setViewportSize({ width: 1000, height: 600 });
    await page.waitForFunction((old) => {
      const t = (window as unknown as { __nslabTerminals: Record<string, { cols: number; rows: number }> }).__nslabTerminals.one!;
      return `${t.rows} ${t.cols}` !== old;
    }, size);
    // The pane may settle through more than one size: ask the pty until it agrees with the pane as it is now.
    await waitUntil(
      async () => {
        const [shown] = await typeAndSee(page, 'one', 'stty size', /^\d+ \d+$/m);
        return shown === (await terminalSize());
      },
      async () => `the pty to be the pane's size (${await terminalSize()}); the terminal shows:\n${await terminalText(page, 'one')}`,
      20_000,
    );
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  it('renders full-screen programs: top, less and vim', async () => {
    await typeLine('top');
    await waitForTerminalText(page, 'one', /Tasks:\s+\d+ total/);
    await screenshot(page, 'top');
    await page.keyboard.press('q');
    await waitForTerminalText(page, 'one', /root@lab:~# $/m);

    await typeLine('seq 1000 | less');
    await waitForTerminalText(page, 'one', /^:$/m);
    await page.keyboard.press('G');
    await waitForTerminalText(page, 'one', /^1000$/m);
    await page.keyboard.press('q');

    await typeLine('vi /tmp/note.txt');
    await waitForTerminalText(page, 'one', /^~\s*$/m);
    await page.keyboard.type('ihello from vim');
    await page.keyboard.press('Escape');
    await typeLine(':wq');
    await typeLine('clear; cat /tmp/note.txt');
    await waitForTerminalText(page, 'one', /^hello from vim$/m);
  });

  it('reads the screen through screen-reader mode', async () => {
    const toggle = page.getByTestId('screen-reader-toggle').first();
    await toggle.click();
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('true');
    await page.locator('[data-testid="terminal"][data-terminal-name="one"] .xterm').click();
    await typeLine('echo spoken-$((6*7))');
    await page.waitForFunction(() => (document.querySelector('.xterm-accessibility-tree')?.textContent ?? '').includes('spoken-42'));
    await toggle.click();
  });

  it('types a lesson command with its Run button', async () => {
    await page.getByTestId('run-button').first().click();
    await waitForTerminalText(page, 'one', /uts:\[\d+\]/);
    expect(await terminalText(page, 'one')).toContain('readlink /proc/$$/ns/uts');
  });
});
