// Sessions survive the page: a reload restores a full-screen program and the same shell; a dropped connection (or stream) loses no byte.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, terminalText, waitForTerminalText, typeInto } from './support/browser';
import type { LabProcess } from './support/lab-process';
import { withLabInBrowser } from './support/lab-in-browser';

describe('reattaching in Chromium', () => {
  let lab: LabProcess;
  let page: Page;

  // One browser context = one learner (the identity cookie), as for a person reloading a tab.
  withLabInBrowser((env) => {
    ({ lab, page } = env);
  });

  const open = async () => {
    await page.goto(`${lab.origin}/lessons/uts?testhooks=1`);
    await page.locator('[data-testid="connection-state"][data-state="live"]').first().waitFor({ timeout: 30_000 });
  };
  const typeLine = (line: string) => typeInto(page, 'one', line);
  const shellPid = async () => {
    await typeLine('clear; echo shell-pid-$$');
    const text = await waitForTerminalText(page, 'one', /^shell-pid-\d+$/m);
    return /^shell-pid-(\d+)$/m.exec(text)![1];
  };

  it('restores top after a reload, and the same shell is still there', async () => {
    await open();
    await waitForTerminalText(page, 'one', /root@lab:~# $/m);
    const pid = await shellPid();
    await typeLine('top -d 1');
    await waitForTerminalText(page, 'one', /Tasks:\s+\d+ total/);

    await page.reload();
    await page.locator('[data-testid="connection-state"][data-state="live"]').first().waitFor({ timeout: 30_000 });
    // Nothing typed since the reload: the screen comes back from the server, top and all.
    await waitForTerminalText(page, 'one', /Tasks:\s+\d+ total/);
    expect(await terminalText(page, 'one')).toMatch(/PID USER/);
    await screenshot(page, 'reattach-top');
    await page.locator('[data-testid="terminal"][data-terminal-name="one"] .xterm').click();
    await page.keyboard.press('q');
    await waitForTerminalText(page, 'one', /root@lab:~# $/m);
    expect(await shellPid()).toBe(pid);
  });

  it('delivers output that straddles a dropped connection exactly once', async () => {
    await typeLine("clear; for i in $(seq 1 1500); do echo n-$i; sleep 0.002; done; echo 'fin''ished'");
    await waitForTerminalText(page, 'one', /^n-200$/m);
    // Drop the transport as a network blip would; socket.io reconnects by itself with backoff.
    await page.evaluate(() => window.__nslabSocket!.io.engine.close());
    await page.locator('[data-testid="connection-state"][data-state="reconnecting"], [data-testid="connection-state"][data-state="connecting"]').first().waitFor({ timeout: 5_000 }).catch(() => undefined);
    await page.locator('[data-testid="connection-state"][data-state="live"]').first().waitFor({ timeout: 30_000 });
    await waitForTerminalText(page, 'one', /^finished$/m, 60_000);
    // Read the whole scrollback: every line once, in order.
    const lines = (await terminalText(page, 'one')).split('\n').filter((l) => /^n-\d+$/.test(l));
    expect(lines).toHaveLength(1500);
    expect(lines.every((l, i) => l === `n-${i + 1}`)).toBe(true);
  });

  it('loses no byte when only the terminal stream drops', async () => {
    // Keep the page's WebSockets within reach, so the test can cut the terminal stream alone.
    await page.addInitScript(() => {
      const Native = window.WebSocket;
      const opened: WebSocket[] = [];
      (window as unknown as { __webSockets: WebSocket[] }).__webSockets = opened;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          opened.push(this);
        }
      };
    });
    await open();
    await waitForTerminalText(page, 'one', /root@lab:~# $/m);
    await typeLine("clear; for i in $(seq 1 1500); do echo s-$i; sleep 0.002; done; echo 'stream''-done'");
    await waitForTerminalText(page, 'one', /^s-200$/m);
    const cut = await page.evaluate(() => {
      const streams = (window as unknown as { __webSockets: WebSocket[] }).__webSockets.filter((ws) => ws.url.includes('/terminal-stream') && ws.readyState === WebSocket.OPEN);
      for (const ws of streams) ws.close();
      return streams.length;
    });
    expect(cut).toBe(1);
    await page.locator('[data-testid="connection-state"][data-state="live"]').first().waitFor({ timeout: 30_000 });
    await waitForTerminalText(page, 'one', /^stream-done$/m, 60_000);
    const lines = (await terminalText(page, 'one')).split('\n').filter((l) => /^s-\d+$/.test(l));
    expect(lines).toHaveLength(1500);
    expect(lines.every((l, i) => l === `s-${i + 1}`)).toBe(true);
    await typeLine('echo typed-after-the-cut');
    await waitForTerminalText(page, 'one', /^typed-after-the-cut$/m);
    await screenshot(page, 'reattach-stream-cut');
  });
});
