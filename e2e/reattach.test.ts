// Sessions survive the page: a reload restores a full-screen program and the same shell; a proven drop of the connection (or the stream) loses no byte.
import { afterEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { screenshot, terminalText, waitForTerminalText, typeInto } from './support/browser';
import type { LabProcess } from './support/lab-process';
import { withLabInBrowser } from './support/lab-in-browser';

/** WebSocket.readyState values (the DOM's constants; Node's test process has no WebSocket global to read them from). */
const WebSocketState = { OPEN: 1, CLOSED: 3 } as const;

/** What the page recorded about its connection (see `watchConnection`). */
type ConnectionLog = { states: string[]; streams: { url: string; readyState: number }[] };

/**
 * Before any script of the page runs: records every state the terminal header's connection badge
 * shows (a MutationObserver sees even a short one) and keeps the page's WebSockets, so a test can
 * cut the terminal stream alone and see which streams closed and opened.
 */
function watchConnection(): void {
  const w = window as unknown as { __states: string[]; __webSockets: WebSocket[] };
  w.__states = [];
  w.__webSockets = [];
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      w.__webSockets.push(this);
    }
  };
  const record = () => {
    const state = document.querySelector('[data-testid="connection-state"]')?.getAttribute('data-state');
    if (state && state !== w.__states.at(-1)) w.__states.push(state);
  };
  new MutationObserver(record).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
}

const connectionLog = (page: Page): Promise<ConnectionLog> =>
  page.evaluate(() => {
    const w = window as unknown as { __states: string[]; __webSockets: WebSocket[] };
    const streams = w.__webSockets.filter((ws) => ws.url.includes('/terminal-stream')).map((ws) => ({ url: ws.url, readyState: ws.readyState }));
    return { states: [...w.__states], streams };
  });

/** The page was live, then showed it reconnecting, and is live again; its first terminal stream closed and its newest is open. */
function expectProvenDrop(log: ConnectionLog): void {
  const firstLive = log.states.indexOf('live');
  expect(firstLive, `states shown: ${log.states.join(' → ')}`).toBeGreaterThanOrEqual(0);
  expect(log.states.slice(firstLive), `states shown: ${log.states.join(' → ')}`).toContain('reconnecting');
  expect(log.states.at(-1)).toBe('live');
  expect(log.streams.length).toBeGreaterThanOrEqual(2);
  expect(log.streams[0]!.readyState).toBe(WebSocketState.CLOSED);
  expect(log.streams.at(-1)!.readyState).toBe(WebSocketState.OPEN);
}

describe('reattaching in Chromium', () => {
  let lab: LabProcess;
  let browser: Browser;
  let context: BrowserContext | undefined;

  withLabInBrowser((env) => {
    ({ lab, browser } = env);
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  /** A page of its own for each test: a new browser context is a new learner (the identity cookie). */
  const newLearnerPage = async (): Promise<Page> => {
    context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.addInitScript(watchConnection);
    return page;
  };
  const waitLive = (page: Page) => page.locator('[data-testid="connection-state"][data-state="live"]').first().waitFor({ timeout: 30_000 });
  const open = async (page: Page) => {
    await page.goto(`${lab.origin}/lessons/uts?testhooks=1`);
    await waitLive(page);
    await waitForTerminalText(page, 'one', /root@lab:~# $/m);
  };
  const shellPid = async (page: Page) => {
    await typeInto(page, 'one', 'clear; echo shell-pid-$$');
    const text = await waitForTerminalText(page, 'one', /^shell-pid-\d+$/m);
    return /^shell-pid-(\d+)$/m.exec(text)![1];
  };
  /** Every numbered line of the scrollback, which must be each of 1..count once, in order. */
  const expectEveryLineOnce = async (page: Page, prefix: string, count: number) => {
    const lines = (await terminalText(page, 'one')).split('\n').filter((l) => new RegExp(`^${prefix}-\\d+$`).test(l));
    expect(lines).toHaveLength(count);
    expect(lines.every((l, i) => l === `${prefix}-${i + 1}`)).toBe(true);
  };

  it('restores top after a reload, and the same shell is still there', async () => {
    const page = await newLearnerPage();
    await open(page);
    const pid = await shellPid(page);
    await typeInto(page, 'one', 'top -d 1');
    await waitForTerminalText(page, 'one', /Tasks:\s+\d+ total/);

    await page.reload();
    await waitLive(page);
    // Nothing typed since the reload: the screen comes back from the server, top and all.
    await waitForTerminalText(page, 'one', /Tasks:\s+\d+ total/);
    expect(await terminalText(page, 'one')).toMatch(/PID USER/);
    await screenshot(page, 'reattach-top');
    await page.locator('[data-testid="terminal"][data-terminal-name="one"] .xterm').click();
    await page.keyboard.press('q');
    await waitForTerminalText(page, 'one', /root@lab:~# $/m);
    expect(await shellPid(page)).toBe(pid);
  });

  it('delivers output that straddles a dropped connection exactly once', async () => {
    const page = await newLearnerPage();
    await open(page);
    await typeInto(page, 'one', "clear; for i in $(seq 1 1500); do echo n-$i; sleep 0.002; done; echo 'fin''ished'");
    await waitForTerminalText(page, 'one', /^n-200$/m);
    // Drop the transport as a network blip would; socket.io reconnects by itself with backoff.
    await page.evaluate(() => window.__nslabSocket!.io.engine.close());
    // The drop landed mid-output: the end had not arrived when the connection went.
    expect(await terminalText(page, 'one')).not.toMatch(/^finished$/m);
    await waitLive(page);
    await waitForTerminalText(page, 'one', /^finished$/m, 60_000);
    await expectEveryLineOnce(page, 'n', 1500);
    // The drop was real: the page showed it reconnecting, and its first terminal stream closed for a new one.
    expectProvenDrop(await connectionLog(page));
  });

  it('loses no byte when only the terminal stream drops', async () => {
    const page = await newLearnerPage();
    await open(page);
    await typeInto(page, 'one', "clear; for i in $(seq 1 1500); do echo s-$i; sleep 0.002; done; echo 'stream''-done'");
    await waitForTerminalText(page, 'one', /^s-200$/m);
    const cut = await page.evaluate(() => {
      const streams = (window as unknown as { __webSockets: WebSocket[] }).__webSockets.filter((ws) => ws.url.includes('/terminal-stream') && ws.readyState === WebSocket.OPEN);
      for (const ws of streams) ws.close();
      return streams.length;
    });
    expect(cut).toBe(1);
    expect(await terminalText(page, 'one')).not.toMatch(/^stream-done$/m);
    await waitLive(page);
    await waitForTerminalText(page, 'one', /^stream-done$/m, 60_000);
    await expectEveryLineOnce(page, 's', 1500);
    // The page noticed the lost stream and reconnected (socket.io too, for a fresh stream key) on a new stream.
    expectProvenDrop(await connectionLog(page));
    await typeInto(page, 'one', 'echo typed-after-the-cut');
    await waitForTerminalText(page, 'one', /^typed-after-the-cut$/m);
    await screenshot(page, 'reattach-stream-cut');
  });
});
