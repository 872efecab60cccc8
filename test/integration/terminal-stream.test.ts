// The terminal stream: only the page that named its key may open it, bad frames get a notice, and losing it reconnects the page.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { streamUrl } from '../../core/client/terminal-stream';
import { PROTOCOL_VERSION, StreamFrameKind, encodeInput } from '../../core/protocol';
import { connectClient, newLearnerCookie, startTestLab, whenConnected, type LabClient, type TestLab } from '../support/lab';
import { TerminalClient } from '../support/terminal-client';
import { waitUntil } from '../support/wait';
import { stringMatching } from '../support/matchers';

/** Opens a raw stream WebSocket; resolves with it once open, or with the HTTP status of the refusal. */
function openRaw(url: string, headers: Record<string, string>): Promise<{ ws: WebSocket } | { status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once('error', (e) => reject(e));
  });
}

const noticesOf = (client: LabClient): string[] => {
  const notices: string[] = [];
  client.on('server:notice', (n) => notices.push(`${n.error.code}: ${n.error.message}`));
  return notices;
};

describe('the terminal stream', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startTestLab();
  });
  afterAll(async () => lab?.dispose());

  it('opens only for the page that named its key, from the lab origin, once', async () => {
    const cookie = newLearnerCookie();
    const client = connectClient(lab, { cookie, openStream: false });
    await whenConnected(client);
    const url = streamUrl(lab.server.origin, client.streamKey);
    const origin = lab.server.origin;

    expect(await openRaw(url, { cookie })).toMatchObject({ status: 403, body: stringMatching(/Origin/) });
    expect(await openRaw(url, { origin: 'http://evil.example', cookie })).toMatchObject({ status: 403 });
    expect(await openRaw(streamUrl(origin, randomBytes(18).toString('base64url')), { origin, cookie })).toMatchObject({ status: 404 });
    // Another learner who learnt the key gets nothing either.
    expect(await openRaw(url, { origin, cookie: newLearnerCookie() })).toMatchObject({ status: 404 });

    const opened = await openRaw(url, { origin, cookie });
    expect(opened).toHaveProperty('ws');
    expect(await openRaw(url, { origin, cookie })).toMatchObject({ status: 403, body: stringMatching(/already in use/) });
    (opened as { ws: WebSocket }).ws.close();
    client.close();
  });

  it('answers malformed frames with a notice and keeps the shell working', async () => {
    const client = connectClient(lab, { openStream: false });
    await whenConnected(client);
    const notices = noticesOf(client);
    const opened = await openRaw(streamUrl(lab.server.origin, client.streamKey), { origin: lab.server.origin });
    if (!('ws' in opened)) throw new Error(`stream refused: ${opened.status}`);
    const { ws } = opened;
    ws.send('a text message');
    ws.send(Uint8Array.of(StreamFrameKind.input, 1));
    ws.send(Uint8Array.of(0x7f, 1, 65));
    ws.send(encodeInput('no-such-terminal', Buffer.from('ls\r')));
    await waitUntil(() => notices.length >= 4, 'four notices');
    expect(notices).toEqual([
      stringMatching(/^bad_request: terminal stream: .*binary frames only/),
      stringMatching(/^bad_request: terminal stream: .*too short/),
      stringMatching(/^bad_request: terminal stream: unknown frame kind/),
      stringMatching(/^not_found: that terminal does not exist any more/),
    ]);
    ws.close();
    client.close();

    // Still serving, and a well-behaved page gets its shell.
    const fresh = connectClient(lab);
    await whenConnected(fresh);
    const term = await TerminalClient.open(fresh, 'uts');
    expect(await term.run('echo still-$((40+2))')).toContain('still-42');
    fresh.close();
  });

  it('drops the page’s socket.io connection when its stream is lost, so the page reconnects both', async () => {
    const client = connectClient(lab);
    await whenConnected(client);
    const reasons: string[] = [];
    client.on('disconnect', (reason) => reasons.push(reason));
    // The stream goes away under the page (a proxy timing it out, a network blip on that one connection).
    (client.stream as unknown as { socket: { close(): void } }).socket.close();
    await waitUntil(() => reasons.length > 0, 'the socket.io disconnect');
    // A transport close, not a server's disconnect: socket.io reconnects by itself after it.
    expect(reasons).toEqual(['transport close']);
    client.close();
  });

  it('refuses a handshake without a stream key, as from a page of an older version', async () => {
    const client = connectClient(lab, { openStream: false });
    await whenConnected(client);
    (client as unknown as { auth: unknown }).auth = { protocolVersion: PROTOCOL_VERSION };
    client.disconnect().connect();
    const refusal = await new Promise<Error>((resolve) => client.once('connect_error', resolve));
    expect(refusal.message).toMatch(/reload the page/);
    client.close();
  });
});
