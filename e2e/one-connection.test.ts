// One socket.io connection per page (house rule 11): the header's name control, the catalogue's badges and a lesson's terminals share it.
import { describe, expect, it } from 'vitest';
import type { Page, WebSocket } from 'playwright-core';
import { waitForTerminalText } from './support/browser';
import { withLabInBrowser, type LabInBrowser } from './support/lab-in-browser';
import { waitUntil } from '../test/support/wait';

/** Every WebSocket and long-polling handshake the page opens, as the browser saw them. */
type Traffic = { socketIo: WebSocket[]; streams: WebSocket[]; pollingHandshakes: string[] };

/**
 * Records the page's connections from now on. A socket.io handshake is a WebSocket to /socket.io/
 * (the client tries WebSocket first) or a long-polling request there without an engine.io `sid`.
 */
function watch(page: Page): Traffic {
  const traffic: Traffic = { socketIo: [], streams: [], pollingHandshakes: [] };
  page.on('websocket', (ws) => {
    if (ws.url().includes('/socket.io/')) traffic.socketIo.push(ws);
    else if (ws.url().includes('/terminal-stream')) traffic.streams.push(ws);
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/socket.io/') && url.searchParams.get('transport') === 'polling' && !url.searchParams.has('sid')) traffic.pollingHandshakes.push(url.href);
  });
  return traffic;
}

const openNow = (sockets: WebSocket[]) => sockets.filter((ws) => !ws.isClosed()).length;

describe('one connection per page', () => {
  let lab: LabInBrowser['lab'];
  let page: Page;

  withLabInBrowser((env) => {
    ({ lab, page } = env);
  });

  it('opens one socket.io connection on the catalogue, and no terminal stream', async () => {
    const traffic = watch(page);
    await page.goto(`${lab.origin}/?testhooks=1`);
    // Both users of the connection got their answers over it: the header's name and the cards' progress.
    await page.getByTestId('display-name').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="lesson-card"][data-slug="uts"] [data-testid="card-progress"]').waitFor({ state: 'attached', timeout: 30_000 });
    expect(traffic.socketIo.map((ws) => ws.url())).toHaveLength(1);
    expect(traffic.pollingHandshakes).toEqual([]);
    expect(traffic.streams).toHaveLength(0);
    page.removeAllListeners('websocket');
    page.removeAllListeners('request');
  });

  it('opens one socket.io connection and one terminal stream on a lesson page', async () => {
    const traffic = watch(page);
    await page.goto(`${lab.origin}/lessons/uts?testhooks=1`);
    await page.locator('[data-testid="connection-state"][data-state="live"]').first().waitFor({ timeout: 30_000 });
    await waitForTerminalText(page, 'one', /root@lab:~# $/m);
    await page.getByTestId('display-name').waitFor();
    expect(traffic.socketIo.map((ws) => ws.url())).toHaveLength(1);
    expect(traffic.pollingHandshakes).toEqual([]);
    expect(traffic.streams).toHaveLength(1);
    expect([openNow(traffic.socketIo), openNow(traffic.streams)]).toEqual([1, 1]);
    page.removeAllListeners('websocket');
    page.removeAllListeners('request');
  });

  it('keeps the catalogue’s connection when a card opens a lesson without a page load', async () => {
    await page.goto(`${lab.origin}/?testhooks=1`);
    await page.getByTestId('display-name').waitFor({ timeout: 30_000 });
    const traffic = watch(page);
    // The shell's output as it arrives on the stream (the test hooks do not survive a navigation that drops the query).
    let received = '';
    page.on('websocket', (ws) => {
      if (ws.url().includes('/terminal-stream')) ws.on('framereceived', ({ payload }) => void (received += payload.toString()));
    });
    // A client-side navigation: the layout, and with it the connection, stays; the lesson adds only its terminal stream.
    await page.locator('[data-testid="lesson-card"][data-slug="uts"]').click();
    await page.locator('[data-testid="connection-state"][data-state="live"]').first().waitFor({ timeout: 30_000 });
    // The lesson's shell may be the one the earlier test left (its screen then comes in socket.io's reply): new output proves the stream.
    await page.locator('[data-testid="terminal"][data-terminal-name="one"] .xterm').click();
    await page.keyboard.type('echo one-$((6*7))');
    await page.keyboard.press('Enter');
    await waitUntil(
      () => received.includes('one-42'),
      () => `the shell's answer on the terminal stream; it carried ${JSON.stringify(received.slice(-200))}`,
      20_000,
    );
    expect(traffic.socketIo).toHaveLength(0);
    expect(traffic.pollingHandshakes).toEqual([]);
    expect(traffic.streams).toHaveLength(1);
  });
});
