// Behind a proxy that refuses WebSocket upgrades (nginx, started here): the lesson page's terminal works in Chromium over socket.io long-polling, reload and dropped connections lose nothing, and the page says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, terminalText, typeAndSee, waitForTerminalText } from './support/browser';
import { startLabProcess, type LabProcess } from './support/lab-process';
import { startBlockingProxy, type BlockingProxy } from './support/nginx-proxy';

/** The name socket.io's engine gives the transport it settled on (`polling` or `websocket`). */
const engineTransport = (page: Page) =>
  page.evaluate(() => (window as unknown as { __nslabSocket?: { io: { engine: { transport: { name: string } } } } }).__nslabSocket?.io.engine.transport.name ?? null);

describe('behind a proxy that refuses WebSocket upgrades', () => {
  let lab: LabProcess | undefined;
  let proxy: BlockingProxy | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    lab = await startLabProcess();
    proxy = await startBlockingProxy(lab.origin);
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  });
  afterAll(async () => {
    // Each in turn, whatever failed before: the browser, the proxy, then the lab.
    await browser?.close();
    await proxy?.stop();
    await lab?.stop();
  });

  const live = () => page.locator('[data-testid="connection-state"][data-state="live"]').first().waitFor({ timeout: 45_000 });
  const transportLabel = () => page.locator('[data-testid="terminal-transport"]');

  it('serves a working terminal over socket.io and says so', async () => {
    await page.goto(`${proxy!.origin}/lessons/uts?testhooks=1`);
    await live();
    await waitForTerminalText(page, 'one', /root@lab:~# $/m, 30_000);
    // The proxy really refused the WebSockets (socket.io's and the terminal stream's), and let polling through.
    const log = proxy!.accessLog();
    expect(log).toMatch(/"GET \/terminal-stream\?key=\S+ HTTP\/1\.1" 403 /);
    expect(log).toMatch(/"GET \/socket\.io\/\?EIO=4&transport=websocket\S* HTTP\/1\.1" 403 /);
    expect(log).toMatch(/"POST \/socket\.io\/\?EIO=4&transport=polling\S* HTTP\/1\.1" 200 /);
    expect(await engineTransport(page)).toBe('polling');

    await expect.poll(() => transportLabel().getAttribute('data-transport')).toBe('socket.io');
    expect(await transportLabel().textContent()).toBe('Terminal transport: via socket.io (WebSocket blocked)');

    const [, n] = await typeAndSee(page, 'one', 'echo behind-$((6*7))-proxy', /^behind-(\d+)-proxy$/m);
    expect(n).toBe('42');
    await typeAndSee(page, 'one', 'echo my-pid-$$', /^my-pid-\d+$/m);
    await screenshot(page, 'behind-proxy');
  });

  it('restores the terminal after a reload, the same shell still there', async () => {
    const before = /^my-pid-(\d+)$/m.exec(await terminalText(page, 'one'))![1];
    await page.reload();
    await live();
    // Nothing typed since the reload: the screen comes back from the server.
    await waitForTerminalText(page, 'one', new RegExp(`^my-pid-${before}$`, 'm'));
    await expect.poll(() => transportLabel().getAttribute('data-transport')).toBe('socket.io');
    const [, after] = await typeAndSee(page, 'one', 'echo again-$$', /^again-(\d+)$/m);
    expect(after).toBe(before);
  });

  it('delivers output that straddles a dropped connection exactly once (replay from its sequence number)', async () => {
    await typeAndSee(page, 'one', "clear; for i in $(seq 1 1500); do echo n-$i; sleep 0.002; done; echo 'fin''ished'", /^n-200$/m);
    // Drop socket.io's transport (the long-poll) as a network blip would; it reconnects by itself.
    await page.evaluate(() => window.__nslabSocket!.io.engine.close());
    await live();
    await waitForTerminalText(page, 'one', /^finished$/m, 60_000);
    const lines = (await terminalText(page, 'one')).split('\n').filter((l) => /^n-\d+$/.test(l));
    expect(lines).toHaveLength(1500);
    expect(lines.every((l, i) => l === `n-${i + 1}`)).toBe(true);
    expect(await engineTransport(page)).toBe('polling');
  });

  it('says "direct" where nothing blocks the WebSocket', async () => {
    const direct = await browser!.newPage();
    try {
      await direct.goto(`${lab!.origin}/lessons/uts?testhooks=1`);
      await direct.locator('[data-testid="connection-state"][data-state="live"]').first().waitFor({ timeout: 45_000 });
      await expect.poll(() => direct.locator('[data-testid="terminal-transport"]').getAttribute('data-transport')).toBe('direct');
      expect(await direct.locator('[data-testid="terminal-transport"]').textContent()).toBe('Terminal transport: direct');
    } finally {
      await direct.close();
    }
  });
});
